import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAssessForm, parseConsentForm } from "../../src/bot/forms.js";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, message } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { VALID_ASSESS, VALID_CONSENT } from "../fixtures/forms.js";

// CONTRACT v3: each new card input reaches the engine through the bot, and the result shows it.
const SU = "https://smba.example.test/emea/";
let h: Awaited<ReturnType<typeof routeHarness>>;
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

type Element = { id?: string; text?: string; choices?: { title: string; value: string }[] };
const bodyOf = (card: unknown) => (card as { body: Element[] }).body;
const send = async (verb: string, values: object, locale?: string) =>
  cardOf((await h.turn(execute(SU, verb, values, locale ? { locale } : {})))[0]);
/** The text shown right below the input with this id (its error, when there is one). */
const below = (card: unknown, id: string) => {
  const ids = bodyOf(card).map((e) => e.id ?? e.text);
  return ids[ids.indexOf(id) + 1];
};

describe("consent form v3: compulsory care and the 18th birthday", () => {
  it("asks for compulsory care and the 18th birthday, in Swedish and English", async () => {
    const sv = cardOf((await h.turn(message(SU, "samtycke")))[0]);
    const care = bodyOf(sv).find((e) => e.id === "compulsoryCare");
    expect(care?.choices?.map((c) => c.value)).toEqual(["none", "LVM", "LPT", "LRV"]);
    expect(JSON.stringify(sv)).toContain('"type":"Input.Date","id":"turns18On"');
    const text = cardText(sv);
    for (const label of ["Tvångsvård (LVM, LPT, LRV)", "Fyller 18 den", "(kan pågå till 21 år)"])
      expect(text).toContain(label);
    const en = cardText(cardOf((await h.turn(message(SU, "consent", { locale: "en-US" })))[0]));
    for (const label of [
      "Compulsory care (LVM, LPT, LRV)",
      "Turns 18 on",
      "LPT – compulsory psychiatric care",
    ])
      expect(en).toContain(label);
  });

  it("parses them into the engine input; absent ones stay absent", () => {
    const form = parseConsentForm(
      { ...VALID_CONSENT, compulsoryCare: "LPT", turns18On: "2028-03-01" },
      "national",
      "2026-11-26",
    );
    expect(form.ok && form.input).toMatchObject({ compulsoryCare: "LPT", turns18On: "2028-03-01" });
    const old = parseConsentForm({ ...VALID_CONSENT, compulsoryCare: "none" }, "national", "2026-11-26");
    expect(old.ok && old.input.compulsoryCare).toBeUndefined();
    expect(old.ok && old.input.turns18On).toBeUndefined();
  });

  it("shows when new consent is needed from the young person on the verdict card (sv and en)", async () => {
    const values = { ...VALID_CONSENT, turns18On: "2028-03-01", compulsoryCare: "LPT" };
    const sv = cardText(await send(VERBS.submitConsent, values));
    expect(sv).toContain("Nytt samtycke behövs från den unge 1 mars 2028");
    expect(sv).toContain("Den unge fyller 18 år den 1 mars 2028.");
    expect(sv).toContain("samordnad vårdplan");
    const en = cardText(await send(VERBS.submitConsent, values, "en-US"));
    expect(en).toContain("New consent is needed from the young person on 1 March 2028");
    expect(cardText(await send(VERBS.submitConsent, VALID_CONSENT))).not.toContain("Nytt samtycke behövs");
  });

  it("puts the error beside the field: a birthday that does not fit the age, LVU from 21", async () => {
    const late = await send(VERBS.submitConsent, { ...VALID_CONSENT, turns18On: "2030-01-01" });
    expect(below(late, "turns18On")).toBe(
      "Ange ett datum som ÅÅÅÅ-MM-DD som stämmer med åldern (bara för barn under 18 år).",
    );
    const adult = {
      ...VALID_CONSENT,
      age: "21",
      guardian1: "none",
      guardian2: "none",
      personConsent: "given",
      lvuInCare: "true",
    };
    const lvu = await send(VERBS.submitConsent, adult, "en-US");
    expect(cardText(lvu)).toContain("Care under LVU ends at the latest when the young person turns 21.");
    expect(cardText(await send(VERBS.submitConsent, { ...adult, age: "20" }))).toContain(
      "Personen vårdas enligt LVU (kan pågå till 21 år).",
    );
  });
});

describe("assessment form v3: where the person is discharged to", () => {
  it("asks where the person goes, in Swedish and English", async () => {
    const sv = cardOf((await h.turn(message(SU, "bedöm")))[0]);
    const to = bodyOf(sv).find((e) => e.id === "dischargeTo");
    expect(to?.choices?.map((c) => c.value)).toEqual(["none", "home", "special_housing", "opt", "orv"]);
    const text = cardText(sv);
    for (const label of [
      "Vart skrivs personen ut?",
      "Hem",
      "Särskilt boende",
      "Öppen psykiatrisk tvångsvård (ÖPT)",
    ])
      expect(text).toContain(label);
    const en = cardText(cardOf((await h.turn(message(SU, "assess", { locale: "en-GB" })))[0]));
    expect(en).toContain("Where is the person discharged to?");
    expect(en).toContain("Outpatient forensic psychiatric care (ÖRV)");
  });

  it("parses it, and an unknown value is marked beside the field", async () => {
    const form = parseAssessForm({ ...VALID_ASSESS, dischargeTo: "orv" }, "national");
    expect(form.ok && form.input.dischargeTo).toBe("orv");
    const none = parseAssessForm({ ...VALID_ASSESS, dischargeTo: "none" }, "national");
    expect(none.ok && none.input.dischargeTo).toBeUndefined();
    const card = await send(VERBS.submitAssess, { ...VALID_ASSESS, dischargeTo: "sjukhem" });
    expect(below(card, "dischargeTo")).toBe("Välj ett av alternativen.");
  });

  it("ÖPT: the coordinated care plan on the result card", async () => {
    const text = cardText(await send(VERBS.submitAssess, { ...VALID_ASSESS, dischargeTo: "opt" }));
    expect(text).toContain("samordnad vårdplan enligt lagen (2017:612)");
    expect(text).toContain("Lag (1991:1128) om psykiatrisk tvångsvård (LPT)");
  });

  it("an existing SIP at discharge: revise, with the kallelse deadline and no KVÅ code", async () => {
    const card = await send(VERBS.submitAssess, { ...VALID_ASSESS, existingSip: "true" });
    const text = cardText(card);
    expect(text).toContain("Följ upp och revidera befintlig SIP");
    expect(text).toContain("Kallelse till SIP vid utskrivning skickas senast");
    expect(text).toContain("30 november 2026"); // 3 days after the notice of 27 November
    expect(text).toContain("kallelsen till uppföljning och revidering av den befintliga planen");
    expect(text).not.toContain("KVÅ-kod");
    const en = cardText(await send(VERBS.submitAssess, { ...VALID_ASSESS, existingSip: "true" }, "en-US"));
    expect(en).toContain("Kallelse to the discharge SIP sent by");
  });
});
