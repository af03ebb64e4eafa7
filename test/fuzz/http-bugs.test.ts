import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { looksLikePersonnummer } from "../../src/bot/pnr-guard.js";
import { base, cardOf, cardText, execute, membersAdded, message } from "../helpers/activities.js";
import { multiUser } from "../helpers/multi-user.js";

/**
 * The smallest reproductions of what the HTTP fuzz test (http-fuzz.test.ts) found. Each one
 * states the behaviour the server should have, not the fix, so any of the fixes suggested in
 * the report turns it green.
 */
// The real server and a fake Bot Connector for this file (no users installed).
const h = multiUser({});

const turnErrors = () => h.server.logLines.filter((l) => l.includes('"event":"turn_error'));
async function post(activity: Partial<Activity> | Record<string, unknown>) {
  h.connector.clear();
  h.server.logLines.splice(0);
  const res = await h.server.post(activity);
  return { status: res.status, body: await res.text() };
}

describe("5xx: invokes that no route handles are answered 501 Not Implemented", () => {
  it("an invoke with an unknown name gets no 5xx", async () => {
    const res = await post({
      ...base(h.connector.serviceUrl),
      type: "invoke",
      name: "task/fetch",
      value: {},
    });
    expect(res.status).toBeLessThan(500);
  });

  it.each([
    ["value null", null],
    ["no action", { trigger: "manual" }],
    ["verb a number", { action: { type: "Action.Execute", verb: 42, data: {} } }],
    [
      "action.type not Action.Execute",
      { action: { type: "Action.Submit", verb: "assess.submit", data: {} } },
    ],
  ])("an Action.Execute with %s gets HTTP 200 and an error card", async (_name, value) => {
    const res = await post({ ...execute(h.connector.serviceUrl, "x", {}), value });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body || "{}") as { type?: string; value?: unknown };
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(body.value)).toMatch(/känns inte igen|gick att läsa/);
  });
});

const su = () => h.connector.serviceUrl;
const hjälp = (extra: Record<string, unknown>) => ({ ...message(su(), "hjälp"), ...extra });
const conv = (id: string) => ({ ...base(su()).conversation, id }) as Activity["conversation"];

describe("turn errors: the edge accepts activities that then throw deep in the turn", () => {
  // Each answer must be either a 400 from the edge, or a turn that runs: no turn_error, a reply sent.
  it.each<[string, () => Record<string, unknown>]>([
    [
      "a NUL in conversation.id (Postgres: unsupported Unicode escape)",
      () => hjälp({ conversation: conv("a:c\u0000") }),
    ],
    ["a lone surrogate in from.id (Postgres: invalid json)", () => hjälp({ from: { id: "29:\ud800" } })],
    [
      "an emoji in conversation.id (Node: invalid header character)",
      () => hjälp({ conversation: conv("a:😀") }),
    ],
    ["from.name a number (botbuilder serializer)", () => hjälp({ from: { id: "29:u", name: 5 } })],
    [
      "conversation.isGroup a string (botbuilder serializer)",
      () => hjälp({ conversation: { id: "c", isGroup: "ja" } }),
    ],
    ["the activity id an object (botbuilder serializer)", () => ({ ...hjälp({}), id: {} })],
    ["entities a string (teams-ai reads entity.type)", () => hjälp({ entities: "x" })],
  ])("%s", async (_name, activity) => {
    const res = await post(activity());
    if (res.status === 400) return;
    expect(res.status).toBe(200);
    expect(turnErrors()).toEqual([]);
    expect(cardText(cardOf(h.connector.sent()[0] as Partial<Activity>))).toContain("Bedöm behov");
  });

  it("membersAdded holding null (the membersAdded handler reads m.id)", async () => {
    const res = await post({ ...membersAdded(su()), membersAdded: [null, { id: "28:sip-lotsen" }] });
    if (res.status === 400) return;
    expect(turnErrors()).toEqual([]);
  });
});

describe("privacy: a personnummer outside text and value reaches the log", () => {
  it.each<[string, () => Record<string, unknown>]>([
    [
      "inside an error message (recipient.name a number)",
      () => hjälp({ recipient: { id: "28:b", name: 1212121212 } }),
    ],
    ["as the activity type", () => ({ ...hjälp({ conversation: conv("a:c\u0000") }), type: "121212-1212" })],
  ])("%s", async (_name, activity) => {
    await post(activity());
    const lines = h.server.logLines.map((l) => l.replace(/"time":\d+,/, ""));
    expect(lines.filter(looksLikePersonnummer)).toEqual([]);
  });
});
