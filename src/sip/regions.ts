import { z } from "zod/v4";
import { IsoDateSchema } from "./dates.js";
import { DOCS, SRC } from "./sources.js";

/**
 * Regional settings: where the sources disagree, the difference is data, not a code branch.
 * Validated once at load, so a bad edit fails the first test instead of a user's case.
 */
/** school_health (CONTRACT v2): elevhälsans medicinska insats; convenes and flags like school. */
export const ROLES = ["social_services", "health_care", "school", "other", "school_health"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** The document a region's settings rest on, and the validity the document itself states. */
export const RegionalSourceSchema = z
  .strictObject({
    document: z.string().min(1),
    validFrom: IsoDateSchema.optional(),
    /** Inclusive ("giltig t.o.m."); absent when the document states no end date. */
    validTo: IsoDateSchema.optional(),
  })
  .refine((s) => !s.validFrom || !s.validTo || s.validFrom <= s.validTo, {
    path: ["validTo"],
    message: "validTo is before validFrom",
  });
export type RegionalSource = z.infer<typeof RegionalSourceSchema>;

export const RegionSettingsSchema = z.object({
  name: z.string().min(1),
  basis: RegionalSourceSchema,
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
  /** Reminder lead times in days, where a region's routine differs from the national defaults. */
  reminderDays: z
    .strictObject({
      followUpSoon: z.number().int().min(1).max(30),
      followUpOverdue: z.number().int().min(1).max(30),
      consentEnding: z.number().int().min(1).max(60),
      unanswered: z.number().int().min(1).max(14),
    })
    .partial()
    .optional(),
});
export type RegionSettings = z.infer<typeof RegionSettingsSchema>;

const NATIONAL: RegionSettings = {
  name: "Nationellt (SKL)",
  // The national handbook (v6.0, 2019) states no end date.
  basis: { document: DOCS.SKL },
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
    // The slides: "Riktlinjen gäller från november 2020 till och med årsskiftet 2023".
    basis: { document: DOCS.VGR, validFrom: "2020-11-01", validTo: "2023-12-31" },
    conveners: ["social_services", "health_care", "school"],
    schoolSource: SRC.vgrChanges,
    acceptsEquivalentPlan: false,
    equivalentPlanSource: SRC.vgrChanges,
  },
  uppsala: {
    ...NATIONAL,
    name: "Region Uppsala",
    // Latest revision in the document history; the guideline states no end date.
    basis: { document: DOCS.UPPSALA, validFrom: "2025-04-25" },
    schoolSource: SRC.uppsalaScope,
  },
  varmland: {
    ...NATIONAL,
    name: "Region Värmland",
    // The routine's header: "Giltig fr.o.m. 2024-06-18, Giltig t.o.m. 2026-06-18".
    basis: { document: DOCS.VARMLAND, validFrom: "2024-06-18", validTo: "2026-06-18" },
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

/** The region's document when `today` is after its stated end date; never reads the clock. */
export function expiredBasis(
  settings: RegionSettings,
  today: string | undefined,
): RegionalSource | undefined {
  const { validTo } = settings.basis;
  return today && validTo && validTo < today ? settings.basis : undefined;
}

export type ReminderDays = Required<NonNullable<RegionSettings["reminderDays"]>>;
/**
 * National lead times (issue 11): the follow-up is announced 7 days ahead and overdue 3 days after,
 * consent 14 days before it ends, an unanswered invitation after 3 days. Regions override per field.
 */
const REMINDER_DAYS: ReminderDays = { followUpSoon: 7, followUpOverdue: 3, consentEnding: 14, unanswered: 3 };
export function reminderDays(key: RegionKey): ReminderDays {
  return { ...REMINDER_DAYS, ...regionSettings(key).reminderDays };
}
