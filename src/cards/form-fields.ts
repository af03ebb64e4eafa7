/**
 * The input ids of the assessment and consent forms: the card templates and views render them,
 * and bot/forms.ts parses a submit by them, so both read the one list here.
 */
export const ASSESS_FIELDS = [
  "needsSocialServices",
  "needsHealthCare",
  "municipalHealthCare",
  "reporterRole",
  "region",
  "requestedBy",
  "indications",
  "existingEquivalentPlan",
  "existingSip",
  "identifiedOn",
  "dischargeNoticeOn",
  "dischargeTo",
] as const;
export const CONSENT_FIELDS = [
  "age",
  "region",
  "guardian1",
  "guardian1Suspected",
  "guardian2",
  "guardian2Suspected",
  "childView",
  "childCanJudge",
  "lvuInCare",
  "lvuSecret",
  "lvuDecision",
  "personConsent",
  "repKind",
  "repConsent",
  "repMandate",
  "protectedIdentity",
  "violence",
  "withdrawn",
  "expiresOn",
  "consentForm",
  "consentGivenOn",
  "excludedServices",
  "compulsoryCare",
  "turns18On",
] as const;
export type AssessField = (typeof ASSESS_FIELDS)[number];
export type ConsentField = (typeof CONSENT_FIELDS)[number];
export type FormValues<F extends string> = Record<F, string>;
/**
 * Error keys are card field ids, plus "guardians" for the child section as a whole; "pnr" marks a
 * field refused for holding a personnummer (bot/turn-guard.ts), which has its own text.
 */
export type FieldErrors = Partial<Record<AssessField | ConsentField | "guardians", true | "pnr">>;

/**
 * The plan form (cards/plan-form.json): fixed inputs, and rows of interventions `i<n>What` etc.
 * `absent` is a multi-select of invitee ids, comma-separated as Teams sends it.
 */
export const PLAN_FIELDS = ["lead", "leadOrg", "followUp", "consentUntil", "absent"] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
export const PLAN_ROWS = 3;
export const PLAN_ROW_PARTS = ["What", "Principal", "Start", "End"] as const;
export const planRowField = (n: number, part: (typeof PLAN_ROW_PARTS)[number]) => `i${n}${part}`;
