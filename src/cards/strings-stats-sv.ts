import type { Measure } from "../cases/stats.js";

/** Swedish texts of the statistics card (`stats` for SIP_ADMINS) and its refusal. Same shape in English. */
export const statsSv = {
  title: "SIP-statistik",
  intro:
    "Antal per månad och region, ur granskningsloggen. Inga namn och inga ärendekoder. Antal under 5 visas som <5; det som inte står med är 0.",
  empty: "Inget har hänt de senaste månaderna att räkna.",
  /** {months}: how many months the card shows. */
  period: "De senaste {months} månaderna, nyaste först.",
  more: "Kortet rymmer inte allt. Hela tabellen: npm run stats på servern.",
  unknownRegion: "Okänd region",
  refusedTitle: "Kommandot finns inte för dig",
  refusedText: "Det här kommandot kan du inte använda. Skriv hjälp för att se vad SIP-lotsen kan göra.",
  measures: {
    "assessment.sip_indicated": "Bedömningar: SIP behövs",
    "assessment.assess_further": "Bedömningar: utred vidare",
    "assessment.not_indicated": "Bedömningar: SIP behövs inte",
    "assessment.revise_existing": "Bedömningar: revidera befintlig SIP",
    "case.created": "Ärenden skapade",
    "kallelse.sent": "Kallelser skickade",
    "answer.accepted": "Svar: accepterat",
    "answer.declined": "Svar: avböjt",
    "answer.substituted": "Svar: ersättare skickad",
    "answer.forwarded": "Svar: vidarebefordrat",
    "plan.saved": "SIP med registrerad plan",
    "followup.on_time": "Uppföljningar i tid",
    "followup.late": "Uppföljningar försenade",
    "closed.goals_met": "Avslutade: målen uppnådda",
    "closed.no_longer_needed": "Avslutade: behövs inte längre",
    "closed.consent_withdrawn": "Avslutade: samtycket återkallat",
    "closed.goal_changed": "Avslutade: långsiktigt mål ändrat",
    "closed.no_joint_plan": "Avslutade: samtycket omfattar inte båda huvudmännen",
    "kva.AU124": "KVÅ AU124 (SIP)",
    "kva.AU125": "KVÅ AU125 (SIP vid utskrivning)",
  } satisfies Record<Measure, string>,
};
export type StatsStrings = typeof statsSv;
