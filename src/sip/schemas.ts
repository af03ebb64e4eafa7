import { z } from "zod/v4";
import { IsoDateSchema } from "./dates.js";
import { FIELD_MESSAGES } from "./field-messages.js";
import { RegionKeySchema, RoleSchema } from "./regions.js";

/**
 * Input schemas of the rules engine: the CLI, the library and the bot's cards all parse with
 * these. Field names and enum values follow ../shared/CONTRACT.md and never change; fields
 * beyond the contract are optional additions.
 */

export const ADULT_AGE = 18;
export const YOUTH_OWN_CONSENT_AGE = 15;

const GuardianConsent = z.enum(["given", "refused", "not_asked", "unreachable"]);

export const GuardianSchema = z.strictObject({
  consent: GuardianConsent,
  suspectedPerpetrator: z.boolean().optional(),
});

export const ConsentInputSchema = z
  .strictObject({
    age: z.number().int(FIELD_MESSAGES.wholeYears.sv).min(0).max(130),
    guardians: z.array(GuardianSchema).max(2, FIELD_MESSAGES.atMostTwoGuardians.sv).optional(),
    childView: z.enum(["consents", "does_not_object", "objects", "not_asked"]).optional(),
    childCanJudge: z.boolean().optional(),
    lvu: z
      .strictObject({
        inCare: z.boolean(),
        placementSecretFromGuardians: z.boolean().optional(),
        socialCommitteeDecision: z.boolean().optional(),
      })
      .optional(),
    personConsent: z.enum(["given", "refused", "not_asked", "presumed", "unable"]).optional(),
    representative: z
      .strictObject({
        kind: z.enum(["forvaltare", "god_man", "sarskilt_forordnad_vardnadshavare"]),
        consent: z.enum(["given", "refused", "not_asked"]),
        /** Addition: for a god man, whether the mandate covers "sörja för person". */
        mandateCoversPerson: z.boolean().optional(),
      })
      .optional(),
    protectedIdentity: z.boolean().optional(),
    violence: z.boolean().optional(),
    withdrawn: z.boolean().optional(),
    expiresOn: IsoDateSchema.optional(),
    today: IsoDateSchema.optional(),
    /** Addition: regional settings key (default "national"). */
    region: RegionKeySchema.optional(),
  })
  .superRefine((c, ctx) => {
    const child = c.age < ADULT_AGE;
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (c.expiresOn && !c.today) issue("today", FIELD_MESSAGES.todayWithExpiry.sv);
    if (!child && c.guardians?.length) issue("guardians", FIELD_MESSAGES.guardiansForChildren.sv);
    if (child && c.representative?.kind === "forvaltare")
      issue("representative.kind", FIELD_MESSAGES.forvaltareForAdults.sv);
    if (!child && c.representative?.kind === "sarskilt_forordnad_vardnadshavare")
      issue("representative.kind", FIELD_MESSAGES.specialGuardianForChildren.sv);
    // A court-appointed special guardian, or an unaccompanied child's god man, stands in the
    // guardians' place: listing both would leave it unclear whose consent counts.
    if (child && c.representative && c.guardians?.length)
      issue("representative", FIELD_MESSAGES.guardiansOrRepresentative.sv);
  });
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

export const INDICATIONS = [
  "several_units",
  "unclear_responsibility",
  "simultaneous_or_ordered",
  "bounced_around",
  "discharge_ready",
] as const;
export type Indication = (typeof INDICATIONS)[number];

const Need = z.enum(["yes", "no", "unsure"]);

export const AssessInputSchema = z.strictObject({
  needsSocialServices: Need,
  needsHealthCare: Need,
  requestedBy: z.enum(["person", "guardian", "relative"]).nullable().optional(),
  indications: z.array(z.enum(INDICATIONS)).optional(),
  existingEquivalentPlan: z.boolean().optional(),
  reporterRole: RoleSchema,
  region: RegionKeySchema.optional(),
  identifiedOn: IsoDateSchema.optional(),
  dischargeNoticeOn: IsoDateSchema.optional(),
});
export type AssessInput = z.infer<typeof AssessInputSchema>;

export const LOCALES = ["sv", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** end: the SIP may not go on at all; decide: someone must decide; block: consent missing; note: guidance. */
export type Effect = "end" | "decide" | "block" | "note";
export interface Reason {
  code: string;
  message: string;
  source: string;
  /** Addition to the contract, on consent reasons: how the reason weighs on the verdict. */
  effect?: Effect;
}
