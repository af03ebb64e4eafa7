import { TZDate } from "@date-fns/tz";
import { z } from "zod/v4";
import { IsoDateSchema, isHealthCare, plusDays, type ReminderDays } from "../sip/index.js";
import type { Invitee, InviteeStatus } from "./model.js";

/**
 * The plan recorded after a SIP meeting (SIP-RULES §6) and the reminders it sets (§7): a named
 * lead in social services or health care, the follow-up date booked at the meeting, how long the
 * consent lasts, the interventions. Names and texts are staff's; nothing about the person.
 */

/** Who can lead (huvudansvarig): social services or health care, never a school or another party. */
export const LEAD_ORGS = ["socialtjanst", "region", "kommunal_hsv"] as const;
export type LeadOrg = (typeof LEAD_ORGS)[number];
export const PRINCIPALS = ["kommun", "region", "annan"] as const;

const Text = (max: number) => z.string().trim().min(1).max(max);
export const InterventionSchema = z.strictObject({
  what: Text(300),
  principal: z.enum(PRINCIPALS),
  start: IsoDateSchema.optional(),
  end: IsoDateSchema.optional(),
});
export type Intervention = z.infer<typeof InterventionSchema>;

export interface Plan {
  caseId: string;
  lead: { userId: string; tenantId: string; name?: string };
  leadOrg: LeadOrg;
  meetingDate: string;
  followUpDate: string;
  consentUntil?: string;
  interventions: Intervention[];
  /** Invitees (ids) of the meeting's kallelse who did not come (SIP-RULES §8); left out when none. */
  absent?: string[];
  recordedBy: string;
  followUpDoneAt?: string;
  version: number;
}

export const REMINDER_KINDS = [
  "follow_up_soon",
  "follow_up_due",
  "follow_up_overdue",
  "consent_ending",
  "discharge_deadline",
  "first_contact",
  "invitee_unanswered",
  "convener_unanswered",
  "reconsent_18",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
/** The kinds a plan sets; saving the plan again replaces exactly these. */
export const PLAN_KINDS: readonly ReminderKind[] = [
  "follow_up_soon",
  "follow_up_due",
  "follow_up_overdue",
  "consent_ending",
];
export const FOLLOW_UP_KINDS: readonly ReminderKind[] = [
  "follow_up_soon",
  "follow_up_due",
  "follow_up_overdue",
];

export type { ReminderDays } from "../sip/index.js";

export interface ReminderSpec {
  kind: ReminderKind;
  recipient: { userId: string; tenantId: string };
  dueAt: Date;
  aboutDate: string;
  inviteeId?: string;
}

/** Reminders go out at 08:00 Swedish time on their day, whatever the season. */
export function at0800(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 8, 0, 0, "Europe/Stockholm").getTime());
}

/** What a saved plan asks to be reminded of, to the lead; days before a date are counted back. */
export function planReminders(plan: Plan, days: ReminderDays): ReminderSpec[] {
  const to = { userId: plan.lead.userId, tenantId: plan.lead.tenantId };
  const f = plan.followUpDate;
  const specs: ReminderSpec[] = [
    { kind: "follow_up_soon", recipient: to, dueAt: at0800(plusDays(f, -days.followUpSoon)), aboutDate: f },
    { kind: "follow_up_due", recipient: to, dueAt: at0800(f), aboutDate: f },
    {
      kind: "follow_up_overdue",
      recipient: to,
      dueAt: at0800(plusDays(f, days.followUpOverdue)),
      aboutDate: f,
    },
  ];
  if (plan.consentUntil) {
    const until = plan.consentUntil;
    specs.push({
      kind: "consent_ending",
      recipient: to,
      dueAt: at0800(plusDays(until, -days.consentEnding)),
      aboutDate: until,
    });
  }
  return specs;
}

/** A reminder's recipient tenant for a federation peer's user: this prefix and the peer's key id. */
export const PEER_RECIPIENT = "peer:";

/**
 * An invitee who has not answered: reminded `unanswered` days after the invitation, and the
 * convener as many days later. Whether they answered is read when the reminder is due.
 */
export function unansweredReminders(
  /** tenantId: the invitee's own, when another served tenant's (absent: the convener's). */
  invitee: { id: string; userId: string; tenantId?: string },
  convener: { userId: string; tenantId: string },
  invitedOn: string,
  days: ReminderDays,
): ReminderSpec[] {
  const first = plusDays(invitedOn, days.unanswered);
  const then = plusDays(first, days.unanswered);
  return [
    {
      kind: "invitee_unanswered",
      recipient: { userId: invitee.userId, tenantId: invitee.tenantId ?? convener.tenantId },
      dueAt: at0800(first),
      aboutDate: invitedOn,
      inviteeId: invitee.id,
    },
    {
      kind: "convener_unanswered",
      recipient: convener,
      dueAt: at0800(then),
      aboutDate: invitedOn,
      inviteeId: invitee.id,
    },
  ];
}

/**
 * A case made from an assessment (a flag taken over) carries its deadlines; the new convener is
 * reminded at 08:00 on the day after a discharge notice (the kallelse, not the meeting, is due
 * within the region's days of the notice: when none has gone out by then the limit is close) and
 * on the day first contact was due (when no kallelse has gone out).
 */
export function deadlineReminders(
  c: { convenerUserId: string; tenantId: string },
  deadlines: readonly { kind: "first_contact" | "discharge_sip"; due: string }[],
  dischargeSipDays: number,
): ReminderSpec[] {
  const to = { userId: c.convenerUserId, tenantId: c.tenantId };
  return deadlines.map((d) =>
    d.kind === "discharge_sip"
      ? {
          kind: "discharge_deadline",
          recipient: to,
          dueAt: at0800(plusDays(d.due, 1 - dischargeSipDays)),
          aboutDate: d.due,
        }
      : { kind: "first_contact", recipient: to, dueAt: at0800(d.due), aboutDate: d.due },
  );
}

/** How long before a minor's 18th birthday the convener (or lead) is first reminded (CONTRACT v3). */
export const RECONSENT_DAYS_BEFORE = 30;

/**
 * A minor turning 18 (consent v3 rule 4): the guardians' consent ends that day and the young
 * person's own is needed. Reminded 30 days before and on the day; a "before" date already past
 * comes today. Nothing once the day itself has passed (the new consent is then already due).
 */
export function reconsentReminders(
  to: { userId: string; tenantId: string },
  reconsentOn: string | undefined,
  today: string,
): ReminderSpec[] {
  if (!reconsentOn || reconsentOn < today) return [];
  const spec = (day: string): ReminderSpec => ({
    kind: "reconsent_18",
    recipient: to,
    dueAt: at0800(day),
    aboutDate: reconsentOn,
  });
  const before = plusDays(reconsentOn, -RECONSENT_DAYS_BEFORE);
  return reconsentOn > today
    ? [spec(before > today ? before : today), spec(reconsentOn)]
    : [spec(reconsentOn)];
}

/** KVÅ: AU124 for a SIP, AU125 for one drawn up at discharge from inpatient care (Lag 2017:612). */
export const kvaCode = (atDischarge: boolean) => (atDischarge ? "AU125" : "AU124");

/** Invitees expected at the meeting: accepted or never answered (declined, replaced, withdrawn: not). */
export const EXPECTED_AT_MEETING: readonly InviteeStatus[] = ["accepted", "pending", "invited", "printable"];

/**
 * Does health care take part in the plan? (CONTRACT v3: KVÅ belongs to health care.) Decision:
 * yes when the lead is in health care, when an intervention is the region's, or when a health-care
 * invitee of the meeting was expected there and not marked "Kom inte till mötet". The convener's
 * own kind of service is not recorded, so a health-care convener counts through one of these.
 */
export function healthCareTakesPart(
  plan: Pick<Plan, "leadOrg" | "interventions" | "absent">,
  invitees: readonly Pick<Invitee, "id" | "orgType" | "status">[],
): boolean {
  const absent = new Set(plan.absent ?? []);
  return (
    isHealthCare(plan.leadOrg) ||
    plan.interventions.some((i) => i.principal === "region") ||
    invitees.some(
      (i) => isHealthCare(i.orgType) && EXPECTED_AT_MEETING.includes(i.status) && !absent.has(i.id),
    )
  );
}

/** The plan's KVÅ code for health care to register, or undefined when no health care takes part. */
export const planKva = (
  atDischarge: boolean,
  plan: Parameters<typeof healthCareTakesPart>[0],
  invitees: Parameters<typeof healthCareTakesPart>[1],
): string | undefined => (healthCareTakesPart(plan, invitees) ? kvaCode(atDischarge) : undefined);
