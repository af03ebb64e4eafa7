import { LAW, SRC_V3 } from "./consent-sources.js";
import type { ReasonDef } from "./text.js";

/** Consent reasons added by CONTRACT v3 (rules 1–6), merged into CONSENT_REASONS. */
export const CONSENT_REASONS_V3 = {
  SIP_NEEDS_BOTH_PRINCIPALS: {
    source: SRC_V3.bothPrincipals,
    // {sides}: the principal side(s) the consent leaves out, in the reader's language.
    sv: "Samtycket omfattar inte {sides}. En SIP är en gemensam plan för socialtjänsten och hälso- och sjukvården, så ingen SIP kan upprättas på detta samtycke. Prata med personen om vad samtycket ska omfatta, eller planera inom den ena huvudmannens egna regler.",
    en: "The consent does not cover {sides}. A SIP is a joint plan of social services and health care, so no SIP can be drawn up on this consent. Talk with the person about what the consent should cover, or plan within one principal's own rules.",
  },
  LVU_YOUNG_ADULT: {
    source: SRC_V3.lvuYoungAdult,
    sv: "Personen är {age} år och vårdas enligt LVU, som kan pågå till 21 år. Socialnämnden ansvarar för vården, men SIP kräver personens eget samtycke som för alla vuxna; vårdnadshavarnas samtycke behövs inte längre.",
    en: "The person is {age} and in care under LVU, which can last until 21. The social welfare committee is responsible for the care, but a SIP needs the person's own consent as for any adult; the guardians' consent is no longer needed.",
  },
  COMPULSORY_CARE_CONSENT: {
    source: LAW.LVM,
    // {act}: the act's name; {plan}: the samordnad vårdplan sentence for LPT/LRV, else empty.
    sv: "Personen vårdas enligt {act}. Tvångsvården ersätter inte samtycket till SIP: SIP är frivillig även när vården inte är det, och bedömningen följer personens eget svar.{plan}",
    en: "The person is in care under {act}. Compulsory care does not replace consent to the SIP: the SIP is voluntary even when the care is not, and the assessment follows the person's own answer.{plan}",
  },
  RECONSENT_AT_18: {
    source: SRC_V3.reconsent,
    sv: "Den unge fyller 18 år den {date}. Då upphör vårdnadshavarnas samtycke, och från den dagen behövs den unges eget samtycke för att SIP-arbetet ska fortsätta.",
    en: "The young person turns 18 on {date}. The guardians' consent ends then, and from that day the young person's own consent is needed for the SIP work to go on.",
  },
  REPRESENTATIVE_SCOPE: {
    source: SRC_V3.representativeScope,
    // {kind}: förvaltare, god man, framtidsfullmaktshavare or särskilt förordnad vårdnadshavare.
    sv: "Företrädaren ({kind}) har svarat. Svaret gäller SIP-arbetet inom ramen för uppdraget – aldrig beslut om själva hälso- och sjukvården, som stannar hos personen och vårdgivaren. Gör personen delaktig så långt det går.",
    en: "The representative ({kind}) has answered. The answer covers the SIP work within the mandate – never decisions on health care itself, which stay with the person and the care giver. Involve the person as far as possible.",
  },
} satisfies Record<string, ReasonDef>;
