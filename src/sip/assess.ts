import { ASSESS_REASONS, STEPS, type AssessCode } from "./assess-messages.js";
import { LAW } from "./consent-sources.js";
import { longDate, plusDays } from "./dates.js";
import { expiredBasis, regionSettings, type RegionSettings, type Role } from "./regions.js";
import type { AssessInput, Indication, Locale, Reason } from "./schemas.js";
import { SRC } from "./sources.js";
import { render, type Params, type Text } from "./text.js";
import { renderFindings, type Finding } from "./verdict.js";

export type Recommendation = "sip_indicated" | "assess_further" | "not_indicated" | "revise_existing";
export interface Deadline {
  kind: "first_contact" | "discharge_sip";
  due: string;
  /** CONTRACT v2 rule 3: a guideline ("inom några dagar"), not a date set in law. */
  guideline?: boolean;
}
export interface AssessResult {
  recommendation: Recommendation;
  mayConvene: boolean;
  kvaCode?: "AU124" | "AU125";
  deadlines: Deadline[];
  reasons: Reason[];
  nextSteps: string[];
}

type Found = Finding<AssessCode>;
type Need = AssessInput["needsSocialServices"];
const INDICATION_CODES: Record<Indication, AssessCode> = {
  several_units: "INDICATION_SEVERAL_UNITS",
  unclear_responsibility: "INDICATION_UNCLEAR_RESPONSIBILITY",
  simultaneous_or_ordered: "INDICATION_SIMULTANEOUS_OR_ORDERED",
  bounced_around: "INDICATION_BOUNCED_AROUND",
  discharge_ready: "INDICATION_DISCHARGE_READY",
};
const OBLIGED: readonly Role[] = ["social_services", "health_care"];

/** Either service will do: "yes" if one is yes, else "unsure" if one is unsure, else "no". */
function either(...needs: (Need | undefined)[]): Need {
  return needs.includes("yes") ? "yes" : needs.includes("unsure") ? "unsure" : "no";
}

/**
 * Is a SIP needed, and may this reporter convene it? (SIP-RULES §1–2, CONTRACT `assess` v1–v3.)
 * Pure: deadlines are counted from the dates in the input, and a regional document's expiry
 * only from `today`. A `not_indicated` result carries no deadlines and no KVÅ code (no SIP to
 * start); `revise_existing` only the discharge kallelse's deadline (v3 rule 1) and no KVÅ code.
 */
export function assess(input: AssessInput, locale: Locale = "sv"): AssessResult {
  const region = regionSettings(input.region);
  // A discharge notice means the person is ready for discharge, whether or not it was ticked.
  const indications = new Set<Indication>(input.indications);
  if (input.dischargeNoticeOn) indications.add("discharge_ready");
  const discharge = indications.has("discharge_ready");

  const found: Found[] = [];
  const recommendation = recommend(input, region, indications, discharge, found);

  const role = input.reporterRole;
  // v2 rule 4: school health convenes and flags exactly like school in its region.
  const asRole: Role = role === "school_health" ? "school" : role;
  const mayConvene = region.conveners.includes(asRole);
  const live = recommendation !== "not_indicated";
  if (live) {
    if (!mayConvene)
      found.push({
        code: "FLAG_NEED_ONWARD",
        ...(asRole === "school" ? { source: region.schoolSource } : {}),
      });
    else if (OBLIGED.includes(asRole)) {
      if (recommendation === "sip_indicated") found.push({ code: "MUST_INITIATE" });
    } else found.push({ code: "SCHOOL_MAY_CONVENE", source: region.schoolSource });
  }

  // v2 rule 1: an existing SIP is revised, so no deadline for a new plan.
  const revise = recommendation === "revise_existing";
  const newPlan = live && !revise;
  const deadlines: Deadline[] = [];
  // v2 rule 3: first contact belongs to whoever may convene (or takes the need over).
  if (newPlan && mayConvene && input.identifiedOn) {
    const due = plusDays(input.identifiedOn, region.firstContactDays);
    deadlines.push({ kind: "first_contact", due, guideline: true });
    found.push({
      code: "FIRST_CONTACT_DEADLINE",
      params: { due: longDate(due, locale), days: region.firstContactDays },
    });
  }
  if (newPlan && input.dischargeNoticeOn) {
    const due = plusDays(input.dischargeNoticeOn, region.dischargeSipDays);
    deadlines.push({ kind: "discharge_sip", due });
    found.push({
      code: "DISCHARGE_DEADLINE",
      params: { due: longDate(due, locale), days: region.dischargeSipDays },
    });
  }
  // v3 rule 1: an existing SIP at discharge keeps the 3-day kallelse, to revise the plan. Sides
  // that are unsure count as for a new plan (which gets the deadline too); a side that is "no"
  // raises closing the SIP instead (EXISTING_SIP_MAY_CLOSE).
  const closing = found.some((x) => x.code === "EXISTING_SIP_MAY_CLOSE");
  if (revise && !closing && input.dischargeNoticeOn) {
    const due = plusDays(input.dischargeNoticeOn, region.dischargeSipDays);
    deadlines.push({ kind: "discharge_sip", due });
    found.push({
      code: "DISCHARGE_REVISE_DEADLINE",
      params: { due: longDate(due, locale), days: region.dischargeSipDays },
    });
  }
  // v3 rule 3: health care only (school_health is elevhälsa, outside KVÅ), and never on
  // revise_existing: the handbook (SKL kap. 14) has AU124 and AU125 for drawing up a SIP and no
  // code for following one up, so we give none rather than a code that means a new plan.
  const kvaCode = newPlan && role === "health_care" ? (discharge ? "AU125" : "AU124") : undefined;
  if (kvaCode) found.push({ code: "KVA_CODE", params: { code: kvaCode } });
  // v3 rule 2: discharge to ÖPT/ÖRV needs a samordnad vårdplan, whatever the SIP assessment says.
  if (input.dischargeTo === "opt" || input.dischargeTo === "orv")
    found.push({
      code: "COORDINATED_CARE_PLAN",
      effect: "note",
      source: `${input.dischargeTo === "opt" ? LAW.LPT : LAW.LRV}; ${SRC.dischargeLaw}`,
    });

  const expired = expiredBasis(region, input.today);
  if (expired?.validTo)
    found.push({
      code: "REGIONAL_SOURCE_EXPIRED",
      effect: "note",
      source: expired.document,
      params: { document: expired.document, validTo: longDate(expired.validTo, locale) },
    });

  const steps = nextSteps(recommendation, mayConvene, deadlines, locale, {
    equivalentPlan: found.some((f) => f.code === "EQUIVALENT_PLAN_CHECK"),
    firstContactDays: region.firstContactDays,
  });
  return {
    recommendation,
    mayConvene,
    ...(kvaCode ? { kvaCode } : {}),
    deadlines,
    reasons: renderFindings(ASSESS_REASONS, found, locale),
    nextSteps: steps.map(([text, params]) => render(text, locale, params)),
  };
}

/** The recommendation, with the findings that explain it pushed onto `found`. */
function recommend(
  input: AssessInput,
  region: RegionSettings,
  indications: Set<Indication>,
  discharge: boolean,
  found: Found[],
): Recommendation {
  // v2 rule 2: at discharge the kommun's side is either of its services (lag 2017:612).
  const kommun = discharge
    ? either(input.needsSocialServices, input.municipalHealthCare)
    : input.needsSocialServices;
  const needs = [kommun, input.needsHealthCare];
  if (input.existingSip) {
    found.push({ code: "EXISTING_SIP_FOLLOW_UP" });
    if (needs.includes("no")) found.push({ code: "EXISTING_SIP_MAY_CLOSE" });
    return "revise_existing";
  }
  if (needs.includes("no")) {
    found.push({ code: "NO_DUAL_NEED" });
    return "not_indicated";
  }
  if (needs.includes("unsure")) {
    found.push({ code: "NEED_UNCLEAR" }, { code: "EARLY_IS_BETTER" });
    return "assess_further";
  }
  if (input.requestedBy) found.push({ code: "REQUESTED" });
  for (const i of indications) found.push({ code: INDICATION_CODES[i] });
  if (discharge) {
    // Both principals at discharge: the law's SIP applies; another plan does not stand in.
    found.push({ code: "DISCHARGE_BOTH_PRINCIPALS" });
    return "sip_indicated";
  }
  const signals = found.length > 0;
  if (input.existingEquivalentPlan && region.acceptsEquivalentPlan) {
    found.push({ code: "EQUIVALENT_PLAN_CHECK", source: region.equivalentPlanSource });
    return "assess_further";
  }
  if (input.existingEquivalentPlan)
    found.push({ code: "EQUIVALENT_PLAN_NOT_ENOUGH", source: region.equivalentPlanSource });
  if (!signals) found.push({ code: "NO_INDICATION" }, { code: "EARLY_IS_BETTER" });
  return signals ? "sip_indicated" : "assess_further";
}

function nextSteps(
  recommendation: Recommendation,
  mayConvene: boolean,
  deadlines: Deadline[],
  locale: Locale,
  ctx: { equivalentPlan: boolean; firstContactDays: number },
): [Text, Params?][] {
  if (recommendation === "not_indicated") return [[STEPS.otherCollaboration], [STEPS.reassess]];
  const dischargeSip = deadlines.find((d) => d.kind === "discharge_sip");
  if (recommendation === "revise_existing") {
    const kallelse: [Text, Params?][] = dischargeSip
      ? [[STEPS.dischargeReviseKallelse, { due: longDate(dischargeSip.due, locale) }]]
      : [];
    return mayConvene
      ? [[STEPS.contactLead], ...kallelse, [STEPS.reviseAtFollowUp]]
      : [[STEPS.talkToFamily], [STEPS.contactLead], ...kallelse, [STEPS.takePart]];
  }
  if (recommendation === "assess_further") {
    const steps: [Text, Params?][] = [[STEPS.deeperAssessment]];
    if (ctx.equivalentPlan) steps.push([STEPS.checkEquivalentPlan]);
    steps.push([mayConvene ? STEPS.askConsent : STEPS.talkToFamily]);
    return steps;
  }
  if (!mayConvene) return [[STEPS.talkToFamily], [STEPS.flagOnward], [STEPS.takePart]];
  const firstContact = deadlines.find((d) => d.kind === "first_contact");
  const steps: [Text, Params?][] = [[STEPS.askConsent]];
  steps.push(
    firstContact
      ? [STEPS.contactOther, { due: longDate(firstContact.due, locale) }]
      : [STEPS.contactOtherSoon, { days: ctx.firstContactDays }],
  );
  if (dischargeSip) steps.push([STEPS.dischargeConvene, { due: longDate(dischargeSip.due, locale) }]);
  steps.push([STEPS.prepareInvitation]);
  return steps;
}
