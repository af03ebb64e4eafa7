import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, message } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { VALID_CONSENT } from "../fixtures/forms.js";

/** CONTRACT v2 consent rule 9 on the card: framtidsfullmakt and anhörigbehörighet, adults only. */
const SU = "https://smba.example.test/emea/";
let h: Awaited<ReturnType<typeof routeHarness>>;
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

type Element = { id?: string; text?: string; choices?: { title: string; value: string }[] };
const bodyOf = (card: unknown) => (card as { body: Element[] }).body;
const adult = {
  ...VALID_CONSENT,
  age: "80",
  guardian1: "",
  guardian2: "",
  childView: "",
  personConsent: "unable",
  repConsent: "given",
};
const submit = async (typed: object, locale?: string) =>
  cardOf((await h.turn(execute(SU, VERBS.submitConsent, typed, locale ? { locale } : undefined)))[0]);

describe("consent form: framtidsfullmakt and anhörigbehörighet", () => {
  it("offers both kinds beside the others, each with a one-line hint, in both languages", async () => {
    const sv = cardOf((await h.turn(message(SU, "samtycke")))[0]);
    const rep = bodyOf(sv).find((e) => e.id === "repKind");
    expect(rep?.choices?.map((c) => c.value)).toEqual([
      "none",
      "forvaltare",
      "god_man",
      "sarskilt_forordnad_vardnadshavare",
      "framtidsfullmakt",
      "anhorigbehorighet",
    ]);
    expect(rep?.choices).toContainEqual({
      title: "Framtidsfullmakt (fullmaktshavare)",
      value: "framtidsfullmakt",
    });
    expect(rep?.choices).toContainEqual({
      title: "Anhörigbehörighet (närstående)",
      value: "anhorigbehorighet",
    });
    expect(cardText(sv)).toContain("Framtidsfullmakt: omfattar inte frågor om hälso- och sjukvård.");
    expect(cardText(sv)).toContain(
      "Anhörigbehörighet: gäller bara vardagliga ekonomiska angelägenheter, inte samtycke.",
    );
    const en = cardOf((await h.turn(message(SU, "consent", { locale: "en-US" })))[0]);
    const enRep = bodyOf(en).find((e) => e.id === "repKind");
    expect(enRep?.choices?.map((c) => c.value)).toContain("framtidsfullmakt");
    expect(enRep?.choices).toContainEqual({
      title: "Anhörigbehörighet (relative authority)",
      value: "anhorigbehorighet",
    });
    expect(cardText(en)).toContain("Framtidsfullmakt: does not cover health-care matters.");
    expect(cardText(en)).toContain("Anhörigbehörighet: everyday financial matters only, not consent.");
    expect(JSON.stringify(sv)).not.toContain("${");
  });

  it("framtidsfullmakt reaches the engine: a decision is needed, as it does not cover health care", async () => {
    const text = cardText(await submit({ ...adult, repKind: "framtidsfullmakt" }));
    expect(text).toContain("Beslut behövs");
    expect(text).toContain("En framtidsfullmakt omfattar inte frågor om hälso- och sjukvård.");
    expect(text).toContain("Lag (2017:310) om framtidsfullmakter");
    expect(text).toContain("Företrädare (framtidsfullmaktshavare): har samtyckt.");
    const en = cardText(await submit({ ...adult, repKind: "framtidsfullmakt" }, "en-US"));
    expect(en).toContain("does not cover health-care matters");
  });

  it("anhörigbehörighet reaches the engine: the relative cannot consent in the person's place", async () => {
    const text = cardText(await submit({ ...adult, repKind: "anhorigbehorighet" }));
    expect(text).toContain("Anhörigbehörighet gäller bara vardagliga ekonomiska angelägenheter.");
    expect(text).toContain("Föräldrabalken 17 kap. (anhörigbehörighet)");
    expect(text).toContain("Företrädare (anhörig med anhörigbehörighet): har samtyckt.");
    expect(text).not.toContain("Ni kan gå vidare");
    const en = cardText(await submit({ ...adult, repKind: "anhorigbehorighet" }, "en-US"));
    expect(en).toContain("Relative authority (anhörigbehörighet) covers everyday financial matters only.");
  });

  it.each(["framtidsfullmakt", "anhorigbehorighet", "forvaltare"])(
    "%s for a child: the form comes back with the error beside the repKind field, the pick kept",
    async (kind) => {
      const child = {
        ...VALID_CONSENT,
        age: "12",
        guardian1: "",
        guardian2: "",
        repKind: kind,
        repConsent: "given",
      };
      const card = await submit(child);
      expect(cardText(card)).toContain("Några uppgifter behöver rättas");
      const body = bodyOf(card).map((e) => e.id ?? e.text);
      expect(body[body.indexOf("repKind") + 1]).toBe(
        "Förvaltare, framtidsfullmakt och anhörigbehörighet gäller vuxna, särskilt förordnad vårdnadshavare barn. Ange antingen vårdnadshavare eller en företrädare i deras ställe.",
      );
      expect(JSON.stringify(card)).toMatch(new RegExp(`"id":"repKind"[^}]*"value":"${kind}"`));
      const en = bodyOf(await submit(child, "en-US")).map((e) => e.id ?? e.text);
      expect(en[en.indexOf("repKind") + 1]).toMatch(/framtidsfullmakt and anhörigbehörighet are for adults/);
    },
  );
});
