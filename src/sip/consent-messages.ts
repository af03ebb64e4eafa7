import { CONSENT_REASONS_V2 } from "./consent-messages-v2.js";
import { CONSENT_REASONS_V3 } from "./consent-messages-v3.js";
import { SRC } from "./sources.js";
import type { ReasonDef } from "./text.js";

/** Consent reasons (SIP-RULES §3–4): code → message in Swedish and English, and its source. */
export const CONSENT_REASONS = {
  CONSENT_WITHDRAWN: {
    source: SRC.closure,
    sv: "Samtycket är återkallat. SIP-arbetet avslutas; alla berörda informeras och varje huvudman dokumenterar avslutet.",
    en: "Consent has been withdrawn. The SIP ends; everyone involved is told and each principal documents the closure.",
  },
  CONSENT_EXPIRED: {
    source: SRC.participation,
    sv: "Samtycket gällde till {expiresOn} och har gått ut. Inhämta nytt samtycke innan arbetet fortsätter.",
    en: "Consent was valid until {expiresOn} and has expired. Obtain new consent before the work goes on.",
  },
  CONSENT_NO_END_DATE: {
    source: SRC.participation,
    sv: "Samtycket bör vara tidsbegränsat. Ange ett slutdatum och dokumentera vad samtycket omfattar.",
    en: "Consent should be time-limited. Record an end date and what the consent covers.",
  },
  BOTH_GUARDIANS_REQUIRED: {
    source: SRC.faq(2),
    sv: "Barnet har två vårdnadshavare och båda måste samtycka. Samtycke saknas från minst en av dem.",
    en: "The child has two guardians and both must consent. Consent is missing from at least one of them.",
  },
  BOTH_GUARDIANS_CONSENTED: {
    source: SRC.faq(2),
    sv: "Båda vårdnadshavarna har samtyckt.",
    en: "Both guardians have consented.",
  },
  GUARDIAN_CONSENT_MISSING: {
    source: SRC.faq(2),
    // {who}: the guardian, or the god man / special guardian standing in the guardians' place.
    sv: "{who} samtycke saknas. Inget SIP-arbete kan starta innan det finns.",
    en: "{who} consent is missing. No SIP work can start without it.",
  },
  GUARDIAN_CONSENTED: {
    source: SRC.faq(2),
    sv: "Barnets vårdnadshavare har samtyckt.",
    en: "The child's guardian has consented.",
  },
  GUARDIANS_DECIDE_INVITEES: {
    source: SRC.varmlandChildren,
    sv: "Vårdnadshavarnas samtycke avgör också vilka verksamheter som får bjudas in.",
    en: "The guardians' consent also decides which services may be invited.",
  },
  GUARDIAN_SUSPECTED_PERPETRATOR: {
    source: SRC.varmlandViolence,
    sv: "En vårdnadshavare är eller misstänks vara förövare. Båda vårdnadshavarnas samtycke krävs ändå; bedöm noga om SIP alls ska genomföras eller om frågan ska hanteras på annat sätt.",
    en: "A guardian is or is suspected to be the perpetrator. Both guardians' consent is still required; assess carefully whether a SIP should happen at all or be handled another way.",
  },
  SPECIAL_GUARDIAN_CONSENT: {
    source: SRC.faq(9),
    sv: "En särskilt förordnad vårdnadshavare företräder barnet och kan samtycka i vårdnadshavarnas ställe.",
    en: "A court-appointed special guardian represents the child and can consent in the guardians' place.",
  },
  UNACCOMPANIED_GOD_MAN: {
    source: SRC.faq(17),
    sv: "Ensamkommande och asylsökande barn har samma rätt till SIP; den gode mannen samtycker i vårdnadshavarnas ställe.",
    en: "Unaccompanied and asylum-seeking children have the same right to a SIP; the trustee (god man) consents in the guardians' place.",
  },
  YOUTH_OWN_CONSENT_REQUIRED: {
    source: SRC.uppsalaConsent,
    sv: "Den unge är {age} år och kan förstå vad samtycket innebär. Vårdnadshavarnas samtycke räcker inte – den unges eget samtycke behövs.",
    en: "The young person is {age} and can understand what consent means. The guardians' consent is not enough – the young person's own consent is needed.",
  },
  YOUTH_CONSENTED: {
    source: SRC.uppsalaConsent,
    sv: "Den unge har själv samtyckt.",
    en: "The young person has consented.",
  },
  YOUTH_PRESUMED_CONSENT: {
    source: SRC.faq(9),
    sv: "Den unge har informerats och motsätter sig inte (tyst samtycke). Dokumentera det och fortsätt göra den unge delaktig.",
    en: "The young person was informed and does not object (presumed consent). Document this and keep involving the young person.",
  },
  CHILD_VIEW_NOTED: {
    source: SRC.participation,
    sv: "Barnets inställning är känd och tas med i planeringen.",
    en: "The child's view is known and is taken into the planning.",
  },
  // v3 rule 7: {weight} depends on the guardians' answers (consent-parties.ts); it never says that
  // they consent when they did not.
  CHILD_VIEW_WEIGHED: {
    source: SRC.participation,
    sv: "Barnet är emot. Barnets åsikt ska väga tyngre ju äldre och mognare barnet är. {weight}",
    en: "The child objects. The child's view weighs more with age and maturity. {weight}",
  },
  CHILD_NOT_HEARD: {
    source: SRC.participation,
    sv: "Fråga barnet på ett sätt som passar ålder och mognad, och dokumentera barnets inställning.",
    en: "Ask the child in a way suited to age and maturity, and document the child's view.",
  },
  MATURE_MINOR_ESCALATE: {
    source: SRC.faq(16),
    sv: "Vårdnadshavarna säger nej men den unge, som bedöms mogen, vill ha SIP. Huvudregeln är att vårdnadshavarna bestämmer; lyft frågan till ansvarig chef. Vården kan respektera en tillräckligt mogen patient, och barnets rätt till vård går före vid påtaglig risk för hälsa eller utveckling. Överväg om LVU behövs.",
    en: "The guardians refuse but the young person, judged mature, wants a SIP. The main rule is that guardians decide; escalate to the responsible manager. Health care may respect a sufficiently mature patient, and the child's right to care prevails where health or development is at substantial risk. Consider whether LVU is needed.",
  },
  LVU_COMMITTEE_MAY_DECIDE: {
    source: SRC.faq(14),
    sv: "Barnet vårdas med stöd av LVU och vårdnadshavarnas samtycke saknas. Socialnämnden kan besluta att SIP-arbetet ändå startar om det behövs för att barnet ska få vård. Begär ett beslut.",
    en: "The child is in care under LVU and the guardians' consent is missing. The social welfare committee may decide that SIP work starts if the child's care needs it. Ask for a decision.",
  },
  LVU_COMMITTEE_DECIDED: {
    source: SRC.faq(14),
    sv: "Socialnämnden har beslutat att SIP-arbetet startar för barnet som vårdas enligt LVU. Sök ändå vårdnadshavarnas och barnets delaktighet.",
    en: "The social welfare committee has decided that SIP work starts for the child in care under LVU. Still seek the guardians' and the child's participation.",
  },
  LVU_PLACEMENT_SECRET: {
    source: SRC.faq(15),
    sv: "Placeringen är hemlig för vårdnadshavarna. De behöver inte samtycka, och inget i kallelse eller plan får röja var barnet vistas.",
    en: "The placement is secret from the guardians. They need not consent, and nothing in the invitation or plan may reveal where the child stays.",
  },
  VIOLENCE_LVU_CONSULT: {
    source: SRC.varmlandViolence,
    sv: "Våld i nära relation och LVU: försök undvika SIP. Konsultera socialtjänsten (gärna i annan kommun för anonymitetens skull) eller BUP:s traumateam innan ni går vidare.",
    en: "Violence in close relationships and LVU: try to avoid a SIP. Consult social services (another municipality for anonymity) or the BUP trauma team before going on.",
  },
  PROTECTED_IDENTITY_MANUAL: {
    source: SRC.varmlandProtected,
    sv: "Skyddade personuppgifter: ingen digital kallelse. Kom överens om tid och plats per telefon, och dokumentera aldrig var personen bor eller vistas.",
    en: "Protected personal data: no digital invitation. Agree time and place by phone, and never record where the person lives or stays.",
  },
  VIOLENCE_CAREFUL_ASSESSMENT: {
    source: SRC.varmlandViolence,
    sv: "Våld i nära relation: bedöm noga om SIP ska genomföras. Kalla per telefon, inte digitalt, håll nere antalet deltagare och fråga personen hur hen vill bli kontaktad.",
    en: "Violence in close relationships: assess carefully whether a SIP should happen. Invite by phone, not digitally, keep participants few and ask the person how they want to be contacted.",
  },
  CHILD_VIOLENCE_REPORT: {
    source: SRC.varmlandViolence,
    sv: "Barn är berörda av våld: gör en orosanmälan till socialtjänsten och undvik att barnet deltar i SIP-mötet.",
    en: "Children are affected by violence: make a report of concern to social services and avoid having the child at the SIP meeting.",
  },
  ADULT_CONSENTED: {
    source: SRC.participation,
    sv: "Personen har själv samtyckt.",
    en: "The person has consented.",
  },
  ADULT_PRESUMED_CONSENT: {
    source: SRC.faq(9),
    sv: "Tyst samtycke: personen har informerats och visar inget motstånd. Dokumentera hur samtycket framgick.",
    en: "Presumed consent: the person was informed and shows no opposition. Document how the consent was shown.",
  },
  ADULT_CONSENT_MISSING: {
    source: SRC.participation,
    sv: "Personens samtycke saknas. SIP kräver att personen samtycker, eller ett giltigt samtycke från en behörig företrädare.",
    en: "The person's consent is missing. A SIP requires the person's consent, or valid consent from an authorised representative.",
  },
  REFUSAL_DOCUMENT: {
    source: SRC.varmlandConsent,
    sv: "Personen säger nej trots att behovet bedöms finnas. Dokumentera det i journal/akt – vid våldsutsatthet på ett säkert sätt.",
    en: "The person refuses although the need is judged to exist. Document it in the record – securely in violence cases.",
  },
  ADULT_UNABLE_ASK_RELATIVES: {
    source: SRC.uppsalaConsent,
    sv: "Personen kan inte samtycka men ska ändå kunna få samordning. Ta kontakt med närstående eller legal företrädare om personens inställning och besluta hur ni går vidare.",
    en: "The person cannot consent but should still get coordination. Ask relatives or the legal representative about the person's stance and decide how to go on.",
  },
  REPRESENTATIVE_CONSENTED: {
    source: SRC.faq(9),
    sv: "Personen kan inte själv samtycka; företrädaren ({kind}) har samtyckt. Fortsätt göra personen delaktig på ett anpassat sätt.",
    en: "The person cannot consent; the representative ({kind}) has consented. Keep involving the person in an adapted way.",
  },
  GOD_MAN_MANDATE_CHECK: {
    source: SRC.faq(9),
    sv: "En god man kan bara företräda personen om förordnandet omfattar att sörja för person. Kontrollera uppdraget innan ni går vidare.",
    en: "A trustee (god man) can represent the person only if the appointment covers personal matters. Check the mandate before going on.",
  },
  ...CONSENT_REASONS_V2,
  ...CONSENT_REASONS_V3,
} satisfies Record<string, ReasonDef>;

export type ConsentCode = keyof typeof CONSENT_REASONS;
