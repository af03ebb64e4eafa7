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
  absent: "Did not attend",
  absentHint: "Optional. Pick the invitees who did not come; you get a draft deviation report for each.",
  interventions: "Interventions (optional)",
  interventionsHeading: "Interventions",
  interventionNo: "Intervention",
  what: "What",
  principal: "Principal",
  start: "Start",
  end: "End",
  principals: { kommun: "Municipality", region: "Region", annan: "Other" },
  save: "Save plan",
  errors: {
    required: "Please fill in this field.",
    principal: "Choose which principal provides the intervention.",
    unknownLead: "Pick a colleague from the list (they need to have opened SIP-lotsen in Teams).",
    cannotLead:
      "{org} cannot lead: the lead is a named person in social services or health care (SIP-RULES §6).",
    afterMeeting: "The date must be after the meeting ({date}).",
    endBeforeStart: "The end cannot be before the start.",
    unknownAbsent: "Pick only invitees from the list.",
  },
  savedTitle: "Plan for the SIP in case {code}",
  savedIntro: "The plan is saved (version {version}). The lead has been told.",
  leadLine: "Lead: {name} ({org})",
  followUpLine: "Follow-up: {date}",
  consentLine: "Consent valid until: {date}",
  interventionLine: "{what} · {principal}{dates}",
  kva: "Health care (the region / municipal health care) registers KVÅ code {code} in its patient record. Social services, school and others register no KVÅ code.",
  documentPlan:
    "Documentation: each principal documents the plan and the consent in its own record or case file; SIP-lotsen is not a record. The person (for a child, the guardians) gets a copy of the plan, and next of kin get one unless the person objects.",
  documentUpdate:
    "The plan has changed. Each principal documents the new plan and the consent in its own record or case file; SIP-lotsen is not a record. The person (for a child, the guardians) gets a copy of the new plan, and next of kin get one unless the person objects.",
  documentClosure:
    "Each principal documents the closure and its reason in its own record or case file; SIP-lotsen is not a record. The person (for a child, the guardians) gets a copy of the closed plan, and next of kin get one unless the person objects.",
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
    discharge_deadline:
      "Discharge: the invitation to the SIP meeting must be sent by {date}, and none has been sent yet. The deadline is for sending the invitation, not for holding the meeting.",
    first_contact:
      "First contact between municipality and region is due without delay; it is not recorded yet.",
    invitee_unanswered: "You have not answered the invitation to the SIP meeting (sent {date}).",
    convener_unanswered: "{name} has not answered the invitation (sent {date}).",
    reconsent_18:
      "The young person turns 18 on {date}: the guardians' consent ends then, and the young person's own consent is needed from that day.",
  },
  done: "Mark done",
  postpone: "Postpone",
  newDate: "New day, if you postpone",
  followUpAction: "Convene follow-up",
  close: "Close SIP",
  closeReason: "Reason, if you close the SIP",
  closeReasons: {
    goals_met: "The goals are met",
    no_longer_needed: "Coordination is no longer needed",
    consent_withdrawn: "Consent has been withdrawn",
    goal_changed: "The long-term goal has changed (a new SIP needs new consent)",
    no_joint_plan: "Consent no longer covers both principals: no joint plan is possible",
  },
  followUpBelow: "The invitation to the follow-up comes below, filled in from the SIP.",
  formerConvener: "the previous convener",
  theLead: "The lead",
  theConvener: "whoever convened the SIP meeting",
  convenerConvenes:
    "You belong to another organisation than the one holding case {code}, so its convener ({name}) convenes the follow-up. {name} has been sent a reminder of it; you can mark the reminders done or postpone them here.",
  tookOver:
    "You are now the convener of {code}, and {name} has been told. The invitation to the follow-up comes below, filled in from the SIP.",
  handoverTitle: "New convener for {code}",
  handoverText:
    "{name} has taken over as convener for the follow-up of {code}. Answers to the invitation now go to {name}; your cards for the case can no longer be used.",
  markedDone: "Done: the reminders for this follow-up have ended.",
  postponed: "The reminder will come again on {date}.",
  closedText: "The SIP in case {code} is closed ({reason}).",
  pickDate: "Pick a day after today.",
  pickReason: "Pick a reason.",
  notYours: "This reminder is someone else's: only the lead or the convener can act on it.",
  unreachableTitle: "The reminder did not arrive",
  unreachableText:
    "The reminder to {name} in SIP {code} could not be delivered in Teams (they may not have SIP-lotsen). Contact them another way.",
  deviationNotStartedTitle: "If an intervention has not started: draft deviation report (in Swedish)",
  deviationNotStarted: planSv.deviationNotStarted,
  deviationTitle: "Draft deviation report (in Swedish, for your organisation's deviation system)",
  deviationAbsentTitle: "Did not attend: draft deviation reports (in Swedish, for your deviation system)",
  deviationAbsentAccepted: planSv.deviationAbsentAccepted,
  deviationAbsentUnanswered: planSv.deviationAbsentUnanswered,
  // Pasted into a Swedish deviation system: the text stays Swedish.
  deviationUnanswered: planSv.deviationUnanswered,
};
