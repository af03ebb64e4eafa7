import { planSv, type PlanStrings } from "./strings-plan-sv.js";

/** After the meeting (issue 11), in English. */
export const planEn: PlanStrings = {
  register: "Record SIP meeting",
  formTitle: "SIP meeting in case {code}",
  formIntro:
    "Record what you agreed at the meeting. Write no personal data about the person: the case code is enough.",
  meeting: "The meeting was held on {date}",
  lead: "Lead",
  leadPlaceholder: "Search for a colleague",
  leadOrg: "Lead's service",
  followUp: "Follow-up date",
  consentUntil: "Consent valid until (optional)",
  interventions: "Interventions (optional)",
  interventionNo: "Intervention",
  what: "What",
  principal: "Principal",
  start: "Start",
  end: "End",
  principals: { kommun: "Municipality", region: "Region", annan: "Other" },
  save: "Save plan",
  errors: {
    required: "Please fill in this field.",
    unknownLead: "Pick a colleague from the list (they need to have opened SIP-lotsen in Teams).",
    cannotLead:
      "{org} cannot lead: the lead is a named person in social services or health care (SIP-RULES §6).",
    afterMeeting: "The date must be after the meeting ({date}).",
    endBeforeStart: "The end cannot be before the start.",
  },
  savedTitle: "Plan for the SIP in case {code}",
  savedIntro: "The plan is saved (version {version}). The lead has been told.",
  leadLine: "Lead: {name} ({org})",
  followUpLine: "Follow-up: {date}",
  consentLine: "Consent valid until: {date}",
  interventionLine: "{what} · {principal}{dates}",
  kva: "Register the KVÅ code {code} in the record.",
  sipKollen:
    "Remember to offer the person SIP-kollen, the anonymous survey on how they experienced their SIP.",
  edit: "Change plan",
  leadCardTitle: "You are the lead for SIP {code}",
  leadCardText:
    "You coordinate the plan and convene the follow-up. The follow-up is booked for {date}; you will be reminded before.",
  reminderTitle: "Reminder: SIP {code}",
  kinds: {
    follow_up_soon: "The follow-up is coming up: it is booked for {date}.",
    follow_up_due: "The follow-up is today, {date}.",
    follow_up_overdue: "The follow-up is overdue: it was booked for {date}.",
    consent_ending:
      "The consent to the SIP is valid until {date}. Ask whether it is to be renewed before it ends.",
    discharge_deadline: "Discharge: the SIP meeting must be held by {date}, and no meeting is booked yet.",
    first_contact:
      "First contact between municipality and region is due without delay; it is not recorded yet.",
    invitee_unanswered: "You have not answered the invitation to the SIP meeting (sent {date}).",
    convener_unanswered: "{name} has not answered the invitation (sent {date}).",
  },
  done: "Mark done",
  postpone: "Postpone",
  newDate: "New day for the reminder",
  followUpAction: "Convene follow-up",
  close: "Close SIP",
  closeReason: "Reason",
  closeReasons: {
    goals_met: "The goals are met",
    no_longer_needed: "Coordination is no longer needed",
    consent_withdrawn: "Consent has been withdrawn",
    goal_changed: "The long-term goal has changed (a new SIP needs new consent)",
  },
  followUpBelow: "The invitation to the follow-up comes below, filled in from the SIP.",
  followUpByConvener: "Ask {name}, who convened the SIP, to convene the follow-up: the answers go to them.",
  markedDone: "Done: the reminders for this follow-up have ended.",
  postponed: "The reminder will come again on {date}.",
  closedText: "The SIP in case {code} is closed ({reason}). Each principal documents the closure.",
  pickDate: "Pick a day after today.",
  pickReason: "Pick a reason.",
  notYours: "This reminder is someone else's: only the lead or the convener can act on it.",
  unreachableTitle: "The reminder did not arrive",
  unreachableText:
    "The reminder to {name} in SIP {code} could not be delivered in Teams (they may not have SIP-lotsen). Contact them another way.",
  deviationTitle: "Draft deviation report (in Swedish, for your organisation's deviation system)",
  // Pasted into a Swedish deviation system: the text stays Swedish.
  deviationUnanswered: planSv.deviationUnanswered,
};
