import { SRC_V2 } from "./consent-sources.js";
import { SRC } from "./sources.js";
import type { ReasonDef } from "./text.js";

/** Consent reasons added by CONTRACT v2 (rules 3–10), merged into CONSENT_REASONS. */
export const CONSENT_REASONS_V2 = {
  LVU_YOUTH_OBJECTS: {
    source: SRC_V2.youthObjects,
    sv: "Socialnämnden har beslutat att SIP-arbetet startar, men den unge, som kan förstå vad samtycket innebär, säger nej. Nämnden avgör om arbetet ska gå vidare mot den unges vilja; dokumentera den unges inställning och beslutet.",
    en: "The social welfare committee has decided that SIP work starts, but the young person, who can understand what consent means, says no. The committee decides whether to go on against the young person's view; document the view and the decision.",
  },
  GUARDIAN_UNREACHABLE: {
    source: SRC_V2.unreachable,
    sv: "En vårdnadshavare har samtyckt och den andra går inte att nå. Om frågan inte kan vänta får den ena bestämma ensam, men inte i frågor av ingripande betydelse för barnets framtid. Ansvarig chef beslutar; dokumentera försöken att nå vårdnadshavaren.",
    en: "One guardian has consented and the other cannot be reached. If the matter cannot wait, the one may decide alone, but not in matters of lasting significance for the child's future. A manager decides; document the attempts to reach the guardian.",
  },
  ONE_GUARDIAN_REFUSES_ROUTE: {
    source: SRC_V2.oneRefuses,
    sv: "En vårdnadshavare säger nej. Socialnämnden kan besluta om vissa insatser för barnet trots den ena vårdnadshavarens nej, om barnets bästa kräver det – men själva SIP:en kräver fortfarande båda vårdnadshavarnas samtycke.",
    en: "One guardian refuses. The social welfare committee may decide on certain interventions for the child despite one guardian's refusal when the child's best interest requires it – but the SIP itself still needs both guardians' consent.",
  },
  CHILD_12_OWN_INTERVENTIONS: {
    source: SRC_V2.child12,
    sv: "Barnet är {age} år och vill ha hjälp. Socialtjänsten kan ge vissa öppna insatser till ett barn som fyllt 12 år på barnets egen begäran utan vårdnadshavarnas samtycke, och sekretess kan gälla mot vårdnadshavarna.",
    en: "The child is {age} and wants help. Social services may give certain open interventions to a child of 12 or more at the child's own request without the guardians' consent, and secrecy towards the guardians may apply.",
  },
  PROTECTED_FROM_GUARDIAN: {
    source: SRC_V2.protectedFromGuardian,
    sv: "Barnet har skyddade personuppgifter och en vårdnadshavare är eller misstänks vara förövare. Kontakta aldrig den vårdnadshavaren på ett sätt som kan röja var barnet bor. Ansvarig chef beslutar, med juridiskt stöd, hur den vårdnadshavarens samtycke hanteras.",
    en: "The child has protected personal data and a guardian is or is suspected to be the perpetrator. Never contact that guardian in a way that could reveal where the child lives. A manager, with legal advice, decides how that guardian's consent is handled.",
  },
  PRESUMED_NOT_WITH_VIOLENCE: {
    source: SRC_V2.presumedViolence,
    sv: "Vid våld i nära relation räcker inte tyst samtycke. Fråga personen uttryckligen, i en trygg miljö och utan att den misstänkta förövaren är närvarande.",
    en: "With violence in close relationships, presumed consent is not enough. Ask the person explicitly, in a safe setting, without the suspected perpetrator present.",
  },
  FULLMAKT_EXCLUDES_HEALTH_CARE: {
    source: SRC_V2.fullmakt,
    sv: "En framtidsfullmakt omfattar inte frågor om hälso- och sjukvård. Fråga personen själv; går det inte, besluta om SIP kan bygga på tyst (presumerat) samtycke.",
    en: "A continuing power of attorney (framtidsfullmakt) does not cover health-care matters. Ask the person; if that is not possible, decide whether the SIP can rest on presumed consent.",
  },
  RELATIVE_AUTHORITY_NOT_CONSENT: {
    source: SRC_V2.anhorig,
    sv: "Anhörigbehörighet gäller bara vardagliga ekonomiska angelägenheter. Den anhöriga kan inte samtycka till SIP i personens ställe, men kan berätta om personens inställning.",
    en: "Relative authority (anhörigbehörighet) covers everyday financial matters only. The relative cannot consent to a SIP for the person, but can tell you the person's stance.",
  },
  CONSENT_SCOPE_LIMITED: {
    source: SRC_V2.scope,
    sv: "Samtycket omfattar inte: {services}. SIP-arbetet kan fortsätta, men de får inte kallas eller bjudas in och inga uppgifter lämnas till dem.",
    en: "The consent does not cover: {services}. SIP work can go on, but they may not be convened or invited and no information is shared with them.",
  },
  CHILD_REPRESENTATIVE_CONSENTED: {
    source: SRC.faq(9),
    sv: "{who} har samtyckt i vårdnadshavarnas ställe.",
    en: "{who} has consented in the guardians' place.",
  },
} satisfies Record<string, ReasonDef>;
