import { z } from "zod/v4";
import { InterventionSchema, PRINCIPALS } from "../cases/plan.js";
import { PLAN_FIELDS, PLAN_ROWS, planRowField } from "../cards/form-fields.js";
import { blankPlanForm, type PlanFormErrors, type PlanFormValues } from "../cards/plan-views.js";
import { STRINGS } from "../cards/render.js";
import { IsoDateSchema, ORG_TYPES, type Locale } from "../sip/index.js";
import type { PlanInput } from "../services/plan.js";

/** Whatever the card sent: strings only, each bounded; anything else is not this form. */
const RawSchema = z.record(z.string(), z.unknown()).transform((raw) => {
  const get = (k: string, max = 500) =>
    typeof raw[k] === "string" ? (raw[k] as string).trim().slice(0, max) : "";
  const values = blankPlanForm();
  // "absent" holds comma-separated ids (37 characters each): room for more than any meeting has.
  for (const f of PLAN_FIELDS) values[f] = get(f, f === "absent" ? MAX_ABSENT * 37 : 500);
  values.rows = Array.from({ length: PLAN_ROWS }, (_, i) => ({
    what: get(planRowField(i + 1, "What")),
    principal: get(planRowField(i + 1, "Principal")),
    start: get(planRowField(i + 1, "Start")),
    end: get(planRowField(i + 1, "End")),
  }));
  return values;
});

/** The typed values of a plan form submit (kept on the card when it is refused). */
export function readPlanForm(data: unknown): PlanFormValues {
  return RawSchema.safeParse(data).data ?? blankPlanForm();
}

const MAX_ABSENT = 40;
/**
 * "Kom inte till mötet": invitee ids as the multi-select sends them. Whether each is an invitee of
 * this meeting the service decides (services/plan.ts); anything not an id is refused here.
 */
const AbsentSchema = z
  .string()
  .transform((s) => [...new Set(s.split(",").filter(Boolean))])
  .pipe(z.array(z.uuid()).max(MAX_ABSENT));

const date = (v: string) => (IsoDateSchema.safeParse(v).success ? v : undefined);

/**
 * The form checked at the edge: required fields, real dates, known kinds. What depends on the
 * case (the lead can be reached, dates after the meeting, who may lead) the service decides.
 */
export function validatePlanForm(
  v: PlanFormValues,
  locale: Locale,
): { ok: true; input: PlanInput } | { ok: false; errors: PlanFormErrors } {
  const e = STRINGS[locale].plan.errors;
  const errors: PlanFormErrors = {};
  if (!v.lead) errors.lead = e.required;
  const leadOrg = ORG_TYPES.find((o) => o === v.leadOrg);
  if (!leadOrg) errors.leadOrg = e.required;
  const followUp = date(v.followUp);
  if (!followUp) errors.followUp = e.required;
  const consentUntil = v.consentUntil ? date(v.consentUntil) : undefined;
  if (v.consentUntil && !consentUntil) errors.consentUntil = e.required;
  const absent = AbsentSchema.safeParse(v.absent).data;
  if (!absent) errors.absent = e.unknownAbsent;
  const interventions: PlanInput["interventions"] = [];
  v.rows.forEach((r, i) => {
    if (!r.what && !r.start && !r.end) return; // an empty row is no intervention
    // Which principal carries it is part of the agreement: never guessed.
    const principal = PRINCIPALS.find((p) => p === r.principal);
    const parsed = InterventionSchema.safeParse({
      what: r.what,
      principal,
      ...(r.start ? { start: r.start } : {}),
      ...(r.end ? { end: r.end } : {}),
    });
    if (!parsed.success) (errors.rows ??= {})[i + 1] = principal ? e.required : e.principal;
    else if (parsed.data.start && parsed.data.end && parsed.data.end < parsed.data.start)
      (errors.rows ??= {})[i + 1] = e.endBeforeStart;
    else interventions.push(parsed.data);
  });
  if (Object.keys(errors).length || !leadOrg || !followUp || !absent) return { ok: false, errors };
  return {
    ok: true,
    input: {
      leadUserId: v.lead,
      leadOrg,
      followUpDate: followUp,
      ...(consentUntil ? { consentUntil } : {}),
      interventions,
      absent,
    },
  };
}
