import { describe, expect, it } from "vitest";
import { assess, type AssessInput, type Recommendation } from "../../src/sip/index.js";

interface Row {
  rule: string;
  source: string;
  input: AssessInput;
  recommendation: Recommendation;
  mayConvene: boolean;
  has: string[];
  lacks?: string[];
}

const both = { needsSocialServices: "yes", needsHealthCare: "yes" } as const;
const ss = { reporterRole: "social_services" } as const;

// One row per indication and rule in SIP-RULES §1–2 and the CONTRACT's semantics.
// prettier-ignore
const rows: Row[] = [
  { rule: "no social-services need: not indicated", source: "kap. 2", input: { ...ss, needsSocialServices: "no", needsHealthCare: "yes" }, recommendation: "not_indicated", mayConvene: true, has: ["NO_DUAL_NEED"], lacks: ["MUST_INITIATE"] },
  { rule: "no health-care need: not indicated", source: "kap. 2", input: { ...ss, needsSocialServices: "yes", needsHealthCare: "no", indications: ["several_units"] }, recommendation: "not_indicated", mayConvene: true, has: ["NO_DUAL_NEED"], lacks: ["INDICATION_SEVERAL_UNITS"] },
  { rule: "unsure need: assess further, need not be known to both", source: "Vanliga frågor 3", input: { ...ss, needsSocialServices: "unsure", needsHealthCare: "yes" }, recommendation: "assess_further", mayConvene: true, has: ["NEED_UNCLEAR", "EARLY_IS_BETTER"] },
  { rule: "both needed, no indication: professional judgement", source: "kap. 5", input: { ...ss, ...both }, recommendation: "assess_further", mayConvene: true, has: ["NO_INDICATION"] },
  { rule: "requested by the person", source: "kap. 5", input: { ...ss, ...both, requestedBy: "person" }, recommendation: "sip_indicated", mayConvene: true, has: ["REQUESTED", "MUST_INITIATE"] },
  { rule: "requested by a guardian", source: "kap. 5", input: { ...ss, ...both, requestedBy: "guardian" }, recommendation: "sip_indicated", mayConvene: true, has: ["REQUESTED"] },
  { rule: "requested by a relative", source: "kap. 5", input: { ...ss, ...both, requestedBy: "relative" }, recommendation: "sip_indicated", mayConvene: true, has: ["REQUESTED"] },
  { rule: "competence from several units", source: "kap. 5", input: { ...ss, ...both, indications: ["several_units"] }, recommendation: "sip_indicated", mayConvene: true, has: ["INDICATION_SEVERAL_UNITS"] },
  { rule: "unclear responsibility", source: "kap. 5", input: { ...ss, ...both, indications: ["unclear_responsibility"] }, recommendation: "sip_indicated", mayConvene: true, has: ["INDICATION_UNCLEAR_RESPONSIBILITY"] },
  { rule: "simultaneous or ordered interventions", source: "kap. 5", input: { ...ss, ...both, indications: ["simultaneous_or_ordered"] }, recommendation: "sip_indicated", mayConvene: true, has: ["INDICATION_SIMULTANEOUS_OR_ORDERED"] },
  { rule: "family bounced around", source: "kap. 5", input: { ...ss, ...both, indications: ["bounced_around"] }, recommendation: "sip_indicated", mayConvene: true, has: ["INDICATION_BOUNCED_AROUND"] },
  { rule: "ready for discharge", source: "kap. 3", input: { reporterRole: "health_care", ...both, indications: ["discharge_ready"] }, recommendation: "sip_indicated", mayConvene: true, has: ["INDICATION_DISCHARGE_READY", "KVA_CODE"] },
  { rule: "existing equivalent plan, national: check it", source: "Vanliga frågor 7", input: { ...ss, ...both, indications: ["several_units"], existingEquivalentPlan: true }, recommendation: "assess_further", mayConvene: true, has: ["EQUIVALENT_PLAN_CHECK"] },
  { rule: "existing plan, VGR: no equivalence", source: "Huvudsakliga förändringar", input: { ...ss, ...both, region: "vgr", indications: ["several_units"], existingEquivalentPlan: true }, recommendation: "sip_indicated", mayConvene: true, has: ["EQUIVALENT_PLAN_NOT_ENOUGH"], lacks: ["EQUIVALENT_PLAN_CHECK"] },
  { rule: "health care must initiate", source: "kap. 7", input: { reporterRole: "health_care", ...both, indications: ["bounced_around"] }, recommendation: "sip_indicated", mayConvene: true, has: ["MUST_INITIATE"] },
  { rule: "school, national: flag onward", source: "kap. 4", input: { reporterRole: "school", ...both, indications: ["bounced_around"] }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"], lacks: ["MUST_INITIATE", "KVA_CODE"] },
  { rule: "school, VGR: equal party, may convene", source: "Huvudsakliga förändringar", input: { reporterRole: "school", region: "vgr", ...both, indications: ["bounced_around"] }, recommendation: "sip_indicated", mayConvene: true, has: ["SCHOOL_MAY_CONVENE"], lacks: ["FLAG_NEED_ONWARD"] },
  { rule: "student health, Uppsala: may flag, not convene", source: "Riktlinje SIP (2025), Omfattning", input: { reporterRole: "school", region: "uppsala", ...both, indications: ["several_units"] }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"] },
  { rule: "other actors: flag onward", source: "Vanliga frågor 10", input: { reporterRole: "other", ...both, requestedBy: "guardian" }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"] },
  { rule: "first contact within a few days", source: "utan dröjsmål", input: { ...ss, ...both, indications: ["several_units"], identifiedOn: "2026-11-26" }, recommendation: "sip_indicated", mayConvene: true, has: ["FIRST_CONTACT_DEADLINE"] },
  { rule: "discharge SIP within 3 days", source: "kap. 3", input: { reporterRole: "health_care", ...both, dischargeNoticeOn: "2026-12-30" }, recommendation: "sip_indicated", mayConvene: true, has: ["DISCHARGE_DEADLINE", "INDICATION_DISCHARGE_READY"] },
];

describe("assess: one row per rule (SIP-RULES §1–2)", () => {
  it.each(rows)("$rule", ({ input, recommendation, mayConvene, has, lacks, source }) => {
    const result = assess(input);
    const codes = result.reasons.map((r) => r.code);
    expect(result.recommendation).toBe(recommendation);
    expect(result.mayConvene).toBe(mayConvene);
    expect(codes).toEqual(expect.arrayContaining(has));
    for (const code of lacks ?? []) expect(codes).not.toContain(code);
    const cited = result.reasons.filter((r) => has.includes(r.code)).map((r) => r.source);
    expect(cited.some((s) => s.includes(source))).toBe(true);
    expect(result.nextSteps.length).toBeGreaterThan(0);
  });
});

describe("assess: deadlines, KVÅ and next steps", () => {
  it("counts first contact from the regional days and discharge from the notice, across a month end", () => {
    const r = assess({
      ...both,
      reporterRole: "health_care",
      identifiedOn: "2026-12-30",
      dischargeNoticeOn: "2027-02-27",
    });
    expect(r.deadlines).toEqual([
      // CONTRACT v2 rule 3: first contact ("utan dröjsmål") is a guideline, not a legal date.
      { kind: "first_contact", due: "2027-01-02", guideline: true },
      { kind: "discharge_sip", due: "2027-03-02" },
    ]);
    expect(r.kvaCode).toBe("AU125");
    expect(r.nextSteps.join("\n")).toContain("2 januari 2027");
    expect(r.nextSteps.join("\n")).toContain("2 mars 2027");
    expect(
      assess(
        { ...both, reporterRole: "health_care", indications: ["several_units"], identifiedOn: "2026-12-30" },
        "en",
      ).nextSteps[1],
    ).toContain("2 January 2027");
  });

  it("gives AU124 outside discharge and no code for other roles or when not indicated", () => {
    const base = { ...both, indications: ["several_units" as const] };
    expect(assess({ ...base, reporterRole: "health_care" }).kvaCode).toBe("AU124");
    expect(assess({ ...base, reporterRole: "social_services" }).kvaCode).toBeUndefined();
    expect(assess({ ...base, reporterRole: "health_care", needsHealthCare: "no" }).kvaCode).toBeUndefined();
  });

  it("gives no deadlines when a SIP is not indicated", () => {
    const r = assess({
      ...ss,
      needsSocialServices: "no",
      needsHealthCare: "yes",
      identifiedOn: "2026-11-26",
    });
    expect(r.deadlines).toEqual([]);
  });

  it("tells a school reporter to flag the need, not to convene", () => {
    const r = assess({ reporterRole: "school", ...both, indications: ["several_units"] });
    expect(r.nextSteps.join(" ")).toMatch(/Flagga behovet/);
    expect(r.nextSteps.join(" ")).not.toMatch(/Kontakta den andra huvudmannen/);
  });

  it("answers in English on request with the same codes and sources", () => {
    const input: AssessInput = {
      ...both,
      reporterRole: "school",
      indications: ["bounced_around"],
      identifiedOn: "2026-11-26",
    };
    const sv = assess(input);
    const en = assess(input, "en");
    expect(en.reasons.map((r) => [r.code, r.source])).toEqual(sv.reasons.map((r) => [r.code, r.source]));
    expect(en.nextSteps[1]).toMatch(/Flag the need/);
    expect(sv.nextSteps[1]).toMatch(/Flagga behovet/);
  });
});
