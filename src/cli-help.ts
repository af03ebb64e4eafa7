import { REGIONS, REGION_KEYS } from "./sip/index.js";

/** One line per region, from the data itself, so the help never lists a region by hand. */
const regionLines = REGION_KEYS.map((key) => {
  const { name, basis } = REGIONS[key];
  const validity = basis.validTo
    ? `giltig t.o.m. / valid to ${basis.validTo}`
    : "inget slutdatum / no end date";
  return `  ${key.padEnd(10)} ${name}: ${basis.document}; ${validity}`;
}).join("\n");
const regionChoice = `${REGION_KEYS.join(" | ")} (standard ${REGION_KEYS[0]})`;

/** `--help` text for the rules-engine CLI, in Swedish and English (CONTRACT.md). */
export const HELP = `SIP-lotsen – regelmotorn från kommandoraden / the rules engine on the command line

Användning / Usage:
  npm run --silent cli -- consent [--lang sv|en] < fall.json   Kan vi gå vidare på samtycket? / May we proceed on this consent?
  npm run --silent cli -- assess  [--lang sv|en] < fall.json   Behövs en SIP? / Is a SIP needed?
  npm run --silent cli -- --help

In: ett JSON-objekt på stdin. Ut: ett JSON-objekt på stdout, exit 0.
Felaktig indata: exit 2, inget på stdout, ett meddelande per fält på stderr.
Datum skrivs ÅÅÅÅ-MM-DD och tas alltid från indata, aldrig från klockan.
In: one JSON object on stdin. Out: one JSON object on stdout, exit 0.
Invalid input: exit 2, nothing on stdout, one message per field on stderr.
Dates are YYYY-MM-DD and always come from the input, never from the clock.
--lang en gives English messages (default sv: Swedish).

consent – fält / fields (alla valfria utom age / all optional except age):
  age                      ålder i hela år / age in whole years
  guardians[]              vårdnadshavare (högst två) / the child's guardians (at most two)
    .consent               given | refused | not_asked | unreachable
    .suspectedPerpetrator  är eller misstänks vara förövare / is or is suspected to be the perpetrator
  childView                barnets inställning / the child's view: consents | does_not_object | objects | not_asked
  childCanJudge            15+: förstår vad samtycket innebär (standard ja) / can judge what consent means (default true)
  lvu.inCare               vårdas enligt LVU (även 18–20 år, aldrig från 21) / in care under LVU (also 18–20, never from 21)
  lvu.placementSecretFromGuardians   placeringen hemlig för vårdnadshavarna / placement secret from guardians
  lvu.socialCommitteeDecision        socialnämnden har beslutat att SIP startar / the committee decided SIP starts
  personConsent            vuxens samtycke / adult's consent: given | refused | not_asked | presumed | unable
  representative.kind      forvaltare | god_man | sarskilt_forordnad_vardnadshavare |
                           framtidsfullmakt | anhorigbehorighet (vuxna; ger inte samtycke till SIP /
                           adults; neither consents to a SIP for the person)
  representative.consent   given | refused | not_asked
  representative.mandateCoversPerson  god man: uppdraget omfattar att sörja för person / mandate covers personal matters
  protectedIdentity        skyddade personuppgifter / protected personal data
  violence                 våld i nära relation / violence in close relationships
  withdrawn                samtycket återkallat / consent withdrawn
  expiresOn                samtycket gäller till (kräver today) / consent ends on (needs today)
  today                    bedömningsdag / date of evaluation
  region                   ${regionChoice}
  consentForm              hur samtycket inhämtades / how consent was obtained: written | oral | presumed
  consentGivenOn           dag samtycket lämnades (högst today) / date consent was given (not after today)
  excludedServices[]       verksamheter som inte omfattas / services the consent leaves out:
                           socialtjanst | region | kommunal_hsv | skola | forsakringskassan |
                           arbetsformedlingen | narstaende | annan
                           (utan socialtjanst, eller utan både region och kommunal_hsv: ingen SIP /
                           without socialtjanst, or without both region and kommunal_hsv: no SIP)
  compulsoryCare           tvångsvård utöver LVU / compulsory care other than LVU: LVM | LPT | LRV
                           (ersätter aldrig samtycket till SIP / never replaces consent to the SIP)
  turns18On                dag då barnet fyller 18 (under 18; stämmer med age och today) /
                           a minor's 18th birthday (must fit age and today)
  → { verdict: may_proceed|blocked|needs_decision, channel: digital|manual_only, reasons[],
      excludedServices[] (bjuds inte in / never invited),
      journalNote (alltid på svenska, för journalen / always Swedish, for the journal),
      reconsentOn? (= turns18On: nytt samtycke behövs från den unge / the young person's own consent needed) }

assess – fält / fields:
  needsSocialServices      behöver insatser från socialtjänsten / needs social services: yes | no | unsure
  needsHealthCare          behöver hälso- och sjukvård / needs health care: yes | no | unsure
  requestedBy              vem efterfrågar SIP / who asks: person | guardian | relative | null
  indications[]            several_units | unclear_responsibility | simultaneous_or_ordered |
                           bounced_around | discharge_ready
  existingEquivalentPlan   en annan plan finns redan / another plan already exists
  reporterRole             social_services | health_care | school | school_health | other
  existingSip              en SIP finns redan (följ upp och revidera) / a SIP already exists (follow up, revise)
  municipalHealthCare      kommunal hälso- och sjukvård / municipal health care: yes | no | unsure
  region                   ${regionChoice}
  identifiedOn             dag behovet upptäcktes / date the need was identified
  dischargeNoticeOn        dag för underrättelse om utskrivningsklar / date of the ready-for-discharge notice
  today                    bedömningsdag (visar om regionens underlag har gått ut) / date of evaluation
  dischargeTo              vart personen skrivs ut / where the patient goes after inpatient care:
                           home | special_housing | opt | orv (ÖPT/ÖRV: samordnad vårdplan)
  → { recommendation: sip_indicated|assess_further|not_indicated|revise_existing, mayConvene,
      kvaCode? (bara hälso- och sjukvård, ny plan / health care only, a new plan),
      deadlines[] { kind, due, guideline? } (discharge_sip: kallelsen skickas senast / the kallelse is sent by),
      reasons[], nextSteps[] }

Regioner och deras underlag / regions and the documents they rest on:
${regionLines}

Exempel / Example:
  echo '{"age":16,"guardians":[{"consent":"given"},{"consent":"given"}],"childView":"consents"}' \\
    | npm run --silent cli -- consent
`;
