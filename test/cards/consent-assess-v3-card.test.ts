import { describe, expect, it } from "vitest";
import { assessValues, consentValues } from "../../src/bot/forms.js";
import {
  assessFormCard,
  assessResultCard,
  consentFormCard,
  consentResultCard,
} from "../../src/cards/assess-consent-views.js";
import { assess, checkConsent, LOCALES } from "../../src/sip/index.js";
import { parserComplaints } from "./parser.js";

// CONTRACT v3: the new inputs are on the forms, and the result cards show what they give.
describe.each(LOCALES)("consent and assessment cards, v3 (%s)", (locale) => {
  const sv = locale === "sv";

  it("the consent form keeps the v3 values it is given", () => {
    const values = consentValues({ age: "16", compulsoryCare: "LRV", turns18On: "2028-03-01" }, "national");
    expect(values.compulsoryCare).toBe("LRV");
    expect(consentValues({}, "national").compulsoryCare).toBe("none");
    const card = consentFormCard(locale, values, { turns18On: true, lvuInCare: true });
    const json = JSON.stringify(card);
    expect(json).not.toContain("${");
    expect(parserComplaints(card)).toEqual([]);
    expect(json).toMatch(/"id":"compulsoryCare"[^}]*"value":"LRV"/);
    expect(json).toMatch(/"id":"turns18On"[^}]*"value":"2028-03-01"/);
    expect(json).toContain(sv ? "Vård enligt LVU upphör senast" : "Care under LVU ends at the latest");
  });

  it("the consent verdict shows reconsentOn, and nothing when there is none", () => {
    const input = { age: 16, guardians: [{ consent: "given" as const }], childView: "consents" as const };
    const values = consentValues({ age: "16" }, "national");
    const card = consentResultCard(
      locale,
      checkConsent({ ...input, turns18On: "2028-03-01" }, locale),
      values,
    );
    const json = JSON.stringify(card);
    expect(json).not.toContain("${");
    expect(parserComplaints(card)).toEqual([]);
    expect(json).toContain(
      sv
        ? "Nytt samtycke behövs från den unge 1 mars 2028"
        : "New consent is needed from the young person on 1 March 2028",
    );
    const without = JSON.stringify(consentResultCard(locale, checkConsent(input, locale), values));
    expect(without).not.toContain(sv ? "Nytt samtycke behövs" : "New consent is needed");
  });

  it("the assessment form asks where the person is discharged to", () => {
    const values = assessValues({ dischargeTo: "orv" }, "national");
    const card = assessFormCard(locale, values, { dischargeTo: true });
    const json = JSON.stringify(card);
    expect(parserComplaints(card)).toEqual([]);
    expect(json).toMatch(/"id":"dischargeTo"[^}]*"value":"orv"/);
    expect(json).toContain(sv ? "Vart skrivs personen ut?" : "Where is the person discharged to?");
    expect(assessValues({}, "national").dischargeTo).toBe("none");
  });

  it("the assessment result: the revise kallelse's deadline at discharge, ÖPT's plan, no KVÅ", () => {
    const result = assess(
      {
        needsSocialServices: "yes",
        needsHealthCare: "yes",
        reporterRole: "health_care",
        dischargeNoticeOn: "2026-11-26",
        existingSip: true,
        dischargeTo: "opt",
      },
      locale,
    );
    const json = JSON.stringify(assessResultCard(locale, result, assessValues({}, "national")));
    expect(json).toContain(
      sv ? "Kallelse till SIP vid utskrivning skickas senast" : "Kallelse to the discharge SIP sent by",
    );
    expect(json).toContain(sv ? "29 november 2026" : "29 November 2026");
    expect(json).toContain(sv ? "samordnad vårdplan enligt lagen (2017:612)" : "act 2017:612");
    expect(json).not.toContain(sv ? "KVÅ-kod" : "KVÅ code");
  });
});
