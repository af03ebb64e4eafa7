import { SRC_V2 } from "./consent-sources.js";
import { longDate } from "./dates.js";
import { ORG_TYPE_NAMES, type OrgType } from "./org-types.js";
import { ADULT_AGE, type ConsentInput, type Reason } from "./schemas.js";

/**
 * The journal note (CONTRACT v2 rule 11): plain Swedish, no names (the input has none), ready to
 * paste. Always Swedish, whatever --lang says: it goes into a Swedish journal or record, where oral
 * consent is documented (SKL FAQ 13). Never anything about where the person lives or stays.
 */
export interface JournalFacts {
  verdict: "may_proceed" | "blocked" | "needs_decision";
  channel: "digital" | "manual_only";
  /** The reasons rendered in Swedish. */
  reasons: Reason[];
  excludedServices: OrgType[];
}

const ANSWER = {
  given: "har samtyckt",
  refused: "har sagt nej",
  not_asked: "har inte tillfrågats",
  unreachable: "har inte gått att nå",
  presumed: "har informerats och visar inget motstånd (tyst samtycke)",
  unable: "kan inte själv ta ställning",
} as const;
const VIEW = {
  consents: "samtycker / vill ha SIP",
  does_not_object: "motsätter sig inte",
  objects: "är emot",
  not_asked: "har inte tillfrågats",
} as const;
const REP = {
  forvaltare: "förvaltare",
  god_man: "god man",
  sarskilt_forordnad_vardnadshavare: "särskilt förordnad vårdnadshavare",
  framtidsfullmakt: "framtidsfullmaktshavare",
  anhorigbehorighet: "anhörig med anhörigbehörighet",
} as const;
const COMPULSORY = { LVM: "LVM (1988:870)", LPT: "LPT (1991:1128)", LRV: "LRV (1991:1129)" } as const;
const FORM = { written: "skriftligt", oral: "muntligt", presumed: "tyst (presumerat) samtycke" } as const;
/**
 * Region Uppsala, Riktlinje SIP (2025), "Skyddade personuppgifter", in our words: only manual
 * handling; the invitation and the documentation follow each principal's routine for manual
 * handling, where the regional invitation form and planning document may be used. The line on
 * whereabouts is the note's own rule (see above), also in Region Värmland's routine.
 */
export const PROTECTED_ROUTINE =
  "Skyddade personuppgifter: SIP hanteras bara manuellt, inte i något digitalt SIP-stöd. " +
  "Kallelse och dokumentation görs enligt respektive huvudmans rutin för manuell hantering; " +
  "saknar huvudmannen egna blanketter kan den regionala kallelseblanketten och planeringsdokumentet användas. " +
  "Inget som kan röja var personen bor eller vistas förs in i något digitalt system.";

const VERDICT = {
  may_proceed: "SIP-arbetet kan gå vidare på befintligt samtycke.",
  blocked: "SIP-arbetet kan inte gå vidare på befintligt samtycke.",
  needs_decision: "Ett beslut krävs innan SIP-arbetet går vidare (se skäl).",
} as const;

export function journalNote(input: ConsentInput, facts: JournalFacts): string {
  const date = (iso: string) => longDate(iso, "sv");
  const child = input.age < ADULT_AGE;
  const lines = [
    `Samtyckesbedömning inför samordnad individuell plan (SIP)${input.today ? `, ${date(input.today)}` : ""}.`,
    `Bedömt: om samtycke finns för att upprätta SIP och utbyta uppgifter mellan berörda verksamheter. ${
      child ? `Barnet är ${input.age} år.` : `Personen är ${input.age} år.`
    }`,
  ];
  (input.guardians ?? []).forEach((g, i) =>
    lines.push(
      `Vårdnadshavare ${i + 1}: ${ANSWER[g.consent]}.${g.suspectedPerpetrator ? " Är eller misstänks vara förövare." : ""}`,
    ),
  );
  const rep = input.representative;
  if (rep) {
    const mandate = rep.mandateCoversPerson === false ? " Uppdraget omfattar inte att sörja för person." : "";
    lines.push(`Företrädare (${REP[rep.kind]}): ${ANSWER[rep.consent]}.${mandate}`);
  }
  if (!child) lines.push(`Personen själv: ${ANSWER[input.personConsent ?? "not_asked"]}.`);
  if (child) {
    const judge =
      input.childCanJudge === undefined
        ? ""
        : input.childCanJudge
          ? " Bedöms kunna förstå vad samtycket innebär."
          : " Bedöms inte kunna förstå vad samtycket innebär.";
    lines.push(
      `${input.age >= 15 ? "Den unges" : "Barnets"} inställning: ${VIEW[input.childView ?? "not_asked"]}.${judge}`,
    );
  }
  if (input.lvu?.inCare) {
    // v3 rule 2: at 18–20 LVU care goes on, but the young adult consents for themselves.
    const parts = [child ? "Barnet vårdas enligt LVU." : "Personen vårdas enligt LVU (kan pågå till 21 år)."];
    if (child && input.lvu.socialCommitteeDecision)
      parts.push("Socialnämnden har beslutat att SIP-arbetet startar.");
    if (input.lvu.placementSecretFromGuardians)
      parts.push(`Placeringen är hemlig för ${child ? "vårdnadshavarna" : "föräldrarna"}.`);
    lines.push(parts.join(" "));
  }
  if (input.compulsoryCare)
    lines.push(
      `Personen vårdas enligt ${COMPULSORY[input.compulsoryCare]}. Tvångsvården ersätter inte samtycket till SIP.`,
    );
  if (child && input.turns18On)
    lines.push(
      `${input.age >= 15 ? "Den unge" : "Barnet"} fyller 18 år den ${date(input.turns18On)}. Då upphör vårdnadshavarnas samtycke; nytt samtycke behövs från den unge själv från den dagen.`,
    );
  if (input.protectedIdentity) lines.push(`${PROTECTED_ROUTINE} (${SRC_V2.journalProtected})`);
  if (input.violence) lines.push("Våld i nära relation förekommer eller misstänks.");
  lines.push(
    `Hur samtycket inhämtades: ${input.consentForm ? FORM[input.consentForm] : "ej angivet"}. Samtycket lämnades: ${
      input.consentGivenOn ? date(input.consentGivenOn) : "datum ej angivet"
    }.`,
  );
  lines.push(
    facts.excludedServices.length
      ? `Omfattning: samtycket omfattar inte ${facts.excludedServices.map((s) => ORG_TYPE_NAMES[s].sv).join(", ")}.`
      : "Omfattning: inga verksamheter undantagna.",
  );
  lines.push(
    input.withdrawn
      ? "Giltighet: samtycket är återkallat."
      : `Giltighet: ${input.expiresOn ? `till och med ${date(input.expiresOn)}` : "inget slutdatum angivet"}.`,
  );
  lines.push(
    `Bedömning: ${VERDICT[facts.verdict]} Kallelse: ${facts.channel === "digital" ? "digital" : "endast manuellt, per telefon"}.`,
  );
  const weighty = facts.reasons.filter((r) => r.effect !== "note");
  if (weighty.length) lines.push("Skäl:", ...weighty.map((r) => `- ${r.message}`));
  const sources = [
    ...new Set([
      ...facts.reasons.flatMap((r) => r.source.split("; ")),
      ...(input.protectedIdentity ? [SRC_V2.journalProtected] : []),
    ]),
  ];
  lines.push(`Källor: ${sources.join("; ")}.`);
  return lines.join("\n");
}
