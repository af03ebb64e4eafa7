import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkConsent,
  ConsentInputSchema,
  type ConsentInput,
  type ConsentVerdict,
} from "../../src/sip/index.js";
import { consentArb } from "../fixtures/consent-arb.js";

/** CONTRACT v2 rule 1: may_proceed < needs_decision < blocked. */
const RANK: Record<ConsentVerdict, number> = { may_proceed: 0, needs_decision: 1, blocked: 2 };

/** Every input that moves one party's answer towards consent, all else equal. */
function towardsConsent(c: ConsentInput): [string, ConsentInput][] {
  const out: [string, ConsentInput][] = [];
  c.guardians?.forEach((g, i) => {
    if (g.consent === "given") return;
    const guardians = c.guardians?.map((h, j) => (j === i ? { ...h, consent: "given" as const } : h));
    out.push([`guardian ${i + 1} ${g.consent} → given`, { ...c, guardians }]);
  });
  if (c.representative && c.representative.consent !== "given")
    out.push([
      `representative ${c.representative.consent} → given`,
      { ...c, representative: { ...c.representative, consent: "given" } },
    ]);
  const person = c.personConsent ?? "not_asked";
  if (person === "refused" || person === "not_asked" || person === "presumed")
    out.push([`person ${person} → given`, { ...c, personConsent: "given" }]);
  const view = c.childView ?? "not_asked";
  if (view !== "consents") out.push([`child ${view} → consents`, { ...c, childView: "consents" }]);
  return out;
}

describe("consent v2 rule 1: monotone in every party's answer", () => {
  it("moving any answer towards consent never gives a stricter verdict", () => {
    fc.assert(
      fc.property(consentArb, (c) => {
        const before = checkConsent(c).verdict;
        for (const [move, moved] of towardsConsent(c)) {
          // The move changes an answer only, so the edge still accepts it.
          expect(ConsentInputSchema.safeParse(moved).success).toBe(true);
          const after = checkConsent(moved).verdict;
          expect(RANK[after], `${move}: ${before} → ${after}`).toBeLessThanOrEqual(RANK[before]);
        }
      }),
      { numRuns: 6000 },
    );
  });

  it("also over children with two guardians, where most routes meet", () => {
    const answer = fc.constantFrom("given", "refused", "not_asked", "unreachable");
    const child = fc.record({
      age: fc.integer({ min: 0, max: 17 }),
      guardians: fc.tuple(
        fc.record({ consent: answer, suspectedPerpetrator: fc.boolean() }),
        fc.record({ consent: answer, suspectedPerpetrator: fc.boolean() }),
      ),
      childView: fc.constantFrom("consents", "does_not_object", "objects", "not_asked"),
      childCanJudge: fc.boolean(),
      lvu: fc.record({
        inCare: fc.boolean(),
        placementSecretFromGuardians: fc.boolean(),
        socialCommitteeDecision: fc.boolean(),
      }),
      protectedIdentity: fc.boolean(),
      violence: fc.boolean(),
      region: fc.constantFrom("national", "varmland"),
    });
    fc.assert(
      fc.property(child, (raw) => {
        const c = ConsentInputSchema.parse(raw);
        const before = checkConsent(c).verdict;
        for (const [move, moved] of towardsConsent(c))
          expect(RANK[checkConsent(moved).verdict], move).toBeLessThanOrEqual(RANK[before]);
      }),
      { numRuns: 4000 },
    );
  });
});
