import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, message } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { VALID_CONSENT } from "../fixtures/forms.js";

/** Issue 9: how and when consent was given, its scope, and the journal note on the verdict card. */
const SU = "https://smba.example.test/emea/";
let h: Awaited<ReturnType<typeof routeHarness>>;
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

type Element = { id?: string; text?: string; choices?: { title: string; value: string }[] };
const bodyOf = (card: unknown) => (card as { body: Element[] }).body;
const scoped = {
  ...VALID_CONSENT,
  consentForm: "oral",
  consentGivenOn: "2026-11-20",
  excludedServices: "skola,narstaende",
};

describe("consent form v2: how, when and for which services", () => {
  it("asks how and when consent was given, and which services are left out, in both languages", async () => {
    const sv = cardOf((await h.turn(message(SU, "samtycke")))[0]);
    const json = JSON.stringify(sv);
    expect(json).toContain('"type":"Input.Date","id":"consentGivenOn"');
    const how = bodyOf(sv).find((e) => e.id === "consentForm");
    expect(how?.choices?.map((c) => c.value)).toEqual(["none", "written", "oral", "presumed"]);
    expect(how?.choices?.map((c) => c.title)).toContain("Muntligt");
    const excluded = bodyOf(sv).find((e) => e.id === "excludedServices") as Element & {
      isMultiSelect?: boolean;
    };
    expect(excluded?.isMultiSelect).toBe(true);
    expect(excluded?.choices).toHaveLength(8);
    expect(excluded?.choices).toContainEqual({ title: "Skola", value: "skola" });
    expect(cardText(sv)).toContain(
      "Verksamheter personen inte vill ska delta / har återkallat samtycket för",
    );
    const en = cardOf((await h.turn(message(SU, "consent", { locale: "en-US" })))[0]);
    expect(cardText(en)).toContain("How consent was obtained");
    expect(bodyOf(en).find((e) => e.id === "excludedServices")?.choices).toContainEqual({
      title: "School",
      value: "skola",
    });
    expect(json).not.toContain("${");
  });

  it("puts an error beside the field: a date after today, a service that does not exist", async () => {
    const submit = async (typed: object) =>
      cardOf((await h.turn(execute(SU, VERBS.submitConsent, { ...scoped, ...typed })))[0]);
    const late = bodyOf(await submit({ consentGivenOn: "2026-12-24" })).map((e) => e.id ?? e.text);
    expect(late[late.indexOf("consentGivenOn") + 1]).toBe("Ange ett datum som ÅÅÅÅ-MM-DD, senast i dag.");
    const card = await submit({ excludedServices: "skola,cirkus" });
    const body = bodyOf(card).map((e) => e.id ?? e.text);
    expect(body[body.indexOf("excludedServices") + 1]).toBe("Välj bland alternativen.");
    // The user's picks are kept for them to correct.
    expect(JSON.stringify(card)).toMatch(/"id":"excludedServices"[^}]*"value":"skola,cirkus"/);
  });

  it("shows the journal note and the scope on the verdict card, in Swedish", async () => {
    const card = cardOf((await h.turn(execute(SU, VERBS.submitConsent, scoped)))[0]);
    const text = cardText(card);
    expect(text).toContain("Ni kan gå vidare");
    expect(text).toContain("Samtycket omfattar inte: Skola, Närstående");
    expect(text).toContain("Journalanteckning");
    expect(text).toContain("Hur samtycket inhämtades: muntligt");
    expect(text).toContain("20 november 2026");
    expect(text).toContain("Omfattning: samtycket omfattar inte skolan, närstående.");
    // The scope travels with "Skapa ärende och kallelse", which checks consent again (kallelse.ts).
    expect(JSON.stringify(card)).toContain('"excludedServices":"skola,narstaende"');
  });

  it("shows them in English around the Swedish note; no scope line when nothing is left out", async () => {
    const card = cardOf((await h.turn(execute(SU, VERBS.submitConsent, scoped, { locale: "en-US" })))[0]);
    const text = cardText(card);
    expect(text).toContain("Consent does not cover: School, Relative");
    expect(text).toContain("Journal note");
    expect(text).toContain("The note is in Swedish");
    expect(text).toContain("Samtyckesbedömning inför samordnad individuell plan");
    const plain = cardText(cardOf((await h.turn(execute(SU, VERBS.submitConsent, VALID_CONSENT)))[0]));
    expect(plain).toContain("Journalanteckning");
    expect(plain).toContain("Omfattning: inga verksamheter undantagna.");
    expect(plain).not.toContain("Samtycket omfattar inte:");
  });
});
