/**
 * The documents the rules cite (see ../shared/SIP-RULES.md). Every reason names one of these,
 * so a citation is written once and reads the same in the CLI, the cards and the knowledge base.
 * Citations stay in Swedish in every locale: they name Swedish documents and their sections.
 */
export const DOCS = {
  SKL: "SKL, Använd SIP (2019)",
  VARMLAND: "Region Värmland, SIP med Cosmic Link (2024)",
  VGR: "VGR, Riktlinje för SIP (2020)",
  UPPSALA: "Region Uppsala, Riktlinje SIP (2025)",
  VARDANALYS: "Vårdanalys, Samordning med svårigheter",
} as const;

export type Doc = keyof typeof DOCS;

/** "SKL, Använd SIP (2019), Vanliga frågor 14" */
export function cite(doc: Doc, section: string): string {
  return `${DOCS[doc]}, ${section}`;
}

/** The sections the rules use, named once. */
export const SRC = {
  // SoL (2001:453) was replaced on 1 July 2025; the new section is not confirmed, so the act and
  // the old number staff know are named instead (CONTRACT v2).
  law: cite(
    "SKL",
    "kap. 2 (socialtjänstlagen (2025:400), tidigare 2 kap. 7 § SoL (2001:453); 16 kap. 4 § HSL)",
  ),
  discharge: cite("SKL", "kap. 3 (lag 2017:612, fast vårdkontakt)"),
  school: cite("SKL", "kap. 4 Förskola och skola"),
  whenNeeded: cite("SKL", "kap. 5 När behövs SIP?"),
  participation: cite("SKL", "kap. 6 Delaktighet och samtycke"),
  whoInitiates: cite("SKL", "kap. 7 Vem kan efterfråga, initiera och delta?"),
  closure: cite("SKL", "kap. 10 SIP avslutas"),
  kva: cite("SKL", "kap. 14 KVÅ-kod för SIP"),
  withoutDelay: cite("SKL", 'kap. 15 Vad innebär lydelsen "utan dröjsmål"?'),
  early: cite("SKL", "kap. 15 Ska man göra SIP först när det är krångligt och svårt?"),
  faq: (n: number) => cite("SKL", `Vanliga frågor ${n}`),
  varmlandConsent: cite("VARMLAND", "Information och samtycke"),
  varmlandChildren: cite("VARMLAND", "Samordning av insatser kring barn"),
  varmlandViolence: cite("VARMLAND", "SIP i samband med våldsutsatthet"),
  varmlandProtected: cite("VARMLAND", "Personer med skyddade personuppgifter"),
  vgrDetect: cite("VGR", "SIP-processen steg 1 Upptäck behov"),
  vgrChanges: cite("VGR", "Huvudsakliga förändringar i riktlinjen"),
  varmlandNeed: cite("VARMLAND", "Bedömning av behovet; SIP kan behövas"),
  uppsalaConsent: cite("UPPSALA", "Samtycke"),
  uppsalaScope: cite("UPPSALA", "Omfattning"),
  uppsalaPrep: cite("UPPSALA", "Förberedelser"),
  uppsalaProtected: cite("UPPSALA", "Skyddade personuppgifter"),
  // Outside the seeds: the act and its bill, no section number we could not confirm (CONTRACT v2).
  dischargeLaw:
    "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård, prop. 2016/17:106",
} as const;
