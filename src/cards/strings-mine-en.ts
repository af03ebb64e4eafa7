import type { MineStrings } from "./strings-mine-sv.js";

/** English texts of "My SIPs", for users whose Teams client is in English. */
export const mineEn: MineStrings = {
  title: "My SIPs",
  opened: "My SIPs come as a new message below.",
  range: "{from}–{to} of {total}, newest first",
  more: "Show more",
  first: "Back to the start",
  emptyTitle: "You have no SIPs yet",
  emptyText:
    "This card lists SIPs where you are the convener, the lead or a participant. Type assess to see whether a SIP is needed, or consent to check consent and convene one.",
  assess: "Assess need",
  consent: "Check consent",
  roles: { convener: "convener", lead: "lead", participant: "participant" },
  status: "Status",
  statuses: { open: "Open", plan: "Plan recorded", closed: "Closed – {reason}" },
  peerStatuses: {
    invited: "Invitation, not answered",
    accepted: "You have accepted the invitation",
    declined: "You have declined the invitation",
    substituted: "You have sent a substitute",
    forwarded: "You have forwarded the invitation",
  },
  unknownPeer: "another organisation",
  reasons: {
    goals_met: "goals met",
    no_longer_needed: "no longer needed",
    consent_withdrawn: "consent withdrawn",
    goal_changed: "long-term goal changed",
    no_joint_plan: "consent does not cover both principals",
  },
  next: "Next date",
  nextKinds: { meeting: "SIP meeting {date}", followUp: "Follow-up {date}", none: "Nothing booked" },
  waiting: "Waiting for you",
  waits: {
    none: "Nothing is waiting for you",
    answer: "Answer the invitation",
    unansweredOne: "1 has not answered",
    unanswered: "{count} have not answered",
    recordPlan: "Record the SIP meeting",
    followUp: "Convene the follow-up",
    checkConsent: "Check consent",
    sendKallelse: "Send the invitation",
    tellConvener: "Your answer did not arrive – contact the convener",
  },
};
