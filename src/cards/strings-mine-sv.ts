/** Swedish texts of "Mina SIP", the user's own cases. Same shape in English. */
export const mineSv = {
  title: "Mina SIP",
  opened: "Mina SIP kommer som ett nytt meddelande nedan.",
  range: "{from}–{to} av {total}, senaste först",
  more: "Visa fler",
  first: "Till början",
  emptyTitle: "Du har inga SIP:ar ännu",
  emptyText:
    "Här visas SIP:ar där du är sammankallande, huvudansvarig eller deltagare. Skriv bedöm för att se om en SIP behövs, eller samtycke för att kontrollera samtycket och kalla till en.",
  assess: "Bedöm behov",
  consent: "Kontrollera samtycke",
  roles: { convener: "sammankallande", lead: "huvudansvarig", participant: "deltagare" },
  status: "Status",
  statuses: { open: "Öppen", plan: "Plan registrerad", closed: "Avslutad – {reason}" },
  /** A peer's invitation: its status is the user's answer; the heading names the organisation. */
  peerStatuses: {
    invited: "Kallelse, inte besvarad",
    accepted: "Du har accepterat kallelsen",
    declined: "Du har avböjt kallelsen",
    substituted: "Du har skickat en ersättare",
    forwarded: "Du har vidarebefordrat kallelsen",
  },
  unknownPeer: "annan organisation",
  reasons: {
    goals_met: "målen är uppnådda",
    no_longer_needed: "behövs inte längre",
    consent_withdrawn: "samtycket återkallat",
    goal_changed: "det långsiktiga målet ändrat",
    no_joint_plan: "samtycket omfattar inte båda huvudmännen",
  },
  next: "Nästa datum",
  nextKinds: { meeting: "SIP-möte {date}", followUp: "Uppföljning {date}", none: "Inget bokat" },
  waiting: "Väntar på dig",
  waits: {
    none: "Inget väntar på dig",
    answer: "Svara på kallelsen",
    unansweredOne: "1 har inte svarat",
    unanswered: "{count} har inte svarat",
    recordPlan: "Registrera SIP-möte",
    followUp: "Kalla till uppföljning",
    checkConsent: "Kontrollera samtycket",
    sendKallelse: "Skicka kallelsen",
    tellConvener: "Ditt svar kom inte fram – kontakta den som kallade",
  },
};
export type MineStrings = typeof mineSv;
