import { DOCS, SRC } from "./sources.js";
import type { ReasonDef, Text } from "./text.js";

/** Need-assessment reasons (SIP-RULES §1–2): code → message in Swedish and English, and source. */
export const ASSESS_REASONS = {
  NO_DUAL_NEED: {
    source: SRC.law,
    sv: "SIP förutsätter behov av insatser från både socialtjänsten och hälso- och sjukvården. Det behovet finns inte nu.",
    en: "A SIP requires a need for interventions from both social services and health care. That need is not there now.",
  },
  NEED_UNCLEAR: {
    source: SRC.faq(3),
    sv: "Det är oklart om personen behöver insatser från båda huvudmännen. Personen behöver inte redan vara aktuell hos båda – bedöm behovet, inte nuvarande kontakter.",
    en: "It is unclear whether the person needs interventions from both principals. The person need not already be known to both – assess the need, not the current contacts.",
  },
  NO_INDICATION: {
    source: SRC.whenNeeded,
    sv: "Behov finns hos båda huvudmännen men inget tydligt tecken på att samordning behövs. Lagen lämnar det till din professionella bedömning.",
    en: "Both principals are needed but there is no clear sign that coordination is needed. The law leaves it to your professional judgement.",
  },
  REQUESTED: {
    source: SRC.whenNeeded,
    sv: "Personen, en vårdnadshavare eller en närstående efterfrågar samordning. Säg nej bara i undantagsfall.",
    en: "The person, a guardian or a relative asks for coordination. Refuse only in exceptional cases.",
  },
  INDICATION_SEVERAL_UNITS: {
    source: SRC.whenNeeded,
    sv: "Kompetens behövs från flera verksamheter.",
    en: "Competence is needed from several services.",
  },
  INDICATION_UNCLEAR_RESPONSIBILITY: {
    source: SRC.whenNeeded,
    sv: "Ansvarsfördelningen är oklar för familjen eller verksamheterna.",
    en: "The division of responsibility is unclear to the family or the services.",
  },
  INDICATION_SIMULTANEOUS_OR_ORDERED: {
    source: SRC.whenNeeded,
    sv: "Insatser behöver ges samtidigt eller i en viss ordning.",
    en: "Interventions must be given at the same time or in a set order.",
  },
  INDICATION_BOUNCED_AROUND: {
    source: SRC.whenNeeded,
    sv: "Familjen hänvisas runt mellan verksamheter.",
    en: "The family is being bounced around between services.",
  },
  INDICATION_DISCHARGE_READY: {
    source: SRC.discharge,
    sv: "Personen är utskrivningsklar från slutenvården och behöver insatser från båda huvudmännen. SIP ska då erbjudas; finns redan en SIP följs den upp.",
    en: "The person is ready for discharge from inpatient care and needs both principals. A SIP shall then be offered; an existing SIP is followed up.",
  },
  EQUIVALENT_PLAN_CHECK: {
    source: SRC.faq(7),
    sv: "Det finns redan en plan. Den räcker om den uppfyller alla krav på en SIP: insatser, vem som ansvarar för vad, andras åtgärder och vem som har det övergripande ansvaret.",
    en: "A plan already exists. It suffices if it meets every SIP requirement: interventions, who answers for what, others' measures and who holds overall responsibility.",
  },
  EQUIVALENT_PLAN_NOT_ENOUGH: {
    source: SRC.vgrChanges,
    sv: "I er region kan en annan plan inte likställas med SIP. Upprätta en SIP även om en annan plan finns.",
    en: "In your region another plan cannot stand in for a SIP. Draw up a SIP even if another plan exists.",
  },
  MUST_INITIATE: {
    source: SRC.whoInitiates,
    sv: "Du arbetar inom socialtjänsten eller hälso- och sjukvården och ser behovet: du ska ta initiativ till SIP.",
    en: "You work in social services or health care and see the need: you must take the initiative to a SIP.",
  },
  SCHOOL_MAY_CONVENE: {
    source: SRC.vgrChanges,
    sv: "I er region är skolan en jämbördig part och kan själv starta SIP-processen.",
    en: "In your region the school is an equal party and may start the SIP process itself.",
  },
  FLAG_NEED_ONWARD: {
    source: SRC.faq(10),
    sv: "Du kan inte själv kalla till SIP här. För behovet vidare till socialtjänsten eller hälso- och sjukvården, som ansvarar för att kalla, och delta när du bjuds in.",
    en: "You cannot convene a SIP here. Pass the need on to social services or health care, who are responsible for convening, and take part when invited.",
  },
  // CONTRACT v2 rule 3: "utan dröjsmål" is guidance, so the date is a guideline, not a legal limit.
  FIRST_CONTACT_DEADLINE: {
    source: SRC.withoutDelay,
    sv: "Arbetet ska påbörjas utan dröjsmål, vilket normalt betyder en första kontakt mellan kommun och region inom några dagar, ibland direkt. {due} ({days} dagar) är ett riktmärke, inte en tidsgräns i lag.",
    en: "Work must start without delay, which normally means first contact between kommun and region within a few days, sometimes at once. {due} ({days} days) is a guideline, not a deadline set in law.",
  },
  // The duty in lag (2017:612) is to send the kallelse within the days, not to hold the meeting.
  DISCHARGE_DEADLINE: {
    source: SRC.discharge,
    sv: "Den fasta vårdkontakten i öppenvården skickar kallelsen till SIP senast {due}, {days} dagar efter underrättelsen om utskrivningsklar. Skyldigheten är att kallelsen skickas inom {days} dagar, inte att mötet hålls inom den tiden.",
    en: "The outpatient named care contact sends the kallelse (invitation) to the SIP by {due}, {days} days after the ready-for-discharge notice. The duty is to send the kallelse within {days} days, not to hold the meeting within them.",
  },
  // v3 rule 1: an existing SIP at discharge is revised, with the same 3-day kallelse.
  DISCHARGE_REVISE_DEADLINE: {
    source: `${SRC.dischargeLaw}; ${SRC.vgrDetect}`,
    sv: "Det finns redan en SIP och personen är utskrivningsklar. Den fasta vårdkontakten i öppenvården skickar kallelsen till uppföljning och revidering av den befintliga planen senast {due}, {days} dagar efter underrättelsen om utskrivningsklar – ingen ny plan. Skyldigheten gäller kallelsen, inte mötet.",
    en: "A SIP already exists and the person is ready for discharge. The outpatient named care contact sends the kallelse to follow up and revise the existing plan by {due}, {days} days after the ready-for-discharge notice – not a new plan. The duty is the kallelse, not the meeting.",
  },
  // v3 rule 2: a note beside the SIP assessment; the finding names the act (LPT or LRV) as source.
  // No params: a flag carries codes only and renders this text again without them (flag-views.ts).
  COORDINATED_CARE_PLAN: {
    source: SRC.dischargeLaw,
    sv: "Vid utskrivning till öppen psykiatrisk tvångsvård (ÖPT) eller öppen rättspsykiatrisk vård (ÖRV) krävs en samordnad vårdplan enligt lagen (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård. Chefsöverläkaren upprättar den och den följer med ansökan till förvaltningsrätten. Den står vid sidan av SIP-bedömningen och ersätter den inte.",
    en: "Discharge to compulsory outpatient psychiatric care (ÖPT) or outpatient forensic psychiatric care (ÖRV) requires a samordnad vårdplan (coordinated care plan) under act 2017:612 on discharge from inpatient care. The chief physician draws it up and it goes with the application to the administrative court. It stands beside the SIP assessment and does not replace it.",
  },
  KVA_CODE: {
    source: SRC.kva,
    sv: "Registrera KVÅ-kod {code} när planen upprättas.",
    en: "Register KVÅ code {code} when the plan is drawn up.",
  },
  EXISTING_SIP_FOLLOW_UP: {
    source: SRC.vgrDetect,
    sv: "Det finns redan en SIP. Kalla till uppföljning av den och revidera planen i stället för att starta en ny. Vid stora förändringar kan planen avslutas och en ny upprättas – då behövs nytt samtycke.",
    en: "A SIP already exists. Call a follow-up of it and revise the plan rather than start a new one. After large changes the plan may be closed and a new one drawn up – that needs new consent.",
  },
  EXISTING_SIP_MAY_CLOSE: {
    source: SRC.closure,
    sv: "Behovet av insatser från båda huvudmännen verkar inte längre finnas. Ta upp vid uppföljningen om SIP:en ska avslutas.",
    en: "The need for interventions from both principals no longer seems to be there. Raise at the follow-up whether the SIP should be closed.",
  },
  DISCHARGE_BOTH_PRINCIPALS: {
    source: SRC.dischargeLaw,
    sv: "Personen är utskrivningsklar och behöver insatser från både kommunen (socialtjänst eller kommunal hälso- och sjukvård) och regionen. Då gäller lagen om samverkan vid utskrivning: den fasta vårdkontakten i öppenvården skickar kallelsen till SIP.",
    en: "The person is ready for discharge and needs interventions from both the kommun (social services or municipal health care) and the region. The discharge act then applies: the outpatient named care contact sends the kallelse to the SIP.",
  },
  // Each finding names the expired document itself as its source; this is only the fallback.
  REGIONAL_SOURCE_EXPIRED: {
    source: DOCS.SKL,
    sv: "De regionala inställningarna bygger på {document}, som enligt dokumentet gällde till och med {validTo}. Kontrollera om regionen har en nyare riktlinje innan du följer de regionala delarna.",
    en: "The regional settings rest on {document}, which by its own terms was valid until {validTo}. Check whether the region has a newer guideline before following the regional parts.",
  },
  EARLY_IS_BETTER: {
    source: SRC.early,
    sv: "Vänta inte tills det blivit krångligt – SIP kan och bör göras tidigt.",
    en: "Do not wait until things get complicated – a SIP can and should be done early.",
  },
} satisfies Record<string, ReasonDef>;

export type AssessCode = keyof typeof ASSESS_REASONS;

/** Concrete next steps, in the order a worker takes them. */
export const STEPS = {
  askConsent: {
    sv: "Informera personen (och vårdnadshavarna) om SIP och fråga om samtycke – använd Kontrollera samtycke.",
    en: "Tell the person (and the guardians) about SIP and ask for consent – use Check consent.",
  },
  contactOther: {
    sv: "Kontakta den andra huvudmannen utan dröjsmål – riktmärke senast {due}.",
    en: "Contact the other principal without delay – as a guideline by {due}.",
  },
  contactOtherSoon: {
    sv: "Kontakta den andra huvudmannen utan dröjsmål, normalt inom {days} dagar.",
    en: "Contact the other principal without delay, normally within {days} days.",
  },
  dischargeConvene: {
    sv: "Fast vårdkontakt i öppenvården skickar kallelsen till SIP senast {due} – kravet gäller kallelsen, inte mötet.",
    en: "The outpatient named care contact sends the kallelse to the SIP by {due} – the duty is the kallelse, not the meeting.",
  },
  dischargeReviseKallelse: {
    sv: "Se till att kallelsen till uppföljning av den befintliga SIP:en skickas senast {due} – kravet gäller kallelsen, inte mötet.",
    en: "Make sure the kallelse to follow up the existing SIP is sent by {due} – the duty is the kallelse, not the meeting.",
  },
  prepareInvitation: {
    sv: "Förbered kallelsen tillsammans med personen: syfte, långsiktigt mål, frågor och vilka som ska delta.",
    en: "Prepare the invitation with the person: purpose, long-term goal, questions and who should take part.",
  },
  talkToFamily: {
    sv: "Prata med personen eller vårdnadshavarna om behovet och om att du vill föra det vidare.",
    en: "Talk with the person or the guardians about the need and that you want to pass it on.",
  },
  flagOnward: {
    sv: "Flagga behovet av samordning till socialtjänsten eller hälso- och sjukvården – de ansvarar för att kalla.",
    en: "Flag the need for coordination to social services or health care – they are responsible for convening.",
  },
  takePart: {
    sv: "Delta när du bjuds in och bidra med det du vet.",
    en: "Take part when invited and contribute what you know.",
  },
  deeperAssessment: {
    sv: "Gör en fördjupad bedömning tillsammans med personen och vid behov den andra huvudmannen.",
    en: "Make a closer assessment with the person and, if needed, the other principal.",
  },
  checkEquivalentPlan: {
    sv: "Kontrollera att den befintliga planen uppfyller alla krav på en SIP; annars upprätta en SIP.",
    en: "Check that the existing plan meets every SIP requirement; otherwise draw up a SIP.",
  },
  otherCollaboration: {
    sv: "Överväg andra former av samverkan, till exempel ett samordningsmöte inom den egna huvudmannen.",
    en: "Consider other forms of collaboration, for example a coordination meeting within your own principal.",
  },
  contactLead: {
    sv: "Kontakta den som är huvudansvarig för den befintliga SIP:en och be om en uppföljning.",
    en: "Contact the lead of the existing SIP and ask for a follow-up.",
  },
  reviseAtFollowUp: {
    sv: "Vid uppföljningen: har insatserna blivit av, vilken effekt har de haft, behövs fler aktörer? Revidera planen efter det.",
    en: "At the follow-up: were the interventions given, what effect did they have, are more actors needed? Revise the plan accordingly.",
  },
  reassess: { sv: "Gör en ny bedömning om behoven förändras.", en: "Assess again if the needs change." },
} satisfies Record<string, Text>;
