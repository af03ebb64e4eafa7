import { describe, expect, it } from "vitest";
import { assessValues } from "../../src/bot/forms.js";
import { assessResultCard } from "../../src/cards/assess-consent-views.js";
import { assess, LOCALES } from "../../src/sip/index.js";

// CONTRACT v2 `assess`: the new recommendation and the guideline flag must render on the card.
describe.each(LOCALES)("assessment card, v2 outputs (%s)", (locale) => {
  const values = assessValues({}, "varmland");
  const both = { needsSocialServices: "yes", needsHealthCare: "yes" } as const;

  it("shows revise_existing with its own heading and the expired-routine note", () => {
    const result = assess(
      {
        ...both,
        reporterRole: "social_services",
        region: "varmland",
        existingSip: true,
        today: "2026-11-27",
      },
      locale,
    );
    const json = JSON.stringify(assessResultCard(locale, result, values));
    expect(json).not.toContain("${");
    expect(json).toContain(locale === "sv" ? "Följ upp och revidera befintlig SIP" : "Follow up and revise");
    expect(json).toContain('"style":"accent"');
    expect(json).toContain("Region Värmland, SIP med Cosmic Link (2024)");
  });

  it("labels the first-contact date a guideline and the discharge date not", () => {
    const result = assess(
      { ...both, reporterRole: "health_care", identifiedOn: "2026-11-25", dischargeNoticeOn: "2026-11-26" },
      locale,
    );
    const json = JSON.stringify(assessResultCard(locale, result, values));
    const word = locale === "sv" ? "riktmärke" : "guideline";
    expect(json.match(new RegExp(`\\(${word}\\)`, "g"))).toHaveLength(1);
  });
});
