import { CONSENT_REASONS, type ConsentCode } from "./consent-messages.js";
import { isBefore, longDate } from "./dates.js";
import { regionSettings } from "./regions.js";
import {
  ADULT_AGE,
  YOUTH_OWN_CONSENT_AGE,
  type ConsentInput,
  type Effect,
  type Locale,
  type Reason,
} from "./schemas.js";
import { renderFindings, type Finding } from "./verdict.js";

export type ConsentVerdict = "may_proceed" | "blocked" | "needs_decision";
export type Channel = "digital" | "manual_only";
export interface ConsentResult {
  verdict: ConsentVerdict;
  channel: Channel;
  reasons: Reason[];
}

type Found = Finding<ConsentCode> & { effect: Effect };
const f = (code: ConsentCode, effect: Effect, params?: Found["params"]): Found => ({
  code,
  effect,
  ...(params ? { params } : {}),
});

/**
 * May SIP work proceed on the consent we have? (SIP-RULES §3–4, CONTRACT `consent`.)
 * Pure: `today` comes from the input. Withdrawn or expired consent ends the matter; otherwise a
 * reason that needs someone's decision outranks a plain block, because the decision (the social
 * welfare committee, a manager) is the way past the block.
 */
export function checkConsent(input: ConsentInput, locale: Locale = "sv"): ConsentResult {
  const violence = Boolean(input.violence || input.guardians?.some((g) => g.suspectedPerpetrator));
  const channel: Channel = input.protectedIdentity || violence ? "manual_only" : "digital";
  const found: Found[] = [...safetyFindings(input, violence)];

  const ended: Found[] = [];
  if (input.withdrawn) ended.push(f("CONSENT_WITHDRAWN", "end"));
  if (input.expiresOn && input.today && isBefore(input.expiresOn, input.today))
    ended.push(f("CONSENT_EXPIRED", "end", { expiresOn: longDate(input.expiresOn, locale) }));

  if (ended.length) {
    found.unshift(...ended);
  } else {
    found.unshift(...(input.age < ADULT_AGE ? childFindings(input, violence) : adultFindings(input)));
    if (!input.expiresOn) found.push(f("CONSENT_NO_END_DATE", "note"));
  }
  return {
    verdict: verdictOf(found.map((x) => x.effect)),
    channel,
    reasons: renderFindings(CONSENT_REASONS, found, locale),
  };
}

function verdictOf(effects: Effect[]): ConsentVerdict {
  if (effects.includes("end")) return "blocked";
  if (effects.includes("decide")) return "needs_decision";
  if (effects.includes("block")) return "blocked";
  return "may_proceed";
}

/** Protected identity and violence: listed whatever else holds, they decide the channel. */
function safetyFindings(input: ConsentInput, violence: boolean): Found[] {
  const out: Found[] = [];
  if (input.protectedIdentity) out.push(f("PROTECTED_IDENTITY_MANUAL", "note"));
  if (violence) out.push(f("VIOLENCE_CAREFUL_ASSESSMENT", "note"));
  if (violence && input.age < ADULT_AGE) out.push(f("CHILD_VIOLENCE_REPORT", "note"));
  return out;
}

function childFindings(input: ConsentInput, violence: boolean): Found[] {
  const out: Found[] = [];
  const guardians = input.guardians ?? [];
  const rep = input.representative;
  const lvu = input.lvu?.inCare ? input.lvu : undefined;

  // Whose consent stands for the guardians: a special guardian or an unaccompanied child's
  // god man replaces them (the schema refuses both at once).
  const guardianOk = rep
    ? rep.consent === "given"
    : guardians.length > 0 && guardians.every((g) => g.consent === "given");
  const refused = rep ? rep.consent === "refused" : guardians.some((g) => g.consent === "refused");

  // LVU paths that lift the guardians' consent (SKL FAQ 14–15). When one applies, "both must
  // consent" no longer holds, so that reason is not given.
  const secret = Boolean(lvu?.placementSecretFromGuardians);
  const committeeDecided = Boolean(lvu?.socialCommitteeDecision) && !guardianOk;
  const lifted = secret || committeeDecided;

  if (rep) {
    out.push(f(rep.kind === "god_man" ? "UNACCOMPANIED_GOD_MAN" : "SPECIAL_GUARDIAN_CONSENT", "note"));
  }
  if (secret) out.push(f("LVU_PLACEMENT_SECRET", "note"));
  else if (committeeDecided) out.push(f("LVU_COMMITTEE_DECIDED", "note"));
  else if (guardianOk) {
    out.push(f(guardians.length === 2 ? "BOTH_GUARDIANS_CONSENTED" : "GUARDIAN_CONSENTED", "note"));
  } else {
    out.push(f(guardians.length === 2 ? "BOTH_GUARDIANS_REQUIRED" : "GUARDIAN_CONSENT_MISSING", "block"));
    if (lvu) out.push(f("LVU_COMMITTEE_MAY_DECIDE", "decide"));
  }
  if (guardians.some((g) => g.suspectedPerpetrator)) out.push(f("GUARDIAN_SUSPECTED_PERPETRATOR", "note"));
  if (lvu && violence && regionSettings(input.region).violenceLvuCaution)
    out.push(f("VIOLENCE_LVU_CONSULT", "decide"));

  // The young person's own say (UPPSALA: 15+ who can judge; SKL ch. 6: younger children heard).
  const canJudge = input.childCanJudge ?? input.age >= YOUTH_OWN_CONSENT_AGE;
  const ownConsentNeeded = input.age >= YOUTH_OWN_CONSENT_AGE && canJudge && !committeeDecided;
  const view = input.childView ?? "not_asked";
  if (ownConsentNeeded) {
    if (view === "consents") out.push(f("YOUTH_CONSENTED", "note"));
    else if (view === "does_not_object") out.push(f("YOUTH_PRESUMED_CONSENT", "note"));
    else out.push(f("YOUTH_OWN_CONSENT_REQUIRED", "block", { age: input.age }));
  } else if (view === "objects") out.push(f("CHILD_VIEW_WEIGHED", "note"));
  else if (view === "not_asked") out.push(f("CHILD_NOT_HEARD", "note"));
  else out.push(f("CHILD_VIEW_NOTED", "note"));

  // Guardians refuse while a young person who can judge wants a SIP: never a plain go-ahead,
  // and outside LVU never a plain stop either (SKL FAQ 16).
  if (refused && !lvu && canJudge && view === "consents") out.push(f("MATURE_MINOR_ESCALATE", "decide"));
  if (!lifted && guardianOk) out.push(f("GUARDIANS_DECIDE_INVITEES", "note"));
  return out;
}

function adultFindings(input: ConsentInput): Found[] {
  const rep = input.representative;
  switch (input.personConsent ?? "not_asked") {
    case "given":
      return [f("ADULT_CONSENTED", "note")];
    case "presumed":
      return [f("ADULT_PRESUMED_CONSENT", "note")];
    case "refused":
      return [f("ADULT_CONSENT_MISSING", "block"), f("REFUSAL_DOCUMENT", "note")];
    case "not_asked":
      return [f("ADULT_CONSENT_MISSING", "block")];
    case "unable":
      if (!rep) return [f("ADULT_CONSENT_MISSING", "block"), f("ADULT_UNABLE_ASK_RELATIVES", "decide")];
      if (rep.consent !== "given") return [f("ADULT_CONSENT_MISSING", "block")];
      if (rep.kind === "god_man" && !rep.mandateCoversPerson) return [f("GOD_MAN_MANDATE_CHECK", "decide")];
      return [
        f("REPRESENTATIVE_CONSENTED", "note", { kind: rep.kind === "god_man" ? "god man" : "förvaltare" }),
      ];
  }
}
