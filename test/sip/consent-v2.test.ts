import { describe, expect, it } from "vitest";
import {
  checkConsent,
  ConsentInputSchema,
  type ConsentInput,
  type ConsentVerdict,
} from "../../src/sip/index.js";

interface Row {
  rule: string;
  input: ConsentInput;
  verdict: ConsentVerdict;
  channel?: "digital" | "manual_only";
  /** The v2 code the rule must give, and a piece of its source citation. */
  code: string;
  source: string;
  has?: string[];
  lacks?: string[];
}

const given = { consent: "given" } as const;
const refused = { consent: "refused" } as const;
const notAsked = { consent: "not_asked" } as const;
const unreachable = { consent: "unreachable" } as const;
const perpetrator = (consent: "given" | "refused" | "not_asked") => ({ consent, suspectedPerpetrator: true });
const committee = { inCare: true, socialCommitteeDecision: true } as const;

// One row (or more) per rule of CONTRACT v2 `consent`.
// prettier-ignore
const rows: Row[] = [
  // Rule 2: secret placement is never digital.
  { rule: "2. secret placement → manual_only", input: { age: 9, guardians: [notAsked, notAsked], lvu: { inCare: true, placementSecretFromGuardians: true } }, verdict: "may_proceed", channel: "manual_only", code: "LVU_PLACEMENT_SECRET", source: "Vanliga frågor 15" },
  // Rule 3: after a committee decision the guardians' answers do not count; the young person's do.
  { rule: "3. committee decided, 15+ consents", input: { age: 16, guardians: [refused, refused], childView: "consents", lvu: committee }, verdict: "may_proceed", code: "LVU_COMMITTEE_DECIDED", source: "Vanliga frågor 14", has: ["YOUTH_CONSENTED"], lacks: ["BOTH_GUARDIANS_REQUIRED", "MATURE_MINOR_ESCALATE"] },
  { rule: "3. committee decided, 15+ objects", input: { age: 16, guardians: [given, given], childView: "objects", lvu: committee }, verdict: "needs_decision", code: "LVU_YOUTH_OBJECTS", source: "LVU 11 §", lacks: ["YOUTH_OWN_CONSENT_REQUIRED"] },
  { rule: "3. committee decided, 15+ not asked", input: { age: 17, guardians: [refused, given], childView: "not_asked", lvu: committee }, verdict: "blocked", code: "YOUTH_OWN_CONSENT_REQUIRED", source: "Riktlinje SIP (2025), Samtycke", lacks: ["LVU_YOUTH_OBJECTS"] },
  { rule: "3. committee decided, under 15: view noted", input: { age: 11, guardians: [refused, refused], childView: "objects", lvu: committee }, verdict: "may_proceed", code: "CHILD_VIEW_WEIGHED", source: "kap. 6", has: ["LVU_COMMITTEE_DECIDED"] },
  // Rule 4: one guardian given, the other unreachable.
  { rule: "4. one given, one unreachable", input: { age: 6, guardians: [given, unreachable] }, verdict: "needs_decision", code: "GUARDIAN_UNREACHABLE", source: "Föräldrabalken 6 kap. 13 § andra stycket", has: ["BOTH_GUARDIANS_REQUIRED"] },
  { rule: "4. one refused, one unreachable: blocked", input: { age: 6, guardians: [refused, unreachable] }, verdict: "blocked", code: "BOTH_GUARDIANS_REQUIRED", source: "Vanliga frågor 2", lacks: ["GUARDIAN_UNREACHABLE"] },
  { rule: "4. both unreachable: blocked", input: { age: 6, guardians: [unreachable, unreachable] }, verdict: "blocked", code: "BOTH_GUARDIANS_REQUIRED", source: "Vanliga frågor 2", lacks: ["GUARDIAN_UNREACHABLE"] },
  { rule: "4. only guardian unreachable: blocked", input: { age: 6, guardians: [unreachable] }, verdict: "blocked", code: "GUARDIAN_CONSENT_MISSING", source: "Vanliga frågor 2", lacks: ["GUARDIAN_UNREACHABLE"] },
  // Rule 5: one guardian refuses.
  { rule: "5. one refuses: blocked, with the 13 a § route", input: { age: 10, guardians: [given, refused] }, verdict: "blocked", code: "ONE_GUARDIAN_REFUSES_ROUTE", source: "Föräldrabalken 6 kap. 13 a §", has: ["BOTH_GUARDIANS_REQUIRED"] },
  // Rule 6: a child of 12+ who wants help.
  { rule: "6. child 12 wants help, guardians refuse", input: { age: 12, guardians: [refused, refused], childView: "consents" }, verdict: "blocked", code: "CHILD_12_OWN_INTERVENTIONS", source: "Socialtjänstlagen (2025:400)", has: ["BOTH_GUARDIANS_REQUIRED"] },
  { rule: "6. cites secrecy towards guardians", input: { age: 13, guardians: [given, notAsked], childView: "consents" }, verdict: "blocked", code: "CHILD_12_OWN_INTERVENTIONS", source: "Offentlighets- och sekretesslagen (2009:400) 12 kap. 3 §" },
  { rule: "6. not for an 11-year-old", input: { age: 11, guardians: [refused, refused], childView: "consents" }, verdict: "blocked", code: "BOTH_GUARDIANS_REQUIRED", source: "Vanliga frågor 2", lacks: ["CHILD_12_OWN_INTERVENTIONS"] },
  // Rule 7: protected from a guardian.
  { rule: "7. protected identity, guardian suspected", input: { age: 8, protectedIdentity: true, guardians: [given, perpetrator("refused")] }, verdict: "needs_decision", channel: "manual_only", code: "PROTECTED_FROM_GUARDIAN", source: "Personer med skyddade personuppgifter" },
  { rule: "7. protected identity, suspected guardian not asked", input: { age: 8, protectedIdentity: true, guardians: [perpetrator("not_asked"), given] }, verdict: "needs_decision", channel: "manual_only", code: "PROTECTED_FROM_GUARDIAN", source: "SIP i samband med våldsutsatthet" },
  // Rule 8: no presumed consent under violence.
  { rule: "8. adult presumed, violence", input: { age: 34, personConsent: "presumed", violence: true }, verdict: "needs_decision", channel: "manual_only", code: "PRESUMED_NOT_WITH_VIOLENCE", source: "SIP i samband med våldsutsatthet" },
  { rule: "8. presumed form, violence", input: { age: 34, personConsent: "given", consentForm: "presumed", violence: true }, verdict: "needs_decision", channel: "manual_only", code: "PRESUMED_NOT_WITH_VIOLENCE", source: "kap. 6" },
  // Rule 9: representatives.
  { rule: "9. framtidsfullmakt consents", input: { age: 81, personConsent: "unable", representative: { kind: "framtidsfullmakt", consent: "given" } }, verdict: "needs_decision", code: "FULLMAKT_EXCLUDES_HEALTH_CARE", source: "Lag (2017:310) om framtidsfullmakter", lacks: ["REPRESENTATIVE_CONSENTED"] },
  { rule: "9. anhörigbehörighet: no representative", input: { age: 81, personConsent: "unable", representative: { kind: "anhorigbehorighet", consent: "given" } }, verdict: "needs_decision", code: "RELATIVE_AUTHORITY_NOT_CONSENT", source: "Föräldrabalken 17 kap.", has: ["ADULT_UNABLE_ASK_RELATIVES"], lacks: ["REPRESENTATIVE_CONSENTED"] },
  { rule: "9. god man, mandate not covering the person: no representative", input: { age: 60, personConsent: "unable", representative: { kind: "god_man", consent: "given", mandateCoversPerson: false } }, verdict: "needs_decision", code: "ADULT_UNABLE_ASK_RELATIVES", source: "Riktlinje SIP (2025), Samtycke", lacks: ["GOD_MAN_MANDATE_CHECK", "REPRESENTATIVE_CONSENTED"] },
  { rule: "9. child's god man consents: named as god man", input: { age: 16, childView: "consents", representative: { kind: "god_man", consent: "given" } }, verdict: "may_proceed", code: "CHILD_REPRESENTATIVE_CONSENTED", source: "Vanliga frågor 17", lacks: ["GUARDIAN_CONSENTED"] },
  { rule: "9. special guardian consents: named as such", input: { age: 7, representative: { kind: "sarskilt_forordnad_vardnadshavare", consent: "given" } }, verdict: "may_proceed", code: "CHILD_REPRESENTATIVE_CONSENTED", source: "Vanliga frågor 9", lacks: ["GUARDIAN_CONSENTED"] },
  // Rule 10: scope and partial withdrawal.
  { rule: "10. excluded services: verdict unchanged", input: { age: 40, personConsent: "given", excludedServices: ["forsakringskassan", "narstaende"] }, verdict: "may_proceed", code: "CONSENT_SCOPE_LIMITED", source: "Vanliga frågor 13" },
  { rule: "10. withdrawn still ends everything", input: { age: 40, personConsent: "given", withdrawn: true, excludedServices: ["skola"] }, verdict: "blocked", code: "CONSENT_WITHDRAWN", source: "kap. 10", lacks: ["CONSENT_SCOPE_LIMITED"] },
];

describe("checkConsent v2: one row per rule (CONTRACT v2 `consent`)", () => {
  it.each(rows)("$rule", ({ input, verdict, channel, code, source, has, lacks }) => {
    expect(ConsentInputSchema.safeParse(input).success).toBe(true);
    const result = checkConsent(input);
    const codes = result.reasons.map((r) => r.code);
    expect(result.verdict).toBe(verdict);
    expect(result.channel).toBe(channel ?? "digital");
    expect(codes).toEqual(expect.arrayContaining([code, ...(has ?? [])]));
    for (const c of lacks ?? []) expect(codes).not.toContain(c);
    expect(result.reasons.find((r) => r.code === code)?.source).toContain(source);
  });

  it("the same codes and verdict in English, with English messages", () => {
    for (const { input } of rows) {
      const sv = checkConsent(input);
      const en = checkConsent(input, "en");
      expect(en.verdict).toBe(sv.verdict);
      expect(en.reasons.map((r) => r.code)).toEqual(sv.reasons.map((r) => r.code));
      for (const r of en.reasons) expect(r.message).not.toMatch(/\{\w+\}|vårdnadshavarnas ställe/);
    }
  });

  it("a god man or special guardian who consents is never called vårdnadshavare", () => {
    const godMan = checkConsent({
      age: 16,
      childView: "consents",
      representative: { kind: "god_man", consent: "given" },
    });
    const consented = godMan.reasons.find((r) => r.code === "CHILD_REPRESENTATIVE_CONSENTED")?.message;
    expect(consented).toMatch(/^Den gode mannen har samtyckt/);
    const missing = checkConsent({
      age: 16,
      childView: "consents",
      representative: { kind: "god_man", consent: "not_asked" },
    });
    expect(missing.reasons.find((r) => r.code === "GUARDIAN_CONSENT_MISSING")?.message).toMatch(
      /^Den gode mannens samtycke/,
    );
    const special = checkConsent(
      { age: 7, representative: { kind: "sarskilt_forordnad_vardnadshavare", consent: "given" } },
      "en",
    );
    expect(special.reasons.find((r) => r.code === "CHILD_REPRESENTATIVE_CONSENTED")?.message).toMatch(
      /special guardian/,
    );
  });

  it("rule 10: excluded services are echoed once each and named in the note", () => {
    const r = checkConsent({
      age: 40,
      personConsent: "given",
      excludedServices: ["skola", "narstaende", "skola"],
    });
    expect(r.excludedServices).toEqual(["skola", "narstaende"]);
    expect(r.reasons.find((x) => x.code === "CONSENT_SCOPE_LIMITED")?.message).toContain(
      "skolan, närstående",
    );
    expect(checkConsent({ age: 40, personConsent: "given" }).excludedServices).toEqual([]);
  });
});

describe("journal note (v2 rule 11)", () => {
  const input: ConsentInput = {
    age: 9,
    guardians: [given, unreachable],
    childView: "does_not_object",
    consentForm: "oral",
    consentGivenOn: "2026-11-20",
    excludedServices: ["forsakringskassan"],
    expiresOn: "2027-05-20",
    today: "2026-11-26",
  };

  it("says what was assessed, each answer and how it was obtained, scope, expiry, view, verdict and sources", () => {
    const note = checkConsent(input).journalNote;
    for (const part of [
      "Samtyckesbedömning inför samordnad individuell plan (SIP), 26 november 2026.",
      "Barnet är 9 år.",
      "Vårdnadshavare 1: har samtyckt.",
      "Vårdnadshavare 2: har inte gått att nå.",
      "Barnets inställning: motsätter sig inte.",
      "Hur samtycket inhämtades: muntligt. Samtycket lämnades: 20 november 2026.",
      "Omfattning: samtycket omfattar inte Försäkringskassan.",
      "Giltighet: till och med 20 maj 2027.",
      "Bedömning: Ett beslut krävs",
      "Föräldrabalken 6 kap. 13 § andra stycket",
      "Källor:",
    ])
      expect(note).toContain(part);
  });

  it("is Swedish whatever the locale, and the same in both", () => {
    expect(checkConsent(input, "en").journalNote).toBe(checkConsent(input).journalNote);
  });

  it("is always present, also for a withdrawn consent and an adult's representative", () => {
    const withdrawn = checkConsent({ age: 50, personConsent: "given", withdrawn: true }).journalNote;
    expect(withdrawn).toContain("Giltighet: samtycket är återkallat.");
    const rep = checkConsent({
      age: 80,
      personConsent: "unable",
      representative: { kind: "framtidsfullmakt", consent: "given" },
    });
    expect(rep.journalNote).toContain("Företrädare (framtidsfullmaktshavare): har samtyckt.");
    expect(rep.journalNote).toContain("Personen själv: kan inte själv ta ställning.");
    expect(rep.journalNote).toContain(
      "Hur samtycket inhämtades: ej angivet. Samtycket lämnades: datum ej angivet.",
    );
  });
});

describe("consent v2 inputs at the edge", () => {
  it.each([
    [
      "framtidsfullmakt for a child",
      { age: 12, representative: { kind: "framtidsfullmakt", consent: "given" } },
      "representative.kind",
    ],
    [
      "anhörigbehörighet for a child",
      { age: 12, representative: { kind: "anhorigbehorighet", consent: "given" } },
      "representative.kind",
    ],
    [
      "consent given after today",
      { age: 30, consentGivenOn: "2026-12-01", today: "2026-11-26" },
      "consentGivenOn",
    ],
    ["unknown consent form", { age: 30, consentForm: "nod" }, "consentForm"],
    ["unknown service", { age: 30, excludedServices: ["polisen"] }, "excludedServices.0"],
  ])("refuses %s", (_name, input, field) => {
    const r = ConsentInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });
});
