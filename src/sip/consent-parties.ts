import type { ConsentCode } from "./consent-messages.js";
import { regionSettings } from "./regions.js";
import { YOUTH_OWN_CONSENT_AGE, type ConsentInput, type Effect, type Locale } from "./schemas.js";
import { SRC } from "./sources.js";
import type { Finding } from "./verdict.js";

/**
 * Whose answer a block or a decision concerns. A decision route lifts only the blocks of its own
 * party: a manager deciding about an unreachable guardian does not stand in for a young person
 * who was never asked. That keeps the verdict monotone (CONTRACT v2 rule 1).
 */
export type Party = "guardians" | "youth" | "adult";
export type Found = Finding<ConsentCode> & { effect: Effect; party?: Party };
type Opts = Pick<Found, "params" | "party" | "source">;
export const f = (code: ConsentCode, effect: Effect, opts: Opts = {}): Found => ({ code, effect, ...opts });

type Rep = NonNullable<ConsentInput["representative"]>;
const txt = (locale: Locale, sv: string, en: string) => (locale === "sv" ? sv : en);

/** A god man whose mandate does not cover the person is no representative (v2 rule 9). */
function standsIn(rep: Rep | undefined, kinds: Rep["kind"][]): Rep | undefined {
  if (!rep || !kinds.includes(rep.kind)) return undefined;
  return rep.kind === "god_man" && rep.mandateCoversPerson === false ? undefined : rep;
}

export function childFindings(input: ConsentInput, violence: boolean, locale: Locale): Found[] {
  const out: Found[] = [];
  const guardians = input.guardians ?? [];
  const rep = standsIn(input.representative, ["god_man", "sarskilt_forordnad_vardnadshavare"]);
  const lvu = input.lvu?.inCare ? input.lvu : undefined;
  const answers = rep ? [rep.consent] : guardians.map((g) => g.consent);
  const guardianOk = answers.length > 0 && answers.every((a) => a === "given");
  const refused = answers.includes("refused");
  const twoGuardians = !rep && guardians.length === 2;
  const godMan = rep?.kind === "god_man";

  // LVU paths that lift the guardians' consent (SKL FAQ 14–15). v2 rule 3: after a committee
  // decision the guardians' answers no longer change the verdict.
  const secret = Boolean(lvu?.placementSecretFromGuardians);
  const committee = Boolean(lvu?.socialCommitteeDecision);
  const lifted = secret || committee;

  if (rep) out.push(f(godMan ? "UNACCOMPANIED_GOD_MAN" : "SPECIAL_GUARDIAN_CONSENT", "note"));
  if (secret) out.push(f("LVU_PLACEMENT_SECRET", "note"));
  if (committee) out.push(f("LVU_COMMITTEE_DECIDED", "note"));
  if (guardianOk) {
    // v2 rule 9: whoever consents is named as what they are, never "vårdnadshavare" for a god man.
    if (rep) {
      const who = godMan
        ? txt(locale, "Den gode mannen", "The trustee (god man)")
        : txt(locale, "Den särskilt förordnade vårdnadshavaren", "The court-appointed special guardian");
      out.push(
        f("CHILD_REPRESENTATIVE_CONSENTED", "note", {
          params: { who },
          source: godMan ? SRC.faq(17) : SRC.faq(9),
        }),
      );
    } else out.push(f(twoGuardians ? "BOTH_GUARDIANS_CONSENTED" : "GUARDIAN_CONSENTED", "note"));
  } else if (!lifted) {
    const who = godMan
      ? txt(locale, "Den gode mannens", "The trustee's (god man)")
      : rep
        ? txt(locale, "Den särskilt förordnade vårdnadshavarens", "The court-appointed special guardian's")
        : txt(locale, "Vårdnadshavarens", "The guardian's");
    const party = "guardians" as const;
    out.push(
      twoGuardians
        ? f("BOTH_GUARDIANS_REQUIRED", "block", { party })
        : f("GUARDIAN_CONSENT_MISSING", "block", { party, params: { who } }),
    );
    if (lvu) out.push(f("LVU_COMMITTEE_MAY_DECIDE", "decide", { party }));
    // v2 rule 4 (FB 6 kap. 13 § andra stycket): one said yes, the other cannot be reached.
    if (twoGuardians && !refused && answers.includes("given") && answers.includes("unreachable"))
      out.push(f("GUARDIAN_UNREACHABLE", "decide", { party }));
    // v2 rule 5 (FB 6 kap. 13 a §): a note only; the SIP itself still needs both.
    if (twoGuardians && refused && answers.includes("given"))
      out.push(f("ONE_GUARDIAN_REFUSES_ROUTE", "note"));
  }
  if (guardians.some((g) => g.suspectedPerpetrator)) out.push(f("GUARDIAN_SUSPECTED_PERPETRATOR", "note"));
  // v2 rule 7: the suspected guardian's answer is set aside for a manager's decision; it lifts the
  // guardians' block only when every other guardian has consented.
  if (input.protectedIdentity && !rep && guardians.some((g) => g.suspectedPerpetrator)) {
    const othersGiven = guardians.filter((g) => !g.suspectedPerpetrator).every((g) => g.consent === "given");
    out.push(f("PROTECTED_FROM_GUARDIAN", "decide", othersGiven ? { party: "guardians" } : {}));
  }
  if (lvu && violence && regionSettings(input.region).violenceLvuCaution)
    out.push(f("VIOLENCE_LVU_CONSULT", "decide"));

  // The young person's own say (UPPSALA: 15+ who can judge; SKL ch. 6: younger children heard).
  const canJudge = input.childCanJudge ?? input.age >= YOUTH_OWN_CONSENT_AGE;
  const view = input.childView ?? "not_asked";
  if (input.age >= YOUTH_OWN_CONSENT_AGE && canJudge) {
    if (view === "consents") out.push(f("YOUTH_CONSENTED", "note"));
    else if (view === "does_not_object") out.push(f("YOUTH_PRESUMED_CONSENT", "note"));
    else if (lvu && committee && view === "objects")
      out.push(f("LVU_YOUTH_OBJECTS", "decide", { party: "youth" }));
    else out.push(f("YOUTH_OWN_CONSENT_REQUIRED", "block", { party: "youth", params: { age: input.age } }));
  } else if (view === "objects")
    out.push(
      f("CHILD_VIEW_WEIGHED", "note", {
        params: { weight: viewWeight(locale, guardianOk, rep, twoGuardians, committee, secret) },
      }),
    );
  else if (view === "not_asked") out.push(f("CHILD_NOT_HEARD", "note"));
  else out.push(f("CHILD_VIEW_NOTED", "note"));

  // Guardians refuse while a young person who can judge wants a SIP: never a plain go-ahead, and
  // outside LVU never a plain stop either (SKL FAQ 16). Only once every guardian has answered:
  // otherwise the next step is to ask the one who has not, and the verdict stays monotone.
  const allAnswered = answers.length > 0 && answers.every((a) => a === "given" || a === "refused");
  if (refused && allAnswered && !lvu && canJudge && view === "consents")
    out.push(f("MATURE_MINOR_ESCALATE", "decide", { party: "guardians" }));
  // v2 rule 6: a child of 12+ who wants help may get some open interventions on its own request.
  if (input.age >= 12 && !guardianOk && view === "consents")
    out.push(f("CHILD_12_OWN_INTERVENTIONS", "note", { params: { age: input.age } }));
  if (!lifted && guardianOk) out.push(f("GUARDIANS_DECIDE_INVITEES", "note"));
  return out;
}

export function adultFindings(input: ConsentInput, violence: boolean): Found[] {
  const rep = standsIn(input.representative, ["forvaltare", "god_man", "framtidsfullmakt"]);
  const party = "adult" as const;
  const missing = f("ADULT_CONSENT_MISSING", "block", { party });
  // v2 rule 9: anhörigbehörighet covers everyday finances only, so it is no representative here.
  const out: Found[] =
    input.representative?.kind === "anhorigbehorighet" ? [f("RELATIVE_AUTHORITY_NOT_CONSENT", "note")] : [];
  const fullmakt = rep?.kind === "framtidsfullmakt" && rep.consent === "given";
  // v2 rule 8: presumed consent never stands where there is violence.
  const presumedUnderViolence = f("PRESUMED_NOT_WITH_VIOLENCE", "decide", { party });
  switch (input.personConsent ?? "not_asked") {
    case "given":
      out.push(f("ADULT_CONSENTED", "note"));
      if (violence && input.consentForm === "presumed") out.push(presumedUnderViolence);
      return out;
    case "presumed":
      out.push(f("ADULT_PRESUMED_CONSENT", "note"));
      if (violence) out.push(presumedUnderViolence);
      return out;
    case "refused":
      return [...out, missing, f("REFUSAL_DOCUMENT", "note")];
    case "not_asked":
      return [
        ...out,
        missing,
        ...(fullmakt ? [f("FULLMAKT_EXCLUDES_HEALTH_CARE", "decide", { party })] : []),
      ];
    case "unable":
      if (!rep) return [...out, missing, f("ADULT_UNABLE_ASK_RELATIVES", "decide", { party })];
      if (rep.consent !== "given") return [...out, missing];
      if (fullmakt) return [...out, missing, f("FULLMAKT_EXCLUDES_HEALTH_CARE", "decide", { party })];
      if (rep.kind === "god_man" && rep.mandateCoversPerson === undefined)
        return [...out, f("GOD_MAN_MANDATE_CHECK", "decide", { party })];
      return [
        ...out,
        f("REPRESENTATIVE_CONSENTED", "note", {
          params: { kind: rep.kind === "god_man" ? "god man" : "förvaltare" },
        }),
      ];
  }
}

/**
 * v3 rule 7: what a younger child's objection weighs against. It names the guardians' consent
 * only when they gave it; a committee decision or a secret placement is named as what it is.
 */
function viewWeight(
  locale: Locale,
  guardianOk: boolean,
  rep: Rep | undefined,
  twoGuardians: boolean,
  committee: boolean,
  secret: boolean,
): string {
  if (guardianOk) {
    const who = rep
      ? txt(locale, "företrädaren", "the representative")
      : twoGuardians
        ? txt(locale, "vårdnadshavarna", "the guardians")
        : txt(locale, "vårdnadshavaren", "the guardian");
    return txt(
      locale,
      `Den stoppar inte en SIP som ${who} har samtyckt till.`,
      `It does not stop a SIP that ${who} consented to.`,
    );
  }
  if (committee)
    return txt(
      locale,
      "Den stoppar inte SIP-arbetet som socialnämnden har beslutat om, men väg in den.",
      "It does not stop the SIP work the social welfare committee decided on, but weigh it.",
    );
  if (secret)
    return txt(
      locale,
      "Vårdnadshavarna behöver inte samtycka här; väg in barnets åsikt i planeringen.",
      "The guardians need not consent here; weigh the child's view in the planning.",
    );
  return txt(
    locale,
    "Det samtycke som behövs saknas också (se skälen ovan), så SIP kan inte starta nu. Ta med barnets inställning i samtalen framåt.",
    "The consent that is needed is missing too (see the reasons above), so a SIP cannot start now. Take the child's view into the talks ahead.",
  );
}
