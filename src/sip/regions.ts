import { z } from "zod/v4";
import { SRC } from "./sources.js";

/**
 * Regional settings: where the sources disagree, the difference is data, not a code branch.
 * Validated once at load, so a bad edit fails the first test instead of a user's case.
 */
export const ROLES = ["social_services", "health_care", "school", "other"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const RegionSettingsSchema = z.object({
  name: z.string().min(1),
  /** Roles that may convene a SIP themselves; the others flag the need onward. */
  conveners: z.array(RoleSchema).min(2),
  /** Where the region's rule on the school's role (convene or flag onward) comes from. */
  schoolSource: z.string().min(1),
  /** "Utan dröjsmål": days from identified need to first contact between kommun and region. */
  firstContactDays: z.number().int().min(0).max(14),
  /** Lag (2017:612): the SIP is convened within this many calendar days of the discharge notice. */
  dischargeSipDays: z.number().int().min(1).max(7),
  /** Whether another plan that meets every SIP requirement may stand in for a SIP. */
  acceptsEquivalentPlan: z.boolean(),
  equivalentPlanSource: z.string().min(1),
  /** Whether violence together with LVU calls for consultation before any SIP work. */
  violenceLvuCaution: z.boolean(),
  /** A kallelse warns when professionals exceed this many per family member (SKL kap. 7, Bilaga 1). */
  balanceMaxProfessionalsPerFamilyMember: z.number().int().min(1).max(10),
});
export type RegionSettings = z.infer<typeof RegionSettingsSchema>;

const NATIONAL: RegionSettings = {
  name: "Nationellt (SKL)",
  conveners: ["social_services", "health_care"],
  schoolSource: SRC.school,
  // SKL: "within a few days"; we read "a few" as three calendar days.
  firstContactDays: 3,
  dischargeSipDays: 3,
  acceptsEquivalentPlan: true,
  equivalentPlanSource: SRC.faq(7),
  violenceLvuCaution: false,
  // Two per family member: the person and one guardian already face four professionals.
  balanceMaxProfessionalsPerFamilyMember: 2,
};

const RAW_REGIONS = {
  national: NATIONAL,
  vgr: {
    ...NATIONAL,
    name: "Västra Götalandsregionen",
    conveners: ["social_services", "health_care", "school"],
    schoolSource: SRC.vgrChanges,
    acceptsEquivalentPlan: false,
    equivalentPlanSource: SRC.vgrChanges,
  },
  uppsala: {
    ...NATIONAL,
    name: "Region Uppsala",
    schoolSource: SRC.uppsalaScope,
  },
  varmland: {
    ...NATIONAL,
    name: "Region Värmland",
    equivalentPlanSource: SRC.varmlandNeed,
    violenceLvuCaution: true,
  },
} satisfies Record<string, RegionSettings>;

export const REGIONS: Readonly<Record<RegionKey, RegionSettings>> = z
  .record(z.string(), RegionSettingsSchema)
  .parse(RAW_REGIONS) as Record<RegionKey, RegionSettings>;

export type RegionKey = keyof typeof RAW_REGIONS;
export const REGION_KEYS = Object.keys(RAW_REGIONS) as [RegionKey, ...RegionKey[]];
export const RegionKeySchema = z.enum(REGION_KEYS);

export function regionSettings(key: RegionKey | undefined): RegionSettings {
  return REGIONS[key ?? "national"];
}
