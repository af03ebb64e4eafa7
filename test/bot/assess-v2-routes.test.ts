import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAssessForm } from "../../src/bot/forms.js";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, message } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { dataOf } from "../helpers/multi-user.js";
import { VALID_ASSESS } from "../fixtures/forms.js";

// Issue 9 / CONTRACT `assess` v2: each new card input must reach the engine through the bot.
const SU = "https://smba.example.test/emea/";
let h: Awaited<ReturnType<typeof routeHarness>>;
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

const submit = async (values: Record<string, string>, locale?: string) => {
  const [response] = await h.turn(
    execute(SU, VERBS.submitAssess, { ...VALID_ASSESS, ...values }, locale ? { locale } : {}),
  );
  return cardOf(response);
};

describe("assessment card, v2 inputs", () => {
  it("asks for an existing SIP, municipal health care and the student-health role (sv and en)", async () => {
    const sv = cardOf((await h.turn(message(SU, "bedöm")))[0]);
    const json = JSON.stringify(sv);
    for (const id of ["existingSip", "municipalHealthCare"]) expect(json).toContain(`"id":"${id}"`);
    expect(json).toContain('"value":"school_health"');
    const text = cardText(sv);
    expect(text).toContain("Finns det redan en SIP?");
    expect(text).toContain("Behov av kommunal hälso- och sjukvård (t.ex. hemsjukvård)?");
    expect(text).toContain("Elevhälsan (skolsköterska, skolläkare)");
    // At discharge the health-care question above is the region's side (assess v2 rule 2).
    expect(text).toContain("Vid utskrivning från sjukhus räknas frågan ovan som regionens vård");
    expect(json).not.toContain("${");
    const en = cardText(cardOf((await h.turn(message(SU, "assess", { locale: "en-GB" })))[0]));
    expect(en).toContain("Is there already a SIP?");
    expect(en).toContain("Need for municipal health care (e.g. home health care)?");
    expect(en).toContain("Student health (school nurse, school doctor)");
    expect(en).toContain("the question above counts as the region's care");
  });

  it("parses the new fields into the engine input, absent ones as before", () => {
    const form = parseAssessForm(
      { ...VALID_ASSESS, existingSip: "true", municipalHealthCare: "unsure", reporterRole: "school_health" },
      "national",
    );
    expect(form.ok && form.input).toMatchObject({
      existingSip: true,
      municipalHealthCare: "unsure",
      reporterRole: "school_health",
    });
    const old = parseAssessForm(VALID_ASSESS, "national");
    expect(old.ok && old.input).toMatchObject({ existingSip: false });
    expect(old.ok && old.input.municipalHealthCare).toBeUndefined();
  });

  it("marks a municipal-health-care answer the engine cannot read beside its field", async () => {
    const card = await submit({ municipalHealthCare: "kanske" });
    const body = (card?.body as { id?: string; text?: string }[]).map((e) => e.id ?? e.text);
    expect(body[body.indexOf("municipalHealthCare") + 1]).toBe("Välj Ja, Nej eller Osäker.");
  });

  it("an existing SIP gives the revise card: follow up, no new-plan deadlines", async () => {
    // No notice date: at discharge the revise kallelse has its deadline (assess-consent-v3-routes).
    const card = await submit({ existingSip: "true", dischargeNoticeOn: "" });
    const text = cardText(card);
    expect(text).toContain("Följ upp och revidera befintlig SIP");
    expect(text).toContain("Du kan kalla till uppföljning av den befintliga SIP:en.");
    expect(text).not.toContain("Tidsgränser");
    expect(JSON.stringify(card)).toContain('"style":"accent"');
  });

  it("an existing SIP, reporter who may not convene: ask the SIP's lead, no flag that would start a second plan", async () => {
    const card = await submit({ existingSip: "true", reporterRole: "school" }, "en-US");
    const text = cardText(card);
    expect(text).toContain("Follow up and revise the existing SIP");
    expect(text).toContain("Ask the lead of the existing SIP for a follow-up.");
    expect(JSON.stringify(card)).not.toContain(VERBS.openFlag);
    // A card that offers it anyway (an old or forged one) is refused: the form is re-assessed.
    const prefill = { ...VALID_ASSESS, existingSip: "true", reporterRole: "school" };
    const replies = await h.turn(execute(SU, VERBS.openFlag, { prefill }));
    expect(replies.map((a) => cardText(cardOf(a))).join("\n")).toContain("Be den som är huvudansvarig");
  });

  it("student health in Uppsala flags onward like school, and the flag form opens", async () => {
    const card = await submit({ reporterRole: "school_health", region: "uppsala", dischargeNoticeOn: "" });
    expect(cardText(card)).toContain("Flagga behovet vidare");
    expect(cardText(card)).not.toContain("KVÅ-kod");
    const open = dataOf(card, VERBS.openFlag);
    expect(open?.prefill).toMatchObject({ reporterRole: "school_health", region: "uppsala" });
    const replies = await h.turn(execute(SU, VERBS.openFlag, open));
    const form = replies.find((a) => a.type === "message");
    expect(cardText(cardOf(form))).toContain("Flagga behovet vidare");
  });

  it("discharge: municipal home health care and regional care make a discharge SIP", async () => {
    const values = { needsSocialServices: "no", municipalHealthCare: "yes", needsHealthCare: "yes" };
    const text = cardText(await submit(values));
    expect(text).toContain("SIP behövs");
    expect(text).toContain("30 november 2026"); // discharge SIP: 3 days after 27 November
    expect(text).toContain("KVÅ-kod: AU125");
    // Without the municipal health care the kommun has no side: no SIP.
    const none = cardText(await submit({ ...values, municipalHealthCare: "no" }));
    expect(none).toContain("SIP behövs inte nu");
    // SoL (2001:453) was replaced on 1 July 2025: cite the new act, the old number beside it.
    expect(none).toContain("socialtjänstlagen (2025:400), tidigare 2 kap. 7 § SoL (2001:453)");
  });
});
