import { describe, expect, it } from "vitest";
import { checkConsent, type ConsentInput, type ConsentVerdict } from "../../src/sip/index.js";

interface Row {
  rule: string;
  /** SIP-RULES / seed section the rule comes from: the reason's source must cite it. */
  source: string;
  input: ConsentInput;
  verdict: ConsentVerdict;
  channel?: "digital" | "manual_only";
  has: string[];
  lacks?: string[];
}

const given = { consent: "given" } as const;
const refused = { consent: "refused" } as const;
const notAsked = { consent: "not_asked" } as const;
const T = { today: "2026-11-26", expiresOn: "2027-05-26" };

// One row per consent condition in SIP-RULES §3–4.
// prettier-ignore
const rows: Row[] = [
  { rule: "two guardians, both consent", source: "Vanliga frågor 2", input: { age: 8, guardians: [given, given], childView: "consents", ...T }, verdict: "may_proceed", has: ["BOTH_GUARDIANS_CONSENTED", "GUARDIANS_DECIDE_INVITEES"], lacks: ["CONSENT_NO_END_DATE"] },
  { rule: "two guardians, one refuses", source: "Vanliga frågor 2", input: { age: 8, guardians: [given, refused] }, verdict: "blocked", has: ["BOTH_GUARDIANS_REQUIRED"] },
  { rule: "two guardians, one not asked yet", source: "Vanliga frågor 2", input: { age: 8, guardians: [given, notAsked] }, verdict: "blocked", has: ["BOTH_GUARDIANS_REQUIRED"] },
  // CONTRACT v2 rule 4 (was blocked in v1): one given, the other unreachable → a manager decides.
  { rule: "two guardians, one unreachable", source: "6 kap. 13 § andra stycket", input: { age: 8, guardians: [given, { consent: "unreachable" }] }, verdict: "needs_decision", has: ["BOTH_GUARDIANS_REQUIRED", "GUARDIAN_UNREACHABLE"] },
  { rule: "single guardian consents", source: "Vanliga frågor 2", input: { age: 5, guardians: [given] }, verdict: "may_proceed", has: ["GUARDIAN_CONSENTED"] },
  { rule: "single guardian refuses", source: "Vanliga frågor 2", input: { age: 5, guardians: [refused] }, verdict: "blocked", has: ["GUARDIAN_CONSENT_MISSING"] },
  { rule: "child with no guardian's answer recorded", source: "Vanliga frågor 2", input: { age: 5 }, verdict: "blocked", has: ["GUARDIAN_CONSENT_MISSING"] },
  { rule: "guardian suspected of violence: still both", source: "SIP i samband med våldsutsatthet", input: { age: 9, guardians: [given, { consent: "given", suspectedPerpetrator: true }] }, verdict: "may_proceed", channel: "manual_only", has: ["GUARDIAN_SUSPECTED_PERPETRATOR", "VIOLENCE_CAREFUL_ASSESSMENT", "CHILD_VIOLENCE_REPORT"] },
  { rule: "guardian suspected of violence refuses: blocked", source: "SIP i samband med våldsutsatthet", input: { age: 9, guardians: [given, { consent: "refused", suspectedPerpetrator: true }] }, verdict: "blocked", channel: "manual_only", has: ["BOTH_GUARDIANS_REQUIRED", "GUARDIAN_SUSPECTED_PERPETRATOR"] },
  { rule: "15+ who can judge consents too", source: "Riktlinje SIP (2025), Samtycke", input: { age: 15, guardians: [given, given], childView: "consents" }, verdict: "may_proceed", has: ["YOUTH_CONSENTED"] },
  { rule: "15+ who can judge has not consented", source: "Riktlinje SIP (2025), Samtycke", input: { age: 16, guardians: [given, given], childView: "not_asked" }, verdict: "blocked", has: ["YOUTH_OWN_CONSENT_REQUIRED"] },
  { rule: "15+ who can judge objects", source: "Riktlinje SIP (2025), Samtycke", input: { age: 17, guardians: [given, given], childView: "objects" }, verdict: "blocked", has: ["YOUTH_OWN_CONSENT_REQUIRED"] },
  { rule: "15+ informed and not objecting: presumed consent", source: "Vanliga frågor 9", input: { age: 16, guardians: [given, given], childView: "does_not_object" }, verdict: "may_proceed", has: ["YOUTH_PRESUMED_CONSENT"] },
  { rule: "15+ who cannot judge: guardians decide, view heard", source: "kap. 6", input: { age: 16, guardians: [given, given], childView: "objects", childCanJudge: false }, verdict: "may_proceed", has: ["CHILD_VIEW_WEIGHED"], lacks: ["YOUTH_OWN_CONSENT_REQUIRED"] },
  { rule: "younger child objects: heard, weighed, not blocking", source: "kap. 6", input: { age: 12, guardians: [given, given], childView: "objects" }, verdict: "may_proceed", has: ["CHILD_VIEW_WEIGHED"] },
  { rule: "younger child not asked: ask", source: "kap. 6", input: { age: 10, guardians: [given] }, verdict: "may_proceed", has: ["CHILD_NOT_HEARD"] },
  { rule: "guardians refuse, mature youth wants SIP: escalate", source: "Vanliga frågor 16", input: { age: 16, guardians: [refused, refused], childView: "consents" }, verdict: "needs_decision", has: ["MATURE_MINOR_ESCALATE", "BOTH_GUARDIANS_REQUIRED"] },
  { rule: "one guardian refuses, 14-year-old judged mature wants SIP: escalate", source: "Vanliga frågor 16", input: { age: 14, guardians: [given, refused], childView: "consents", childCanJudge: true }, verdict: "needs_decision", has: ["MATURE_MINOR_ESCALATE"] },
  { rule: "guardians refuse, young child wants SIP: no escalation, blocked", source: "Vanliga frågor 2", input: { age: 9, guardians: [refused, refused], childView: "consents" }, verdict: "blocked", has: ["BOTH_GUARDIANS_REQUIRED"], lacks: ["MATURE_MINOR_ESCALATE"] },
  { rule: "LVU, guardians refuse, no committee decision", source: "Vanliga frågor 14", input: { age: 6, guardians: [refused, given], lvu: { inCare: true } }, verdict: "needs_decision", has: ["LVU_COMMITTEE_MAY_DECIDE", "BOTH_GUARDIANS_REQUIRED"], lacks: ["MATURE_MINOR_ESCALATE"] },
  // CONTRACT v2 rule 3 (was may_proceed in v1): a 15+ who can judge and objects → the committee decides.
  { rule: "LVU, committee decided", source: "Vanliga frågor 14", input: { age: 16, guardians: [refused, refused], childView: "objects", lvu: { inCare: true, socialCommitteeDecision: true } }, verdict: "needs_decision", has: ["LVU_COMMITTEE_DECIDED", "LVU_YOUTH_OBJECTS"], lacks: ["BOTH_GUARDIANS_REQUIRED", "YOUTH_OWN_CONSENT_REQUIRED"] },
  { rule: "LVU, guardians consent: ordinary path", source: "Vanliga frågor 2", input: { age: 4, guardians: [given, given], lvu: { inCare: true } }, verdict: "may_proceed", has: ["BOTH_GUARDIANS_CONSENTED"], lacks: ["LVU_COMMITTEE_MAY_DECIDE"] },
  // CONTRACT v2 rule 2 (digital in v1): a secret placement is manual_only.
  { rule: "LVU, placement secret from guardians", source: "Vanliga frågor 15", input: { age: 7, guardians: [notAsked, notAsked], lvu: { inCare: true, placementSecretFromGuardians: true } }, verdict: "may_proceed", channel: "manual_only", has: ["LVU_PLACEMENT_SECRET"], lacks: ["BOTH_GUARDIANS_REQUIRED"] },
  // CONTRACT v2 rule 2 (digital in v1): a secret placement is manual_only.
  { rule: "LVU, secret placement, 15+ still consents herself", source: "Riktlinje SIP (2025), Samtycke", input: { age: 15, lvu: { inCare: true, placementSecretFromGuardians: true }, childView: "not_asked" }, verdict: "blocked", channel: "manual_only", has: ["LVU_PLACEMENT_SECRET", "YOUTH_OWN_CONSENT_REQUIRED"] },
  { rule: "Värmland: violence and LVU, consult first", source: "SIP i samband med våldsutsatthet", input: { age: 8, region: "varmland", violence: true, guardians: [given, given], lvu: { inCare: true } }, verdict: "needs_decision", channel: "manual_only", has: ["VIOLENCE_LVU_CONSULT"] },
  { rule: "national: violence and LVU, no regional consult rule", source: "SIP i samband med våldsutsatthet", input: { age: 8, violence: true, guardians: [given, given], lvu: { inCare: true } }, verdict: "may_proceed", channel: "manual_only", has: ["VIOLENCE_CAREFUL_ASSESSMENT"], lacks: ["VIOLENCE_LVU_CONSULT"] },
  { rule: "court-appointed special guardian consents", source: "Vanliga frågor 9", input: { age: 11, representative: { kind: "sarskilt_forordnad_vardnadshavare", consent: "given" } }, verdict: "may_proceed", has: ["SPECIAL_GUARDIAN_CONSENT"] },
  { rule: "special guardian has not consented", source: "Vanliga frågor 2", input: { age: 11, representative: { kind: "sarskilt_forordnad_vardnadshavare", consent: "not_asked" } }, verdict: "blocked", has: ["GUARDIAN_CONSENT_MISSING"] },
  { rule: "adult consents", source: "kap. 6", input: { age: 30, personConsent: "given" }, verdict: "may_proceed", has: ["ADULT_CONSENTED"] },
  { rule: "adult presumed consent", source: "Vanliga frågor 9", input: { age: 30, personConsent: "presumed" }, verdict: "may_proceed", has: ["ADULT_PRESUMED_CONSENT"] },
  { rule: "adult refuses: blocked, refusal documented", source: "Information och samtycke", input: { age: 45, personConsent: "refused" }, verdict: "blocked", has: ["ADULT_CONSENT_MISSING", "REFUSAL_DOCUMENT"] },
  { rule: "adult not asked", source: "kap. 6", input: { age: 45 }, verdict: "blocked", has: ["ADULT_CONSENT_MISSING"] },
  { rule: "adult unable, no representative: ask relatives", source: "Riktlinje SIP (2025), Samtycke", input: { age: 80, personConsent: "unable" }, verdict: "needs_decision", has: ["ADULT_UNABLE_ASK_RELATIVES", "ADULT_CONSENT_MISSING"] },
  { rule: "adult unable, förvaltare consents", source: "Vanliga frågor 9", input: { age: 50, personConsent: "unable", representative: { kind: "forvaltare", consent: "given" } }, verdict: "may_proceed", has: ["REPRESENTATIVE_CONSENTED"] },
  { rule: "adult unable, förvaltare refuses", source: "kap. 6", input: { age: 50, personConsent: "unable", representative: { kind: "forvaltare", consent: "refused" } }, verdict: "blocked", has: ["ADULT_CONSENT_MISSING"] },
  { rule: "adult unable, god man, mandate unchecked", source: "Vanliga frågor 9", input: { age: 50, personConsent: "unable", representative: { kind: "god_man", consent: "given" } }, verdict: "needs_decision", has: ["GOD_MAN_MANDATE_CHECK"] },
  { rule: "adult unable, god man with mandate for personal matters", source: "Vanliga frågor 9", input: { age: 50, personConsent: "unable", representative: { kind: "god_man", consent: "given", mandateCoversPerson: true } }, verdict: "may_proceed", has: ["REPRESENTATIVE_CONSENTED"] },
  { rule: "adult refuses: a god man cannot override", source: "kap. 6", input: { age: 50, personConsent: "refused", representative: { kind: "god_man", consent: "given", mandateCoversPerson: true } }, verdict: "blocked", has: ["ADULT_CONSENT_MISSING"] },
  { rule: "protected identity: manual only", source: "Personer med skyddade personuppgifter", input: { age: 30, personConsent: "given", protectedIdentity: true }, verdict: "may_proceed", channel: "manual_only", has: ["PROTECTED_IDENTITY_MANUAL"] },
  { rule: "violence, adult: manual only", source: "SIP i samband med våldsutsatthet", input: { age: 30, personConsent: "given", violence: true }, verdict: "may_proceed", channel: "manual_only", has: ["VIOLENCE_CAREFUL_ASSESSMENT"], lacks: ["CHILD_VIOLENCE_REPORT"] },
  { rule: "withdrawn consent ends the SIP", source: "kap. 10", input: { age: 30, personConsent: "given", withdrawn: true }, verdict: "blocked", has: ["CONSENT_WITHDRAWN"], lacks: ["ADULT_CONSENTED"] },
  { rule: "withdrawn with protected identity stays manual", source: "kap. 10", input: { age: 30, personConsent: "given", withdrawn: true, protectedIdentity: true }, verdict: "blocked", channel: "manual_only", has: ["CONSENT_WITHDRAWN", "PROTECTED_IDENTITY_MANUAL"] },
  { rule: "expired consent", source: "kap. 6", input: { age: 8, guardians: [given, given], expiresOn: "2026-11-25", today: "2026-11-26" }, verdict: "blocked", has: ["CONSENT_EXPIRED"] },
  { rule: "consent ending today is still valid", source: "kap. 6", input: { age: 30, personConsent: "given", expiresOn: "2026-11-26", today: "2026-11-26" }, verdict: "may_proceed", has: ["ADULT_CONSENTED"], lacks: ["CONSENT_EXPIRED", "CONSENT_NO_END_DATE"] },
  { rule: "no end date: advise a time limit", source: "kap. 6", input: { age: 30, personConsent: "given" }, verdict: "may_proceed", has: ["CONSENT_NO_END_DATE"] },
];

describe("checkConsent: one row per rule (SIP-RULES §3–4)", () => {
  it.each(rows)("$rule", ({ input, verdict, channel, has, lacks, source }) => {
    const result = checkConsent(input);
    const codes = result.reasons.map((r) => r.code);
    expect(result.verdict).toBe(verdict);
    expect(result.channel).toBe(channel ?? "digital");
    expect(codes).toEqual(expect.arrayContaining(has));
    for (const code of lacks ?? []) expect(codes).not.toContain(code);
    // The rule's own reason cites the section the rule comes from.
    const cited = result.reasons.filter((r) => has.includes(r.code)).map((r) => r.source);
    expect(cited.some((s) => s.includes(source))).toBe(true);
  });

  it("every reason has a Swedish message and a source by default, English on request", () => {
    const input: ConsentInput = {
      age: 16,
      guardians: [given, refused],
      childView: "consents",
      violence: true,
    };
    const sv = checkConsent(input);
    const en = checkConsent(input, "en");
    expect(en.verdict).toBe(sv.verdict);
    expect(en.reasons.map((r) => r.code)).toEqual(sv.reasons.map((r) => r.code));
    sv.reasons.forEach((s, i) => {
      const e = en.reasons[i];
      expect(e?.message).toBeDefined();
      expect(s.message).not.toBe(e?.message);
      expect(s.message).not.toMatch(/\{\w+\}/);
      expect(e?.source).toBe(s.source);
      // CONTRACT v2 rules 5–6 add reasons that cite the law (FB, SoL, OSL) before the seed.
      expect(s.source).toMatch(/^(SKL|Region|VGR|Vårdanalys|Föräldrabalken|Socialtjänstlagen)/);
    });
    expect(sv.reasons.find((r) => r.code === "BOTH_GUARDIANS_REQUIRED")?.message).toMatch(/vårdnadshavare/);
    expect(en.reasons.find((r) => r.code === "BOTH_GUARDIANS_REQUIRED")?.message).toMatch(/guardians/);
  });

  it("the expiry date appears in the expired message", () => {
    const r = checkConsent({ age: 30, personConsent: "given", expiresOn: "2026-01-31", today: "2026-02-01" });
    expect(r.reasons[0]?.message).toContain("31 januari 2026");
  });
});
