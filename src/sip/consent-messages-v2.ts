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
  // v3 rule 7: FB 6 kap. 13 § andra stycket, in our words, with its exception.
  GUARDIAN_UNREACHABLE: {
    source: SRC_V2.unreachable,
    sv: "En vårdnadshavare har samtyckt och den andra går inte att nå. Är den ena förhindrad bestämmer den andra ensam i frågor som inte kan vänta, men inte i frågor av ingripande betydelse för barnets framtid, om inte barnets bästa uppenbarligen kräver det. Ansvarig chef bedömer om frågan kan vänta; dokumentera försöken att nå vårdnadshavaren.",
    en: "One guardian has consented and the other cannot be reached. When one is prevented, the other decides alone in matters that cannot wait, but not in matters of lasting significance for the child's future unless the child's best interest obviously requires it. A manager judges whether the matter can wait; document the attempts to reach the guardian.",
  },
  ONE_GUARDIAN_REFUSES_ROUTE: {
    source: SRC_V2.oneRefuses,
    sv: "En vårdnadshavare säger nej. Socialnämnden kan besluta om vissa insatser för barnet trots den ena vårdnadshavarens nej, om barnets bästa kräver det – men själva SIP:en kräver fortfarande båda vårdnadshavarnas samtycke.",
    en: "One guardian refuses. The social welfare committee may decide on certain interventions for the child despite one guardian's refusal when the child's best interest requires it – but the SIP itself still needs both guardians' consent.",
  },
  // v3 rule 7: the committee decides that the intervention is appropriate and the child consents
  // (prop. 2022/23:64); the child's request alone is not enough.
  CHILD_12_OWN_INTERVENTIONS: {
    source: SRC_V2.child12,
    sv: "Barnet är {age} år och vill ha hjälp. Socialnämnden kan besluta om vissa öppna insatser för ett barn som fyllt 12 år utan vårdnadshavarnas samtycke, om nämnden bedömer att insatsen är lämplig och barnet självt samtycker – barnets begäran räcker inte ensam. Sekretess kan gälla mot vårdnadshavarna. Det gäller insatserna, inte SIP:en.",
    en: "The child is {age} and wants help. The social welfare committee may decide on certain open interventions for a child of 12 or more without the guardians' consent, if it judges the intervention appropriate and the child consents – the child's request alone is not enough. Secrecy towards the guardians may apply. This concerns the interventions, not the SIP.",
  },
  // v3 rule 7: the legal routes, not "a manager decides the consent".
  PROTECTED_FROM_GUARDIAN: {
    source: SRC_V2.protectedFromGuardian,
    sv: "Barnet har skyddade personuppgifter och en vårdnadshavare är eller misstänks vara förövare. Kontakta aldrig den vårdnadshavaren på ett sätt som kan röja var barnet bor. Hens samtycke kan inte bara bortses från; de rättsliga vägarna är att socialnämnden beslutar om vissa insatser utan den ena vårdnadshavarens samtycke (FB 6 kap. 13 a §), vård enligt LVU, ändrad vårdnad genom domstol, eller att vårdnadshavaren är förhindrad (FB 6 kap. 13 § andra stycket). Ta juridiskt stöd och dokumentera vilken väg som används.",
    en: "The child has protected personal data and a guardian is or is suspected to be the perpetrator. Never contact that guardian in a way that could reveal where the child lives. Their consent cannot simply be set aside; the legal routes are a decision by the social welfare committee on certain interventions without one guardian's consent (FB 6 kap. 13 a §), care under LVU, a change of custody by a court, or the guardian being prevented (FB 6 kap. 13 § andra stycket). Get legal advice and document which route is used.",
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
