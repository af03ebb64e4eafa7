import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assess,
  AssessInputSchema,
  checkConsent,
  REGION_KEYS,
  type AssessInput,
} from "../../src/sip/index.js";
import { consentArb, isoDate, opt } from "../fixtures/consent-arb.js";

const RUNS = { numRuns: 3000 };

describe("consent invariants over generated cases", () => {
  it("withdrawn or expired consent is never may_proceed", () => {
    fc.assert(
      fc.property(consentArb, (c) => {
        const expired = c.expiresOn !== undefined && c.today !== undefined && c.expiresOn < c.today;
        if (c.withdrawn || expired) expect(checkConsent(c).verdict).not.toBe("may_proceed");
      }),
      RUNS,
    );
  });

  it("protected identity or violence is always manual_only", () => {
    fc.assert(
      fc.property(consentArb, (c) => {
        if (c.protectedIdentity || c.violence) expect(checkConsent(c).channel).toBe("manual_only");
      }),
      RUNS,
    );
  });

  it("a child with two guardians is never may_proceed unless both consented or an LVU path applies", () => {
    fc.assert(
      fc.property(consentArb, (c) => {
        if (c.age >= 18 || c.guardians?.length !== 2) return;
        const bothGiven = c.guardians.every((g) => g.consent === "given");
        const lvuPath = Boolean(
          c.lvu?.inCare && (c.lvu.placementSecretFromGuardians || c.lvu.socialCommitteeDecision),
        );
        if (!bothGiven && !lvuPath) expect(checkConsent(c).verdict).not.toBe("may_proceed");
      }),
      RUNS,
    );
  });

  it("a young person of 15+ who can judge and objects is never may_proceed outside an LVU decision", () => {
    fc.assert(
      fc.property(consentArb, (c) => {
        const decided = c.lvu?.inCare && c.lvu.socialCommitteeDecision;
        if (c.age >= 15 && c.age < 18 && c.childCanJudge !== false && c.childView === "objects" && !decided)
          expect(checkConsent(c).verdict).not.toBe("may_proceed");
      }),
      RUNS,
    );
  });

  it("every verdict has reasons, each with message and source, the same in both languages", () => {
    fc.assert(
      fc.property(consentArb, (c) => {
        const sv = checkConsent(c);
        const en = checkConsent(c, "en");
        expect(sv.reasons.length).toBeGreaterThan(0);
        expect(en.verdict).toBe(sv.verdict);
        expect(en.channel).toBe(sv.channel);
        for (const r of [...sv.reasons, ...en.reasons]) {
          expect(r.message.length).toBeGreaterThan(10);
          expect(r.message).not.toMatch(/\{\w+\}/);
          expect(r.source).toMatch(/, /);
        }
        if (sv.verdict === "may_proceed") expect(sv.reasons.every((r) => r.effect === "note")).toBe(true);
      }),
      RUNS,
    );
  });
});

const assessArb: fc.Arbitrary<AssessInput> = fc
  .record(
    {
      needsSocialServices: fc.constantFrom("yes", "no", "unsure"),
      needsHealthCare: fc.constantFrom("yes", "no", "unsure"),
      requestedBy: opt(fc.constantFrom("person", "guardian", "relative", null)),
      indications: opt(
        fc.uniqueArray(
          fc.constantFrom(
            "several_units",
            "unclear_responsibility",
            "simultaneous_or_ordered",
            "bounced_around",
            "discharge_ready",
          ),
        ),
      ),
      existingEquivalentPlan: opt(fc.boolean()),
      reporterRole: fc.constantFrom("social_services", "health_care", "school", "other", "school_health"),
      region: opt(fc.constantFrom(...REGION_KEYS)),
      identifiedOn: opt(isoDate),
      dischargeNoticeOn: opt(isoDate),
      existingSip: opt(fc.boolean()),
      municipalHealthCare: opt(fc.constantFrom("yes", "no", "unsure")),
      today: opt(isoDate),
      dischargeTo: opt(fc.constantFrom("home", "special_housing", "opt", "orv")),
    },
    { requiredKeys: ["needsSocialServices", "needsHealthCare", "reporterRole"] },
  )
  .map((raw) => AssessInputSchema.parse(raw));

describe("assessment invariants over generated cases", () => {
  it("follows the contract's recommendation semantics", () => {
    fc.assert(
      fc.property(assessArb, (a) => {
        const r = assess(a);
        // v2 rule 2: at discharge the kommun's side is social services or municipal health care.
        const discharge = Boolean(a.dischargeNoticeOn || a.indications?.includes("discharge_ready"));
        const kommunSide = discharge
          ? [a.needsSocialServices, a.municipalHealthCare]
          : [a.needsSocialServices];
        const kommun = kommunSide.includes("yes") ? "yes" : kommunSide.includes("unsure") ? "unsure" : "no";
        const needs = [kommun, a.needsHealthCare];
        // v2 rule 1: an existing SIP is revised, whatever else holds.
        if (a.existingSip) expect(r.recommendation).toBe("revise_existing");
        else if (needs.includes("no")) expect(r.recommendation).toBe("not_indicated");
        else if (needs.includes("unsure")) expect(r.recommendation).toBe("assess_further");
        else if (discharge) expect(r.recommendation).toBe("sip_indicated");
        else if (!a.requestedBy && !a.indications?.length) expect(r.recommendation).toBe("assess_further");
        if (r.recommendation === "sip_indicated") expect(needs).toEqual(["yes", "yes"]);
        // v3 rule 1: revising keeps only the discharge kallelse's deadline, and never a KVÅ code.
        if (r.recommendation === "revise_existing") {
          expect(r.deadlines.every((d) => d.kind === "discharge_sip")).toBe(true);
          expect(r.kvaCode).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it("social services and health care may always convene; deadlines never precede their start", () => {
    fc.assert(
      fc.property(assessArb, (a) => {
        const r = assess(a);
        if (a.reporterRole === "social_services" || a.reporterRole === "health_care")
          expect(r.mayConvene).toBe(true);
        for (const d of r.deadlines) {
          const from = d.kind === "first_contact" ? a.identifiedOn : a.dischargeNoticeOn;
          expect(from !== undefined && d.due >= from).toBe(true);
        }
        if (r.kvaCode) expect(a.reporterRole).toBe("health_care");
        // v2 rule 3: first contact is a guideline, and only for a reporter who may convene.
        for (const d of r.deadlines) expect(d.guideline).toBe(d.kind === "first_contact" ? true : undefined);
        if (!r.mayConvene) expect(r.deadlines.map((d) => d.kind)).not.toContain("first_contact");
        // v2 rule 4: school health is answered exactly as school.
        if (a.reporterRole === "school_health") expect(r).toEqual(assess({ ...a, reporterRole: "school" }));
      }),
      RUNS,
    );
  });
});
