import type { Intervention, Plan, ReminderKind } from "../cases/plan.js";
import { PICKED_CLOSE_REASONS, type CloseReason, type Invitee } from "../cases/model.js";
import { ORG_TYPE_NAMES, ORG_TYPES, longDate, type Locale, type OrgType } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { PLAN_ROWS, type PlanField } from "./form-fields.js";
import { renderCard, STRINGS, type Card } from "./render.js";
import { VERBS } from "./verbs.js";

/** The plan form as typed: every input as the card sent it, rows of interventions by number. */
export interface PlanFormValues extends Record<PlanField, string> {
  rows: { what: string; principal: string; start: string; end: string }[];
}
export type PlanFormErrors = Partial<Record<PlanField, string>> & { rows?: Record<number, string> };

const blankRow = { what: "", principal: "", start: "", end: "" };
export const blankPlanForm = (): PlanFormValues => ({
  lead: "",
  leadOrg: "",
  followUp: "",
  consentUntil: "",
  absent: "",
  rows: Array.from({ length: PLAN_ROWS }, () => ({ ...blankRow })),
});

/** The values a saved plan fills the form with ("Ändra plan"). */
export function planValues(plan: Plan): PlanFormValues {
  const rows = plan.interventions.map((i) => ({
    what: i.what,
    principal: i.principal,
    start: i.start ?? "",
    end: i.end ?? "",
  }));
  return {
    lead: plan.lead.userId,
    leadOrg: plan.leadOrg,
    followUp: plan.followUpDate,
    consentUntil: plan.consentUntil ?? "",
    absent: (plan.absent ?? []).join(","),
    rows: [...rows, ...blankPlanForm().rows].slice(0, Math.max(PLAN_ROWS, rows.length)),
  };
}

const orgName = (o: OrgType, locale: Locale) => ORG_TYPE_NAMES[o][locale];

/** An invitee who may be marked as not having come: what the choice and the draft name. */
export type AbsentInvitee = Pick<Invitee, "id" | "name" | "organisation" | "orgType" | "status">;

/** "Försäkringskassan", or "regionens hälso- och sjukvård": the organisation, else its kind. */
function absentOrg(i: AbsentInvitee, locale: Locale): string {
  const kind = orgName(i.orgType, locale);
  if (!i.organisation) return kind;
  return i.organisation.toLowerCase() === kind.toLowerCase() ? i.organisation : `${i.organisation} / ${kind}`;
}

export function planFormCard(
  locale: Locale,
  input: {
    kallelseId: string;
    code: string;
    meetingDate: string;
    users: { title: string; value: string }[];
    /** The meeting's invitees who accepted or never answered: "Kom inte till mötet" lists them. */
    absentees: readonly AbsentInvitee[];
    values: PlanFormValues;
    errors?: PlanFormErrors;
  },
): Card {
  const t = STRINGS[locale].plan;
  const err = input.errors ?? {};
  // Every kind of service is offered, so that a school or another party is refused with the reason.
  const orgChoices = ORG_TYPES.map((o) => ({ title: capital(orgName(o, locale)), value: o }));
  const principalChoices = (["kommun", "region", "annan"] as const).map((p) => ({
    title: t.principals[p],
    value: p,
  }));
  return renderCard("plan-form", locale, {
    kallelseId: input.kallelseId,
    title: fill(t.formTitle, { code: input.code }),
    meetingLine: fill(t.meeting, { date: longDate(input.meetingDate, locale) }),
    users: input.users,
    values: input.values,
    err: {
      lead: err.lead ?? "",
      leadOrg: err.leadOrg ?? "",
      followUp: err.followUp ?? "",
      consentUntil: err.consentUntil ?? "",
      absent: err.absent ?? "",
    },
    absentChoices: input.absentees.map((i) => ({
      title: `${i.name} (${absentOrg(i, locale)})`,
      value: i.id,
    })),
    orgChoices,
    principalChoices,
    rows: input.values.rows.map((r, i) => ({ ...r, n: i + 1, error: err.rows?.[i + 1] ?? "" })),
  });
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function interventionText(i: Intervention, locale: Locale): string {
  const t = STRINGS[locale].plan;
  const dates = [i.start, i.end].some(Boolean)
    ? ` · ${[i.start && longDate(i.start, locale), i.end && longDate(i.end, locale)].filter(Boolean).join(" – ")}`
    : "";
  return fill(t.interventionLine, { what: i.what, principal: t.principals[i.principal], dates });
}

/**
 * The saved plan, to the convener only (services/plan.ts `own`): with a deviation draft for each
 * invitee marked as not having come (`absent`, read from the stored ids). The KVÅ line is health
 * care's, shown only when health care takes part (`kva` set, cases/plan.ts `planKva`). Every
 * principal documents the plan (or its change) in their own records: the bot is not the journal.
 */
export function planCard(
  locale: Locale,
  input: {
    kallelseId: string;
    code: string;
    plan: Plan;
    kva?: string | undefined;
    absent: readonly AbsentInvitee[];
  },
): Card {
  const t = STRINGS[locale].plan;
  const { plan } = input;
  const lines = [
    fill(t.leadLine, { name: plan.lead.name ?? "", org: orgName(plan.leadOrg, locale) }),
    fill(t.followUpLine, { date: longDate(plan.followUpDate, locale) }),
    ...(plan.consentUntil ? [fill(t.consentLine, { date: longDate(plan.consentUntil, locale) })] : []),
  ];
  return renderCard("plan", locale, {
    kallelseId: input.kallelseId,
    title: fill(t.savedTitle, { code: input.code }),
    intro: fill(t.savedIntro, { version: plan.version }),
    lines: lines.map((text) => ({ text })),
    interventions: plan.interventions.map((i) => ({ text: interventionText(i, locale) })),
    kva: input.kva ? fill(t.kva, { code: input.kva }) : "",
    documentation: plan.version > 1 ? t.documentUpdate : t.documentPlan,
    deviationTitle: t.deviationAbsentTitle,
    deviations: input.absent.map((i) => ({ text: absentDeviation(input.code, plan.meetingDate, i) })),
  });
}

/**
 * A draft deviation (SIP-RULES §8) for an invitee who did not come to the meeting, always in
 * Swedish (pasted into the organisation's own system); it says whether they had accepted. After
 * retention the invitee's name reads "(raderad)", so an erased case drafts nothing identifying.
 */
export function absentDeviation(code: string, meetingDate: string, i: AbsentInvitee): string {
  const sv = STRINGS.sv.plan;
  return fill(i.status === "accepted" ? sv.deviationAbsentAccepted : sv.deviationAbsentUnanswered, {
    code,
    name: i.name,
    org: absentOrg(i, "sv"),
    date: longDate(meetingDate, "sv"),
  });
}

export function leadAssignedCard(locale: Locale, input: { code: string; plan: Plan }): Card {
  const t = STRINGS[locale].plan;
  return renderCard("lead-assigned", locale, {
    title: fill(t.leadCardTitle, { code: input.code }),
    text: fill(t.leadCardText, { date: longDate(input.plan.followUpDate, locale) }),
    // The list marker is the template's: the line itself holds typed text (shown.ts).
    lines: input.plan.interventions.map((i) => ({ text: interventionText(i, locale) })),
  });
}

/** Who gets the reminder and what they may do with it: the lead or the convener act on a case. */
export interface ReminderView {
  reminderId: string;
  code: string;
  kind: ReminderKind;
  aboutDate: string;
  /** The invitee a reminder about an unanswered invitation names (to the convener). */
  name?: string;
  /** Buttons shown: a case's reminders to its lead or convener; an invitee's only remind. */
  actionable: boolean;
  /** False once acted on: the card then shows the outcome and no inputs. */
  open: boolean;
  outcome?: string;
  error?: string;
  /** A draft deviation report (SIP-RULES §8), in Swedish for the organisation's own system. */
  deviation?: { title: string; text: string };
  newDate?: string;
  reason?: string;
  /** The SIP was closed from this card: every principal is told to document the closure. */
  closed?: boolean;
}

const LATE: readonly ReminderKind[] = ["follow_up_overdue", "discharge_deadline", "convener_unanswered"];

export function reminderCard(locale: Locale, v: ReminderView): Card {
  const t = STRINGS[locale].plan;
  const actions =
    v.actionable && v.open
      ? [
          { title: t.done, verb: VERBS.reminderDone },
          { title: t.postpone, verb: VERBS.reminderPostpone },
          { title: t.followUpAction, verb: VERBS.reminderFollowUp },
          { title: t.close, verb: VERBS.reminderClose },
        ]
      : [];
  return renderCard("reminder", locale, {
    reminderId: v.reminderId,
    title: fill(t.reminderTitle, { code: v.code }),
    text: fill(t.kinds[v.kind], { date: longDate(v.aboutDate, locale), name: v.name ?? "" }),
    late: LATE.includes(v.kind),
    outcome: v.outcome ?? "",
    error: v.error ?? "",
    deviation: v.deviation?.text ?? "",
    deviationTitle: v.deviation?.title ?? "",
    open: v.actionable && v.open,
    newDate: v.newDate ?? "",
    reason: v.reason ?? "",
    closed: v.closed ?? false,
    reasons: PICKED_CLOSE_REASONS.map((r) => ({ title: t.closeReasons[r], value: r })),
    actions,
  });
}

export const closeReasonText = (locale: Locale, r: CloseReason) => STRINGS[locale].plan.closeReasons[r];

/** The convener is told when a reminder could not reach the lead (or an invitee). */
export function reminderUnreachableCard(locale: Locale, input: { code: string; name: string }): Card {
  const t = STRINGS[locale].plan;
  return renderCard("notice", locale, {
    title: t.unreachableTitle,
    text: fill(t.unreachableText, input),
    warning: true,
  });
}

/**
 * Drafts to paste into the organisation's deviation system (SIP-RULES §8), always in Swedish: an
 * invitee who never answered (to the convener), and, at the follow-up, each agreed intervention
 * whose start date has passed, should it not have started (the bot cannot know whether it did).
 */
export function deviationDraft(
  locale: Locale,
  input: {
    code: string;
    kind: ReminderKind;
    invitee?: { name: string; orgType: OrgType };
    invitedOn?: string;
    interventions?: readonly Intervention[];
    today: string;
  },
): { title: string; text: string } | undefined {
  const t = STRINGS[locale].plan;
  const sv = STRINGS.sv.plan;
  if (input.kind === "convener_unanswered" && input.invitee) {
    const { name, orgType } = input.invitee;
    const text = fill(sv.deviationUnanswered, {
      code: input.code,
      name,
      org: ORG_TYPE_NAMES[orgType].sv,
      date: input.invitedOn ? longDate(input.invitedOn, "sv") : "",
    });
    return { title: t.deviationTitle, text };
  }
  const due = (input.interventions ?? []).filter((i) => i.start && i.start <= input.today);
  if (!["follow_up_due", "follow_up_overdue"].includes(input.kind) || !due.length) return undefined;
  const text = due
    .map((i) =>
      fill(sv.deviationNotStarted, {
        code: input.code,
        what: i.what,
        principal: sv.principals[i.principal],
        date: longDate(i.start ?? "", "sv"),
      }),
    )
    .join("\n\n");
  return { title: t.deviationNotStartedTitle, text };
}

/** The former convener is told, in their 1:1 chat, that the lead took the case over. */
export function handoverCard(locale: Locale, input: { code: string; name: string }): Card {
  const t = STRINGS[locale].plan;
  const named = { code: input.code, name: input.name || t.theLead };
  return renderCard("notice", locale, {
    title: fill(t.handoverTitle, named),
    text: fill(t.handoverText, named),
    warning: false,
  });
}
