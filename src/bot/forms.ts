import { z } from "zod/v4";
import {
  AssessInputSchema,
  ConsentInputSchema,
  type AssessInput,
  type ConsentInput,
  type RegionKey,
} from "../sip/index.js";
import {
  ASSESS_FIELDS,
  CONSENT_FIELDS,
  type AssessField,
  type ConsentField,
  type FieldErrors,
  type FormValues,
} from "../cards/form-fields.js";

/**
 * Card forms ⇄ rules-engine input. A card sends strings; these schemas accept what a Teams
 * client can send for each input, turn it into the engine's input, and map the engine's
 * complaints back to the card field they belong to, so the form can be shown again with
 * the user's values kept and the error beside the field.
 */
/** The value of a choice that means "none of these": Adaptive Cards forbid an empty choice value. */
export const NONE = "none";

// A Teams client sends input values as strings; booleans and numbers are accepted too.
const scalar = z.union([z.string().max(500), z.number(), z.boolean()]).transform(String);
const formSchema = <F extends string>(fields: readonly F[]) =>
  z.object(
    Object.fromEntries(fields.map((f) => [f, scalar.optional()])) as Record<F, z.ZodOptional<typeof scalar>>,
  );
const AssessFormSchema = formSchema(ASSESS_FIELDS);
const ConsentFormSchema = formSchema(CONSENT_FIELDS);

function fill<F extends string>(
  fields: readonly F[],
  raw: Partial<Record<F, string>>,
  defaults: Partial<Record<F, string>>,
) {
  return Object.fromEntries(fields.map((f) => [f, raw[f] ?? defaults[f] ?? ""])) as FormValues<F>;
}

/** Values for a fresh or pre-filled form; anything unreadable in `prefill` is dropped. */
export function assessValues(prefill: unknown, region: RegionKey): FormValues<AssessField> {
  const parsed = AssessFormSchema.safeParse(prefill ?? {});
  return fill(ASSESS_FIELDS, parsed.data ?? {}, {
    region,
    existingEquivalentPlan: "false",
    existingSip: "false",
    requestedBy: NONE,
    dischargeTo: NONE,
  });
}
export function consentValues(prefill: unknown, region: RegionKey): FormValues<ConsentField> {
  const parsed = ConsentFormSchema.safeParse(prefill ?? {});
  const off = Object.fromEntries(CONSENT_FIELDS.filter(isToggle).map((f) => [f, "false"]));
  const none = Object.fromEntries(CHOICES_WITH_NONE.map((f) => [f, NONE]));
  return fill(CONSENT_FIELDS, parsed.data ?? {}, { ...off, ...none, region });
}
const CHOICES_WITH_NONE = [
  "guardian1",
  "guardian2",
  "childView",
  "childCanJudge",
  "personConsent",
  "repKind",
  "repConsent",
  "consentForm",
  "compulsoryCare",
] as const;
const TOGGLES = new Set<string>([
  "guardian1Suspected",
  "guardian2Suspected",
  "lvuInCare",
  "lvuSecret",
  "lvuDecision",
  "repMandate",
  "protectedIdentity",
  "violence",
  "withdrawn",
  "existingEquivalentPlan",
  "existingSip",
]);
function isToggle(f: string): boolean {
  return TOGGLES.has(f);
}

/**
 * A form refused for a personnummer in `fields`: its values as typed, those fields marked.
 * Undefined when a field has no place on the form to show the mark (a checkbox, a key the form
 * does not have) or the data is no form: the refusal is then a notice instead.
 */
export function refusedAssessForm(data: unknown, region: RegionKey, fields: readonly string[]) {
  return refused(AssessFormSchema, ASSESS_FIELDS, data, { region }, fields);
}
export function refusedConsentForm(data: unknown, region: RegionKey, fields: readonly string[]) {
  return refused(ConsentFormSchema, CONSENT_FIELDS, data, { region }, fields);
}
function refused<F extends string>(
  schema: z.ZodType<Partial<Record<F, string>>>,
  all: readonly F[],
  data: unknown,
  defaults: Partial<Record<F, string>>,
  fields: readonly string[],
): { values: FormValues<F>; errors: FieldErrors } | undefined {
  const form = schema.safeParse(data);
  const markable = (f: string) => (all as readonly string[]).includes(f) && !isToggle(f);
  if (!form.success || fields.length === 0 || !fields.every(markable)) return undefined;
  const errors: FieldErrors = Object.fromEntries(fields.map((f) => [f, "pnr"]));
  return { values: fill(all, form.data, defaults), errors };
}

export type FormResult<F extends string, T> =
  | { ok: true; input: T; values: FormValues<F> }
  | { ok: false; values: FormValues<F>; errors: FieldErrors }
  | { ok: false; unreadable: true };

const blank = (s: string) => (s.trim() === "" || s === NONE ? undefined : s.trim());
const flag = (s: string) => s === "true";

export function parseAssessForm(data: unknown, region: RegionKey): FormResult<AssessField, AssessInput> {
  const form = AssessFormSchema.safeParse(data);
  if (!form.success) return { ok: false, unreadable: true };
  const v = fill(ASSESS_FIELDS, form.data, { region });
  const input = {
    needsSocialServices: blank(v.needsSocialServices),
    needsHealthCare: blank(v.needsHealthCare),
    municipalHealthCare: blank(v.municipalHealthCare),
    reporterRole: blank(v.reporterRole),
    region: blank(v.region),
    requestedBy: blank(v.requestedBy),
    indications: blank(v.indications)?.split(","),
    existingEquivalentPlan: flag(v.existingEquivalentPlan),
    existingSip: flag(v.existingSip),
    identifiedOn: blank(v.identifiedOn),
    dischargeNoticeOn: blank(v.dischargeNoticeOn),
    dischargeTo: blank(v.dischargeTo),
  };
  const parsed = AssessInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data, values: v };
  return { ok: false, values: v, errors: errorsOf(parsed.error, (path) => path[0] as AssessField) };
}

export function parseConsentForm(
  data: unknown,
  region: RegionKey,
  today: string,
): FormResult<ConsentField, ConsentInput> {
  const form = ConsentFormSchema.safeParse(data);
  if (!form.success) return { ok: false, unreadable: true };
  const v = fill(CONSENT_FIELDS, form.data, { region });
  const guardians = (
    [
      [v.guardian1, v.guardian1Suspected],
      [v.guardian2, v.guardian2Suspected],
    ] as const
  )
    .filter(([consent]) => blank(consent))
    .map(([consent, suspected]) => ({ consent, suspectedPerpetrator: flag(suspected) }));
  const lvuTicked = [v.lvuInCare, v.lvuSecret, v.lvuDecision].some(flag);
  const age = blank(v.age);
  const input = {
    age: age !== undefined && /^-?\d+(\.\d+)?$/.test(age) ? Number(age) : age,
    region: blank(v.region),
    guardians: guardians.length ? guardians : undefined,
    childView: blank(v.childView),
    childCanJudge: blank(v.childCanJudge) === undefined ? undefined : flag(v.childCanJudge),
    lvu: lvuTicked
      ? {
          inCare: flag(v.lvuInCare),
          placementSecretFromGuardians: flag(v.lvuSecret),
          socialCommitteeDecision: flag(v.lvuDecision),
        }
      : undefined,
    personConsent: blank(v.personConsent),
    representative: blank(v.repKind)
      ? {
          kind: v.repKind,
          consent: blank(v.repConsent) ?? "not_asked",
          mandateCoversPerson: flag(v.repMandate),
        }
      : undefined,
    protectedIdentity: flag(v.protectedIdentity),
    violence: flag(v.violence),
    withdrawn: flag(v.withdrawn),
    expiresOn: blank(v.expiresOn),
    consentForm: blank(v.consentForm),
    consentGivenOn: blank(v.consentGivenOn),
    // A multi-select ChoiceSet sends its picks comma-separated.
    excludedServices: blank(v.excludedServices)?.split(","),
    compulsoryCare: blank(v.compulsoryCare),
    turns18On: blank(v.turns18On),
    today,
  };
  const parsed = ConsentInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data, values: v };
  return { ok: false, values: v, errors: errorsOf(parsed.error, consentField) };
}

/**
 * Engine path → the card field the user can change. The engine's cross-field checks name a nested
 * field as one dotted segment (["representative.kind"]), so dotted segments are split first.
 */
function consentField(raw: readonly PropertyKey[]): ConsentField | "guardians" {
  const path = raw.flatMap((p): PropertyKey[] => (typeof p === "string" ? p.split(".") : [p]));
  const [head, index] = path;
  if (head === "guardians") return index === 0 ? "guardian1" : index === 1 ? "guardian2" : "guardians";
  if (head === "representative") return path[1] === "consent" ? "repConsent" : "repKind";
  if (head === "lvu") return "lvuInCare";
  if (head === "today") return "expiresOn";
  return head as ConsentField;
}

function errorsOf(
  error: z.ZodError,
  fieldOf: (path: readonly PropertyKey[]) => keyof FieldErrors,
): FieldErrors {
  return Object.fromEntries(error.issues.map((i) => [fieldOf(i.path), true]));
}
