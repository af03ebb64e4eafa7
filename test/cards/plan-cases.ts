import type { Plan } from "../../src/cases/plan.js";
import {
  blankPlanForm,
  deviationDraft,
  leadAssignedCard,
  planCard,
  planFormCard,
  planValues,
  reminderCard,
  reminderUnreachableCard,
} from "../../src/cards/plan-views.js";
import type { Card } from "../../src/cards/render.js";
import type { Locale } from "../../src/sip/index.js";

const KALLELSE = "11111111-1111-4111-8111-111111111111";
const REMINDER = "22222222-2222-4222-8222-222222222222";
/** Invitees of the meeting: one who accepted, one (on paper) who never answered. */
const absentees = [
  { id: "44444444-4444-4444-8444-444444444444", name: "Kim BUP", orgType: "region", status: "accepted" },
  {
    id: "55555555-5555-4555-8555-555555555555",
    name: "Eva Extern",
    organisation: "Försäkringskassan",
    orgType: "forsakringskassan",
    status: "printable",
  },
] as const;

const plan: Plan = {
  caseId: "33333333-3333-4333-8333-333333333333",
  lead: { userId: "29:lead", tenantId: "tenant-1", name: "Lena Ledare" },
  leadOrg: "socialtjanst",
  meetingDate: "2026-12-01",
  followUpDate: "2027-02-15",
  consentUntil: "2027-06-30",
  interventions: [
    { what: "Samtalsstöd varje vecka", principal: "region", start: "2026-12-05", end: "2027-03-01" },
    { what: "Kontaktperson", principal: "kommun" },
  ],
  recordedBy: "aad-convener",
  version: 2,
};

/** After the meeting (issue 11): the plan form (blank, filled, refused), the plan, the lead's card, reminders. */
export function planCards(locale: Locale): [string, Card][] {
  const users = [{ title: "Lena Ledare", value: "29:lead" }];
  const form = { kallelseId: KALLELSE, code: "SIP-AB12", meetingDate: "2026-12-01", users, absentees };
  const saved = { kallelseId: KALLELSE, code: "SIP-AB12", plan, kva: "AU124" };
  const reminder = {
    reminderId: REMINDER,
    code: "SIP-AB12",
    aboutDate: "2027-02-15",
    actionable: true,
    open: true,
  };
  return [
    ["plan form, blank", planFormCard(locale, { ...form, values: blankPlanForm() })],
    [
      "plan form, nobody to mark absent",
      planFormCard(locale, { ...form, absentees: [], values: blankPlanForm() }),
    ],
    [
      "plan form, refused",
      planFormCard(locale, {
        ...form,
        values: planValues({ ...plan, absent: [absentees[0].id] }),
        errors: {
          absent: "Välj bara bland de inbjudna",
          leadOrg: "Skolan kan inte vara huvudansvarig",
          followUp: "Efter mötet",
          rows: { 2: "Fyll i" },
        },
      }),
    ],
    ["plan saved", planCard(locale, { ...saved, absent: [] })],
    [
      "plan saved first, no health care: no KVÅ line",
      planCard(locale, { ...saved, kva: undefined, plan: { ...plan, version: 1 }, absent: [] }),
    ],
    ["plan saved, two did not attend", planCard(locale, { ...saved, absent: absentees })],
    ["lead told", leadAssignedCard(locale, { code: "SIP-AB12", plan })],
    ["reminder, follow-up soon", reminderCard(locale, { ...reminder, kind: "follow_up_soon" })],
    [
      "reminder, overdue, postpone refused",
      reminderCard(locale, { ...reminder, kind: "follow_up_overdue", error: "Välj en dag" }),
    ],
    [
      "reminder, consent ending",
      reminderCard(locale, { ...reminder, kind: "consent_ending", aboutDate: "2027-06-30" }),
    ],
    [
      "reminder, invitee",
      reminderCard(locale, { ...reminder, kind: "invitee_unanswered", actionable: false }),
    ],
    [
      "reminder, convener with deviation draft",
      reminderCard(locale, {
        ...reminder,
        kind: "convener_unanswered",
        name: "Kim BUP",
        deviation: deviationDraft(locale, {
          code: "SIP-AB12",
          kind: "convener_unanswered",
          invitee: { name: "Kim BUP", orgType: "region" },
          invitedOn: "2026-12-01",
          today: "2026-12-07",
        }),
      }),
    ],
    [
      "reminder, follow-up due with drafts for interventions not started",
      reminderCard(locale, {
        ...reminder,
        kind: "follow_up_due",
        deviation: deviationDraft(locale, {
          code: "SIP-AB12",
          kind: "follow_up_due",
          interventions: plan.interventions,
          today: "2027-02-15",
        }),
      }),
    ],
    [
      "reminder, turning 18",
      reminderCard(locale, { ...reminder, kind: "reconsent_18", aboutDate: "2027-05-20" }),
    ],
    ["reminder, discharge", reminderCard(locale, { ...reminder, kind: "discharge_deadline" })],
    [
      "reminder, SIP closed from it",
      reminderCard(locale, {
        ...reminder,
        kind: "follow_up_due",
        open: false,
        outcome: "Avslutad",
        closed: true,
      }),
    ],
    [
      "reminder, done",
      reminderCard(locale, { ...reminder, kind: "follow_up_due", open: false, outcome: "Klart" }),
    ],
    ["reminder unreachable", reminderUnreachableCard(locale, { code: "SIP-AB12", name: "Lena Ledare" })],
  ];
}
