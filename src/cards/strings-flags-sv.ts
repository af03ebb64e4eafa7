/** Swedish texts of the flag cards ("Flagga behovet vidare"). Same shape in English. */
export const flagsSv = {
  open: "Flagga behovet vidare",
  form: {
    title: "Flagga behovet vidare",
    intro:
      "Skicka behovet till en kontakt inom socialtjänsten eller hälso- och sjukvården, som ansvarar för att kalla. Bara bedömningen nedan skickas – inga personuppgifter.",
    who: "Till vem (sök bland kollegor i Teams)",
    send: "Skicka",
    pickSomeone: "Välj vem som ska ta emot behovet.",
    notYourself: "Välj någon annan än dig själv.",
    unknownUser:
      "Personen kan inte nås i Teams än – hen behöver ha öppnat SIP-lotsen en gång. Välj någon annan.",
    unreachable: "{name} kunde inte nås just nu. Inget har skickats – försök igen eller välj någon annan.",
  },
  summary: {
    heading: "Bedömning: {recommendation}",
    // Deadlines travel as codes only; their dates stay with the reporter.
    FIRST_CONTACT_DEADLINE:
      "Arbetet ska påbörjas utan dröjsmål: första kontakt mellan kommun och region inom {days} dagar från att behovet upptäcktes.",
    DISCHARGE_DEADLINE:
      "Personen är utskrivningsklar: kallelsen till SIP skickas inom {days} dagar efter underrättelsen om utskrivningsklar.",
  },
  contact: {
    title: "Behov av samordning",
    from: "Från {reporter}, som inte själv kan kalla till SIP",
    noPersonalData:
      "Kortet innehåller inga personuppgifter. Kontakta {reporter} direkt för att få veta vem det gäller.",
    someone: "en kollega",
    take: "Ta över",
    pass: "Skicka till kollega",
    colleague: "Kollega som ska ta över behovet",
    send: "Skicka",
    taken: "Du har tagit över ärende {code}. Nästa steg: kontrollera samtycket.",
    toConsent: "Kontrollera samtycke",
    passed: "Du skickade vidare till {name}.",
    pickColleague: "Välj en kollega.",
    notYourself: "Välj en kollega, inte dig själv.",
    notReporter:
      "Skicka till någon inom socialtjänsten eller hälso- och sjukvården, inte tillbaka till {name}.",
    unknownUser: "Personen kan inte nås i Teams än. Välj någon annan.",
    unreachable:
      "{name} kunde inte nås just nu. Behovet ligger kvar hos dig – försök igen eller välj någon annan.",
  },
  status: {
    title: "Behov av samordning – flaggat",
    waiting: "Skickat till {name} – väntar på att någon tar över.",
    passedOn: "Skickat vidare till {name} – väntar.",
    taken: "{name} har tagit över (ärende {code}).",
    refresh: "Uppdatera",
  },
  errors: {
    notFound: "Flaggan finns inte längre. Inget har ändrats.",
    notYours:
      "Det här behovet ligger inte hos dig, så du kan inte ta över eller skicka det vidare. Inget har ändrats.",
    notIndicated:
      "Bedömningen säger att SIP inte behövs nu, så det finns inget behov att flagga vidare. Gör en ny bedömning om läget ändras.",
    mayConvene: "Du kan själv kalla till SIP och ska ta initiativet. Kontrollera samtycket i stället.",
    reviseExisting:
      "Det finns redan en SIP. Be den som är huvudansvarig för den om en uppföljning i stället för att flagga vidare.",
    alreadyHandled: "Behovet har redan tagits om hand av någon annan. Du behöver inte göra något.",
  },
};
export type FlagsStrings = typeof flagsSv;
