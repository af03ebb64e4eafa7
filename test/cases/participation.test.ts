import { describe, expect, it } from "vitest";
import { ORG_TYPES, type OrgType } from "../../src/cases/model.js";
import {
  effectiveParticipation,
  kallelseGate,
  mayConvene,
  participantRefusal,
  scopeEnds,
  type RegionOrAny,
} from "../../src/cases/workflow.js";
import { checkConsent } from "../../src/sip/index.js";

/** CONTRACT v3 "The plan and kallelse": only the principals are convened; a SIP needs both sides. */

const PRINCIPALS: OrgType[] = ["socialtjanst", "region", "kommunal_hsv"];

describe("who may be convened", () => {
  it.each<[RegionOrAny, OrgType[]]>([
    ["national", PRINCIPALS],
    ["uppsala", PRINCIPALS],
    ["vgr", [...PRINCIPALS, "skola"]],
    // A peer's invitation: the convener's region is unknown, so what some region allows stands.
    ["any", [...PRINCIPALS, "skola"]],
  ])("in %s: %j, nobody else", (region, convened) => {
    expect(ORG_TYPES.filter((t) => mayConvene(t, region))).toEqual(convened);
  });

  it.each<[OrgType, "convened" | "invited", RegionOrAny, "convened" | "invited"]>([
    ["region", "convened", "national", "convened"],
    ["socialtjanst", "invited", "national", "invited"],
    // Stored as convened before v3: shown as invited, so no duty to attend is cited.
    ["forsakringskassan", "convened", "national", "invited"],
    ["narstaende", "convened", "vgr", "invited"],
    ["annan", "convened", "any", "invited"],
    ["skola", "convened", "national", "invited"],
    ["skola", "convened", "vgr", "convened"],
    ["skola", "convened", "any", "convened"],
  ])("%s stored %s in %s reads as %s", (orgType, participation, region, shown) => {
    expect(effectiveParticipation({ orgType, participation }, region)).toBe(shown);
  });
});

describe("a kallelse row", () => {
  const scope = (region: "national" | "vgr", excluded: OrgType[] = []) => ({ region, excluded });

  it.each<[OrgType, "convened" | "invited", ReturnType<typeof scope>, string | undefined]>([
    ["region", "convened", scope("national"), undefined],
    ["forsakringskassan", "invited", scope("national"), undefined],
    ["forsakringskassan", "convened", scope("national"), "not_a_principal"],
    ["arbetsformedlingen", "convened", scope("vgr"), "not_a_principal"],
    ["narstaende", "convened", scope("national"), "not_a_principal"],
    ["skola", "convened", scope("national"), "not_a_principal"],
    ["skola", "convened", scope("vgr"), undefined],
    // Left out of the consent: refused for that, whatever the role.
    ["skola", "invited", scope("vgr", ["skola"]), "excluded_service"],
    ["annan", "convened", scope("national", ["annan"]), "excluded_service"],
  ])("%s %s (%j) → %s", (orgType, participation, s, refusal) => {
    expect(participantRefusal({ orgType, participation }, s)).toBe(refusal);
  });
});

describe("a SIP needs both sides", () => {
  it.each<[OrgType[], "no_joint_plan" | undefined]>([
    [[], undefined],
    [["region"], undefined],
    [["kommunal_hsv", "skola", "narstaende"], undefined],
    [["socialtjanst"], "no_joint_plan"],
    [["region", "kommunal_hsv"], "no_joint_plan"],
    [["socialtjanst", "region", "kommunal_hsv"], "no_joint_plan"],
  ])("a scope leaving out %j ends the SIP: %s", (excluded, ends) => {
    expect(scopeEnds(excluded)).toBe(ends);
  });

  it("gives no kallelse on a consent whose scope leaves out a whole side", () => {
    const consent = (excludedServices: OrgType[]) =>
      kallelseGate(
        checkConsent({
          age: 40,
          personConsent: "given",
          consentForm: "written",
          excludedServices,
          expiresOn: "2027-06-30",
          today: "2026-11-27",
        }),
      );
    expect(consent(["skola"])).toEqual({ ok: true });
    expect(consent(["socialtjanst"])).toEqual({ ok: false, why: "blocked" });
    expect(consent(["region", "kommunal_hsv"])).toEqual({ ok: false, why: "blocked" });
  });
});
