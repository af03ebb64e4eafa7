/** After the meeting (issue 11): the plan card, the lead's card and the reminders, in Swedish. */
export const planSv = {
  register: "Registrera SIP-möte",
  formTitle: "SIP-möte i ärende {code}",
  formIntro:
    "Registrera det ni kom överens om på mötet. Skriv inga personuppgifter om personen: ärendekoden räcker.",
  meeting: "Mötet hölls {date}",
  lead: "Huvudansvarig",
  leadPlaceholder: "Sök kollega",
  leadOrg: "Huvudansvarigs verksamhet",
  followUp: "Datum för uppföljning",
  consentUntil: "Samtycket gäller till (valfritt)",
  absent: "Kom inte till mötet",
  absentHint: "Valfritt. Välj de inbjudna som inte kom; du får ett förslag till avvikelse för var och en.",
  interventions: "Insatser (valfritt)",
  interventionsHeading: "Insatser",
  interventionNo: "Insats",
  what: "Vad",
  principal: "Huvudman",
  start: "Start",
  end: "Slut",
  principals: { kommun: "Kommun", region: "Region", annan: "Annan" },
  save: "Spara plan",
  errors: {
    required: "Fyll i fältet.",
    principal: "Välj vilken huvudman som står för insatsen.",
    unknownLead: "Välj en kollega i listan (hen behöver ha öppnat SIP-lotsen i Teams).",
    cannotLead:
      "{org} kan inte vara huvudansvarig: det ska vara en namngiven person inom socialtjänsten eller hälso- och sjukvården (SIP-RULES §6).",
    afterMeeting: "Datumet ska vara efter mötet ({date}).",
    endBeforeStart: "Slutdatum kan inte vara före start.",
    unknownAbsent: "Välj bara bland de inbjudna i listan.",
  },
  savedTitle: "Plan för SIP i ärende {code}",
  savedIntro: "Planen är sparad (version {version}). Huvudansvarig har fått ett meddelande.",
  leadLine: "Huvudansvarig: {name} ({org})",
  followUpLine: "Uppföljning: {date}",
  consentLine: "Samtycket gäller till: {date}",
  interventionLine: "{what} · {principal}{dates}",
  kva: "Hälso- och sjukvården (region / kommunal hälso- och sjukvård) registrerar KVÅ-kod {code} i sin journal. Socialtjänst, skola och andra registrerar ingen KVÅ-kod.",
  documentPlan:
    "Dokumentation: varje huvudman dokumenterar planen och samtycket i sin egen journal eller akt; SIP-lotsen är ingen journal. Personen (för ett barn vårdnadshavarna) får en kopia av planen, och närstående får en om personen inte motsätter sig det.",
  documentUpdate:
    "Planen är ändrad. Varje huvudman dokumenterar den nya planen och samtycket i sin egen journal eller akt; SIP-lotsen är ingen journal. Personen (för ett barn vårdnadshavarna) får en kopia av den nya planen, och närstående får en om personen inte motsätter sig det.",
  documentClosure:
    "Varje huvudman dokumenterar avslutet och skälet i sin egen journal eller akt; SIP-lotsen är ingen journal. Personen (för ett barn vårdnadshavarna) får en kopia av den avslutade planen, och närstående får en om personen inte motsätter sig det.",
  sipKollen: "Glöm inte att erbjuda personen SIP-kollen, den anonyma enkäten om hur hen upplevde sin SIP.",
  edit: "Ändra plan",
  leadCardTitle: "Du är huvudansvarig för SIP {code}",
  leadCardText:
    "Du samordnar planen och kallar till uppföljning. Uppföljningen är bokad till {date}; du får en påminnelse innan.",
  reminderTitle: "Påminnelse: SIP {code}",
  kinds: {
    follow_up_soon: "Uppföljningen närmar sig: den är bokad till {date}.",
    follow_up_due: "Uppföljningen är i dag, {date}.",
    follow_up_overdue: "Uppföljningen är försenad: den var bokad till {date}.",
    consent_ending: "Samtycket till SIP:en gäller till {date}. Fråga om det ska förnyas innan det löper ut.",
    discharge_deadline:
      "Utskrivning: kallelsen till SIP-mötet ska skickas senast {date}, och ingen kallelse har skickats ännu. Det är kallelsen, inte mötet, som ska ha gått ut inom fristen.",
    first_contact:
      "Första kontakten mellan kommun och region ska tas utan dröjsmål; den är inte registrerad ännu.",
    invitee_unanswered: "Du har inte svarat på kallelsen till SIP-mötet (skickad {date}).",
    convener_unanswered: "{name} har inte svarat på kallelsen (skickad {date}).",
    reconsent_18:
      "Den unge fyller 18 år {date}: vårdnadshavarnas samtycke upphör då, och den unges eget samtycke behövs från den dagen.",
  },
  done: "Markera klar",
  postpone: "Skjut upp",
  newDate: "Ny dag, om du skjuter upp",
  followUpAction: "Kalla till uppföljning",
  close: "Avsluta SIP",
  closeReason: "Skäl, om du avslutar SIP:en",
  closeReasons: {
    goals_met: "Målen är uppnådda",
    no_longer_needed: "Behovet av samordning finns inte längre",
    consent_withdrawn: "Samtycket är återkallat",
    goal_changed: "Det långsiktiga målet har ändrats (en ny SIP kräver nytt samtycke)",
    // Not picked on a reminder: a partial withdrawal that leaves a whole side out ends the SIP.
    no_joint_plan: "Samtycket omfattar inte längre båda huvudmännen: ingen gemensam plan är möjlig",
  },
  followUpBelow: "Kallelsen till uppföljningen kommer nedan, ifylld från SIP:en.",
  formerConvener: "den tidigare sammankallande",
  theLead: "Huvudansvarig",
  theConvener: "den som kallade till SIP-mötet",
  convenerConvenes:
    "Du hör till en annan organisation än den som har ärende {code}, så sammankallande ({name}) kallar till uppföljningen. {name} har fått en påminnelse om den; påminnelserna kan du markera klara eller skjuta upp här.",
  tookOver:
    "Du är nu sammankallande för {code} och {name} har fått veta det. Kallelsen till uppföljningen kommer nedan, ifylld från SIP:en.",
  handoverTitle: "Ny sammankallande för {code}",
  handoverText:
    "{name} har tagit över som sammankallande för uppföljningen av {code}. Svaren på kallelsen går nu till {name}; dina kort för ärendet kan inte längre användas.",
  markedDone: "Klart: påminnelserna för uppföljningen är avslutade.",
  postponed: "Påminnelsen kommer igen {date}.",
  closedText: "SIP:en i ärende {code} är avslutad ({reason}).",
  pickDate: "Välj en dag efter i dag.",
  pickReason: "Välj ett skäl.",
  notYours:
    "Påminnelsen gäller någon annan: bara huvudansvarig eller den som kallade kan göra något med den.",
  unreachableTitle: "Påminnelsen kom inte fram",
  unreachableText:
    "Påminnelsen till {name} i SIP {code} kunde inte levereras i Teams (hen har kanske inte SIP-lotsen). Kontakta hen på annat sätt.",
  deviationNotStartedTitle: "Om en insats inte har startat: förslag till avvikelse",
  deviationNotStarted:
    "Avvikelse i SIP {code}: insatsen ”{what}” ({principal}) skulle enligt planen ha startat {date} men har inte startat.",
  deviationTitle: "Förslag till avvikelse",
  deviationAbsentTitle: "Kom inte till mötet: förslag till avvikelse",
  deviationAbsentAccepted:
    "Avvikelse i {code}: {name} ({org}) kallades till SIP-möte {date} och tackade ja, men kom inte till mötet. Mötet hölls och planen togs fram utan deras medverkan.",
  deviationAbsentUnanswered:
    "Avvikelse i {code}: {name} ({org}) kallades till SIP-möte {date} men svarade inte på kallelsen och kom inte till mötet. Mötet hölls och planen togs fram utan deras medverkan.",
  deviationUnanswered:
    "Avvikelse i SIP {code}: {name} ({org}) kallades {date} till SIP-möte men har inte svarat på kallelsen. Samverkan enligt planen har därför inte kunnat ske som avsett.",
} as const;
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type PlanStrings = DeepStrings<typeof planSv>;
