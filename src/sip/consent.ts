import { journalNote } from "./consent-journal.js";
import { CONSENT_REASONS } from "./consent-messages.js";
import { adultFindings, childFindings, f, type Found } from "./consent-parties.js";
import { reconsentFinding, reconsentOn, scopeFindings, v3Notes } from "./consent-v3.js";
import { isBefore, longDate } from "./dates.js";
import type { OrgType } from "./org-types.js";
import { ADULT_AGE, type ConsentInput, type Locale, type Reason } from "./schemas.js";
import { renderFindings } from "./verdict.js";

export type ConsentVerdict = "may_proceed" | "blocked" | "needs_decision";
export type Channel = "digital" | "manual_only";
export interface ConsentResult {
  verdict: ConsentVerdict;
  channel: Channel;
  reasons: Reason[];
  /** v2: echoed, deduplicated; the kallelse must not invite these. */
  excludedServices: OrgType[];
  /** v2: Swedish in every locale, ready to paste into the journal. */
  journalNote: string;
  /** v3: a minor's 18th birthday, from which the young person's own consent is needed. */
  reconsentOn?: string;
}

/**
 * May SIP work proceed on the consent we have? (SIP-RULES §3–4, CONTRACT `consent` v1–v3.)
 * Pure: `today` comes from the input. Withdrawn or expired consent ends the matter; otherwise a
 * block stands unless a decision route for the same party (the social welfare committee, a
 * manager) is the way past it.
 */
export function checkConsent(input: ConsentInput, locale: Locale = "sv"): ConsentResult {
  const found = findings(input, locale);
  const verdict = verdictOf(found);
  const channel = channelOf(input);
  const excludedServices = [...new Set(input.excludedServices ?? [])];
  const sv = locale === "sv" ? found : findings(input, "sv");
  const renew = reconsentOn(input);
  return {
    verdict,
    channel,
    reasons: renderFindings(CONSENT_REASONS, found, locale),
    excludedServices,
    journalNote: journalNote(input, {
      verdict,
      channel,
      reasons: renderFindings(CONSENT_REASONS, sv, "sv"),
      excludedServices,
    }),
    ...(renew ? { reconsentOn: renew } : {}),
  };
}

function findings(input: ConsentInput, locale: Locale): Found[] {
  const violence = isViolence(input);
  const found: Found[] = [...safetyFindings(input, violence), ...reconsentFinding(input, locale)];
  const ended: Found[] = [];
  if (input.withdrawn) ended.push(f("CONSENT_WITHDRAWN", "end"));
  if (input.expiresOn && input.today && isBefore(input.expiresOn, input.today))
    ended.push(f("CONSENT_EXPIRED", "end", { params: { expiresOn: longDate(input.expiresOn, locale) } }));
  if (ended.length) return [...ended, ...found];

  const parties =
    input.age < ADULT_AGE ? childFindings(input, violence, locale) : adultFindings(input, violence);
  found.unshift(...parties, ...v3Notes(input, locale));
  if (!input.expiresOn) found.push(f("CONSENT_NO_END_DATE", "note"));
  // v2 rule 10 and v3 rule 1: a partial withdrawal narrows the plan, unless a principal's side
  // is gone altogether; then no joint plan is possible.
  found.push(...scopeFindings([...new Set(input.excludedServices ?? [])], locale));
  return found;
}

const isViolence = (input: ConsentInput) =>
  Boolean(input.violence || input.guardians?.some((g) => g.suspectedPerpetrator));

/** v2 rule 2: a secret placement is never digital (an invitation could reveal where the child is). */
function channelOf(input: ConsentInput): Channel {
  const secret = input.lvu?.inCare && input.lvu.placementSecretFromGuardians;
  return input.protectedIdentity || isViolence(input) || secret ? "manual_only" : "digital";
}

function verdictOf(found: Found[]): ConsentVerdict {
  if (found.some((x) => x.effect === "end")) return "blocked";
  const routed = new Set(found.filter((x) => x.effect === "decide").map((x) => x.party));
  if (found.some((x) => x.effect === "block" && !(x.party && routed.has(x.party)))) return "blocked";
  if (found.some((x) => x.effect === "decide")) return "needs_decision";
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
