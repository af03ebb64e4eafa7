import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { BOT, cardOf, cardText, execute, message } from "../helpers/activities.js";
import { multiUser } from "../helpers/multi-user.js";

// The real server and a fake Bot Connector for this file (no users installed).
const h = multiUser({});

const su = () => h.connector.serviceUrl;
const turnErrors = () => h.server.logLines.filter((l) => l.includes('"event":"turn_error'));

async function send(path: string, init: RequestInit = {}) {
  h.server.logLines.splice(0);
  const res = await fetch(`${h.server.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text };
}
const postRaw = (body: string, headers: Record<string, string>) =>
  send("/api/messages", { method: "POST", headers, body });
const postJson = (body: unknown) => postRaw(JSON.stringify(body), { "content-type": "application/json" });

describe("error bodies tell the truth", () => {
  it.each(["GET", "POST"])("%s on an unknown path → 404 with a JSON body", async (method) => {
    const r = await send("/nowhere", { method, ...(method === "POST" ? { body: "{}" } : {}) });
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/^application\/json/);
    expect(JSON.parse(r.text)).toEqual({ error: "Not found" });
  });

  it("a printable-invitation link that is not valid percent-encoding → 404, as for any unknown link", async () => {
    const r = await send("/kallelse/%ff");
    expect(r.status).toBe(404);
    expect(r.text).toMatch(/Länken är ogiltig/);
  });

  it.each(["latin1", "iso-8859-1"])("a charset other than UTF-8 (%s) → 415 naming it", async (charset) => {
    const r = await postRaw(JSON.stringify(message(su(), "hjälp")), {
      "content-type": `application/json; charset=${charset}`,
    });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.text).error).toContain(`charset "${charset}"`);
  });

  it.each(["br", "x-unknown"])("a Content-Encoding we cannot read (%s) → 415 naming it", async (encoding) => {
    const r = await postRaw(JSON.stringify(message(su(), "hjälp")), {
      "content-type": "application/json",
      "content-encoding": encoding,
    });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.text).error).toContain(`Content-Encoding "${encoding}"`);
  });

  it("a body that is not JSON at all (text/plain) → 415 naming the type", async () => {
    const r = await postRaw(JSON.stringify(message(su(), "hjälp")), { "content-type": "text/plain" });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.text).error).toContain("text/plain");
  });

  it("JSON that is not an object → 400 saying what it is; only unreadable JSON is 'Invalid JSON'", async () => {
    for (const [body, what] of [
      ["[]", "an array"],
      ['"x"', "a string"],
      ["3", "a number"],
      ["null", "null"],
    ]) {
      const r = await postRaw(body ?? "", { "content-type": "application/json" });
      expect(r.status, body).toBe(400);
      expect(JSON.parse(r.text).error).toBe(`The body must be a JSON object (an activity), not ${what}`);
    }
    const broken = await postRaw("{not json", { "content-type": "application/json" });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).error).toBe("Invalid JSON");
  });
});

describe("inbound text is clean before it reaches a turn (PostgreSQL refuses NUL and broken UTF-16)", () => {
  const problemsOf = (text: string) => (JSON.parse(text) as { problems: string[] }).problems;

  it.each([
    ["a NUL in a card field", { p1Contribution: "Samordning\u0000" }, "value.action.data.p1Contribution"],
    [
      "a lone surrogate deep in card data",
      { rows: [{}, { name: "x\ud800" }] },
      "value.action.data.rows.1.name",
    ],
    ["a NUL in a key of card data", { ["p\u0000"]: "x" }, 'value.action.data."p\\u0000"'],
  ])("%s → 400 naming the field", async (_name, data, path) => {
    const r = await postJson(execute(su(), VERBS.submitKallelse, data));
    expect(r.status).toBe(400);
    expect(problemsOf(r.text)).toContainEqual(`${path}: must not contain NUL or unpaired surrogates`);
    expect(turnErrors()).toEqual([]);
  });

  it("a NUL at the bottom of 100,000 levels of nesting → 400, the path shortened (no stack overflow)", async () => {
    const depth = 100_000;
    const body = JSON.stringify({ ...message(su(), "hjälp"), channelData: { deep: "X" } }).replace(
      '"X"',
      `${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`,
    );
    const r = await postRaw(body, { "content-type": "application/json" });
    expect(r.status).toBe(400);
    expect(problemsOf(r.text)).toEqual([
      "channelData.deep.0.0.0.0.….0.0.0.0.0.0: must not contain NUL or unpaired surrogates",
    ]);
  });

  it("a mention entity without `mentioned` → 400 naming it (teams-ai reads it to strip the bot's @mention)", async () => {
    const r = await postJson({
      ...message(su(), "hjälp"),
      entities: [{ type: "mention", text: "<at>x</at>" }],
    });
    expect(r.status).toBe(400);
    expect(problemsOf(r.text).join("\n")).toMatch(/^entities\.0\.mentioned: /m);
    expect(turnErrors()).toEqual([]);

    // A Teams @mention of the bot is stripped and the command still works.
    h.connector.clear();
    const mention = { type: "mention", text: "<at>SIP-lotsen</at>", mentioned: BOT };
    const ok = await postJson({ ...message(su(), "<at>SIP-lotsen</at> hjälp"), entities: [mention] });
    expect(ok.status).toBe(200);
    expect(cardText(cardOf(h.connector.sent()[0]))).toContain("Bedöm behov");
  });

  it("a message carrying a mention but no text → 400 naming text", async () => {
    const mention = { type: "mention", text: "<at>SIP-lotsen</at>", mentioned: BOT };
    const r = await postJson({ ...message(su(), "hjälp"), text: undefined, entities: [mention] });
    expect(r.status).toBe(400);
    expect(problemsOf(r.text).join("\n")).toMatch(/^text: /m);
  });
});
