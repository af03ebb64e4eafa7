import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assess,
  AssessInputSchema,
  checkConsent,
  ConsentInputSchema,
  REGION_KEYS,
  type AssessInput,
  type ConsentInput,
} from "../../src/sip/index.js";

const isoDate = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const consentArb: fc.Arbitrary<ConsentInput> = fc
  .record(
    {
      age: fc.integer({ min: 0, max: 100 }),
      guardians: opt(
        fc.array(
          fc.record(
            {
              consent: fc.constantFrom("given", "refused", "not_asked", "unreachable"),
              suspectedPerpetrator: fc.boolean(),
            },
            { requiredKeys: ["consent"] },
          ),
          { maxLength: 2 },
        ),
      ),
      childView: opt(fc.constantFrom("consents", "does_not_object", "objects", "not_asked")),
      childCanJudge: opt(fc.boolean()),
      lvu: opt(
        fc.record(
          {
            inCare: fc.boolean(),
            placementSecretFromGuardians: fc.boolean(),
            socialCommitteeDecision: fc.boolean(),
          },
          { requiredKeys: ["inCare"] },
        ),
      ),
      personConsent: opt(fc.constantFrom("given", "refused", "not_asked", "presumed", "unable")),
      representative: opt(
        fc.record(
          {
            kind: fc.constantFrom("forvaltare", "god_man", "sarskilt_forordnad_vardnadshavare"),
            consent: fc.constantFrom("given", "refused", "not_asked"),
            mandateCoversPerson: fc.boolean(),
          },
          { requiredKeys: ["kind", "consent"] },
        ),
      ),
      protectedIdentity: opt(fc.boolean()),
      violence: opt(fc.boolean()),
      withdrawn: opt(fc.boolean()),
      expiresOn: opt(isoDate),
      today: opt(isoDate),
      region: opt(fc.constantFrom(...REGION_KEYS)),
    },
    { requiredKeys: ["age"] },
  )
  // Only inputs the edge accepts reach the rules; the schema is tested on its own.
  .map((raw) => ConsentInputSchema.safeParse(raw).data)
  .filter((c): c is ConsentInput => c !== undefined);

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
      reporterRole: fc.constantFrom("social_services", "health_care", "school", "other"),
      region: opt(fc.constantFrom(...REGION_KEYS)),
      identifiedOn: opt(isoDate),
      dischargeNoticeOn: opt(isoDate),
    },
    { requiredKeys: ["needsSocialServices", "needsHealthCare", "reporterRole"] },
  )
  .map((raw) => AssessInputSchema.parse(raw));

describe("assessment invariants over generated cases", () => {
  it("follows the contract's recommendation semantics", () => {
    fc.assert(
      fc.property(assessArb, (a) => {
        const r = assess(a);
        const needs = [a.needsSocialServices, a.needsHealthCare];
        if (needs.includes("no")) expect(r.recommendation).toBe("not_indicated");
        else if (needs.includes("unsure")) expect(r.recommendation).toBe("assess_further");
        else if (!a.requestedBy && !a.indications?.length && !a.dischargeNoticeOn)
          expect(r.recommendation).toBe("assess_further");
        if (r.recommendation === "sip_indicated") expect(needs).toEqual(["yes", "yes"]);
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
      }),
      RUNS,
    );
  });
});
