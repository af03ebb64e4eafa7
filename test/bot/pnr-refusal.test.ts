import type { Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { STRINGS } from "../../src/cards/render.js";
import { base, cardOf, cardText, execute, message } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { fieldMark, inputValue } from "../helpers/cards.js";
import { VALID_ASSESS, VALID_CONSENT } from "../fixtures/forms.js";

/**
 * A personnummer in a card submit (issue 8): the same form comes back with the user's values
 * and the field marked, nothing stored or logged; other verbs and chat text get the notice card;
 * a typeahead query gets an empty result list. Numbers here pass the Luhn check (pnr-guard.test.ts).
 */
const SU = "https://smba.example.test/emea/";
const sv = STRINGS.sv.notice;
const en = STRINGS.en.notice;
let h: Awaited<ReturnType<typeof routeHarness>>;
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

/** Runs one turn; the reply and what the turn logged. */
async function turn(activity: Partial<Activity>) {
  const before = h.logLines.length;
  const replies = await h.turn(activity);
  return { reply: replies[0], logged: h.logLines.slice(before).join("\n") };
}

describe("a personnummer in a form submit: the form again, values kept, the field marked", () => {
  it("assessment: the date field holding it is marked, every typed value kept", async () => {
    const typed = { ...VALID_ASSESS, identifiedOn: "850322 2393", reporterRole: "school" };
    const { reply, logged } = await turn(execute(SU, VERBS.submitAssess, typed));
    expect(reply?.type).toBe("invokeResponse");
    const card = cardOf(reply);
    expect(inputValue(card, "identifiedOn")).toBe("850322 2393");
    expect(inputValue(card, "reporterRole")).toBe("school");
    expect(inputValue(card, "dischargeNoticeOn")).toBe("2026-11-27");
    expect(fieldMark(card, "identifiedOn")).toBe(sv.pnrField);
    expect(fieldMark(card, "dischargeNoticeOn")).toBeUndefined();
    expect(cardText(card)).toContain(sv.fixFields);
    // Logged: the event, the verb and the field name; never the number.
    expect(logged).toContain('"event":"pnr_refused"');
    expect(logged).toContain('"invoke":"assess.submit"');
    expect(logged).toContain('"fields":["identifiedOn"]');
    expect(logged).not.toMatch(/2393/);
    const stored = await h.db.query<{ doc: unknown }>("SELECT doc FROM bot_state");
    expect(JSON.stringify(stored)).not.toContain("2393");
  });

  it("consent: age and expiry marked, in English for an English client", async () => {
    const typed = { ...VALID_CONSENT, age: "19850324 - 2391", expiresOn: "１９８５０３２２２３９３" };
    const { reply, logged } = await turn(execute(SU, VERBS.submitConsent, typed, { locale: "en-US" }));
    const card = cardOf(reply);
    expect(inputValue(card, "age")).toBe("19850324 - 2391");
    expect(inputValue(card, "guardian1")).toBe("given");
    expect(fieldMark(card, "age")).toBe(en.pnrField);
    expect(fieldMark(card, "expiresOn")).toBe(en.pnrField);
    expect(fieldMark(card, "region")).toBeUndefined();
    expect(logged).toContain('"fields":["age","expiresOn"]');
    expect(logged).not.toMatch(/2391|２３９３/);
  });

  it("consent for a case taken over from a flag keeps the case id on the form", async () => {
    const caseId = "0b6f6c1e-8f43-4d33-9a56-4a3e3c3e9b11";
    const typed = { ...VALID_CONSENT, age: "850322-2393", caseId };
    const { reply } = await turn(execute(SU, VERBS.submitConsent, typed));
    expect(JSON.stringify(cardOf(reply))).toContain(caseId);
    expect(fieldMark(cardOf(reply), "age")).toBe(sv.pnrField);
  });
});

describe("a personnummer that no form field can show: the notice card", () => {
  it.each<[string, string, Record<string, unknown>]>([
    ["in a checkbox", VERBS.submitConsent, { ...VALID_CONSENT, lvuInCare: "850322-2393" }],
    ["in a key the form does not have", VERBS.submitAssess, { ...VALID_ASSESS, note: "850322-2393" }],
    ["for a verb without a form", VERBS.refreshInvite, { inviteeId: "850322-2393" }],
    ["as the verb itself", "850322-2393", {}],
  ])("%s", async (_what, verb, data) => {
    const { reply, logged } = await turn(execute(SU, verb, data));
    const text = cardText(cardOf(reply));
    expect(text).toContain(sv.pnrTitle);
    expect(text).toContain(sv.pnrText);
    expect(text).not.toContain("2393");
    expect(logged).toContain("pnr_refused");
    expect(logged).not.toContain("2393");
  });

  it("refuses chat text with the notice card, however the number is written", async () => {
    for (const text of ["Gäller 850324 - 2391", "pnr 85 03 25-2390", "19850382\u00a02390 behöver SIP"]) {
      const { reply, logged } = await turn(message(SU, text));
      expect(cardText(cardOf(reply))).toContain(sv.pnrText);
      expect(logged).not.toMatch(/239[01]/);
    }
  });

  it("lets a sentence of dates, times and phone numbers through to the knowledge base", async () => {
    // 0701234567 has a date's shape (07-01-23) but fails the Luhn check: no longer refused.
    for (const text of [
      "Mötet 2026-12-17 kl 09:30, ring 070-123 45 67, rum 1204",
      "Mötet 2026-12-17 kl 09:30, ring 0701234567",
    ]) {
      const { reply } = await turn(message(SU, text));
      expect(cardText(cardOf(reply))).not.toContain(sv.pnrTitle);
    }
  });
});

describe("a personnummer in a typeahead query", () => {
  const search = (queryText: string): Partial<Activity> => ({
    ...base(SU),
    type: "invoke",
    name: "application/search",
    value: { queryText, dataset: "sip.users", queryOptions: { skip: 0, top: 15 } },
  });
  const SEARCH_RESPONSE = "application/vnd.microsoft.search.searchResponse";

  it("gets an empty search response, shaped as teams-ai answers any query", async () => {
    const { reply, logged } = await turn(search("19850322 2393"));
    expect(reply?.type).toBe("invokeResponse");
    expect(reply?.value).toEqual({ status: 200, body: { type: SEARCH_RESPONSE, value: { results: [] } } });
    expect(logged).toContain('"invoke":"search"');
    expect(logged).not.toContain("2393");
    // An ordinary query: the same shape, from the route.
    const ordinary = (await turn(search("Test"))).reply?.value as { status: number; body: { type: string } };
    expect(ordinary.status).toBe(200);
    expect(ordinary.body.type).toBe(SEARCH_RESPONSE);
  });
});
