import type { StatsStrings } from "./strings-stats-sv.js";

/** English texts of the statistics card, for users whose Teams client is in English. */
export const statsEn: StatsStrings = {
  title: "SIP statistics",
  intro:
    "Counts per month and region, from the audit log. No names and no case codes. Counts under 5 are shown as <5; anything not listed is 0.",
  empty: "Nothing to count in the last few months.",
  period: "The last {months} months, newest first.",
  more: "The card cannot hold everything. The whole table: npm run stats on the server.",
  unknownRegion: "Unknown region",
  refusedTitle: "This command is not available to you",
  refusedText: "You cannot use this command. Type help to see what SIP-lotsen can do.",
  measures: {
    "assessment.sip_indicated": "Assessments: SIP needed",
    "assessment.assess_further": "Assessments: assess further",
    "assessment.not_indicated": "Assessments: no SIP needed",
    "assessment.revise_existing": "Assessments: revise the existing SIP",
    "case.created": "Cases created",
    "kallelse.sent": "Invitations (kallelser) sent",
    "answer.accepted": "Answers: accepted",
    "answer.declined": "Answers: declined",
    "answer.substituted": "Answers: sent a substitute",
    "answer.forwarded": "Answers: forwarded",
    "plan.saved": "SIPs with a recorded plan",
    "followup.on_time": "Follow-ups on time",
    "followup.late": "Follow-ups late",
    "closed.goals_met": "Closed: goals met",
    "closed.no_longer_needed": "Closed: no longer needed",
    "closed.consent_withdrawn": "Closed: consent withdrawn",
    "closed.goal_changed": "Closed: long-term goal changed",
    "closed.no_joint_plan": "Closed: consent does not cover both principals",
    "kva.AU124": "KVÅ AU124 (SIP)",
    "kva.AU125": "KVÅ AU125 (SIP at discharge)",
  },
};
