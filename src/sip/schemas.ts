import { z } from "zod/v4";
import { IsoDateSchema } from "./dates.js";
import { FIELD_MESSAGES } from "./field-messages.js";
import { ORG_TYPES } from "./org-types.js";
import { RegionKeySchema, RoleSchema } from "./regions.js";

/**
 * Input schemas of the rules engine: the CLI, the library and the bot's cards all parse with
 * these. Field names and enum values follow ../shared/CONTRACT.md and never change; fields
 * beyond the contract are optional additions.
 */

export const ADULT_AGE = 18;
export const YOUTH_OWN_CONSENT_AGE = 15;
/** LVU 21 § tredje stycket: care under 3 § ends when the young person turns 21. */
export const LVU_END_AGE = 21;
export const COMPULSORY_CARE = ["LVM", "LPT", "LRV"] as const;
export type CompulsoryCare = (typeof COMPULSORY_CARE)[number];
export const DISCHARGE_TO = ["home", "special_housing", "opt", "orv"] as const;

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
        kind: z.enum([
          "forvaltare",
          "god_man",
          "sarskilt_forordnad_vardnadshavare",
          // v2: neither stands in for the person's consent to a SIP (see consent.ts).
          "framtidsfullmakt",
          "anhorigbehorighet",
        ]),
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
    /** v2: how the consent was obtained, when it was given, and services it leaves out. */
    consentForm: z.enum(["written", "oral", "presumed"]).optional(),
    consentGivenOn: IsoDateSchema.optional(),
    excludedServices: z
      .array(z.enum(ORG_TYPES))
      .max(ORG_TYPES.length * 2)
      .optional(),
    /** v3: care under compulsion other than LVU; it never stands in for consent to the SIP. */
    compulsoryCare: z.enum(COMPULSORY_CARE).optional(),
    /** v3: a minor's 18th birthday, when the guardians' consent ends. */
    turns18On: IsoDateSchema.optional(),
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
    // Both need the person to be 18 (lag 2017:310; FB 17 kap. 1 §).
    if (
      child &&
      (c.representative?.kind === "framtidsfullmakt" || c.representative?.kind === "anhorigbehorighet")
    )
      issue("representative.kind", FIELD_MESSAGES.adultRepresentativeKinds.sv);
    if (c.consentGivenOn && c.today && c.consentGivenOn > c.today)
      issue("consentGivenOn", FIELD_MESSAGES.givenAfterToday.sv);
    // A court-appointed special guardian, or an unaccompanied child's god man, stands in the
    // guardians' place: listing both would leave it unclear whose consent counts.
    if (child && c.representative && c.guardians?.length)
      issue("representative", FIELD_MESSAGES.guardiansOrRepresentative.sv);
    // v3 rule 2: LVU care under 3 § ends at 21 at the latest (LVU 21 § tredje stycket), so care
    // at 21 or older is an input error rather than something to note and ignore.
    if (c.lvu?.inCare && c.age >= LVU_END_AGE) issue("lvu.inCare", FIELD_MESSAGES.lvuUntil21.sv);
    if (c.turns18On && !child) issue("turns18On", FIELD_MESSAGES.turns18OnForMinors.sv);
    else if (c.turns18On && c.today && !turns18Matches(c.age, c.turns18On, c.today))
      issue("turns18On", FIELD_MESSAGES.turns18OnMatchesAge.sv);
  });

/**
 * Is `age` the person's age on `today` if they turn 18 on `turns18On`? Then they turned `age`
 * `18 - age` years before that birthday and are not yet `age + 1`. Dates compare as strings, so
 * a shifted 29 February needs no calendar.
 */
function turns18Matches(age: number, turns18On: string, today: string): boolean {
  const shift = (years: number) =>
    `${Number(turns18On.slice(0, 4)) - years}`.padStart(4, "0") + turns18On.slice(4);
  return shift(ADULT_AGE - age) <= today && today < shift(ADULT_AGE - age - 1);
}
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
  /** v2: a SIP already exists for this person (follow it up and revise it). */
  existingSip: z.boolean().optional(),
  /** v2: kommunal hälso- och sjukvård (hemsjukvård …): counts on the kommun's side at discharge. */
  municipalHealthCare: Need.optional(),
  /** Addition: date of evaluation, only to tell whether the regional document has expired. */
  today: IsoDateSchema.optional(),
  /** v3: where the patient goes after inpatient care; ÖPT/ÖRV need a samordnad vårdplan. */
  dischargeTo: z.enum(DISCHARGE_TO).optional(),
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
