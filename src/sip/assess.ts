import { ASSESS_REASONS, STEPS, type AssessCode } from "./assess-messages.js";
import { longDate, plusDays } from "./dates.js";
import { regionSettings, type Role } from "./regions.js";
import type { AssessInput, Indication, Locale, Reason } from "./schemas.js";
import { render, type Params, type Text } from "./text.js";
import { renderFindings, type Finding } from "./verdict.js";

export type Recommendation = "sip_indicated" | "assess_further" | "not_indicated";
export interface Deadline {
  kind: "first_contact" | "discharge_sip";
  due: string;
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
const INDICATION_CODES: Record<Indication, AssessCode> = {
  several_units: "INDICATION_SEVERAL_UNITS",
  unclear_responsibility: "INDICATION_UNCLEAR_RESPONSIBILITY",
  simultaneous_or_ordered: "INDICATION_SIMULTANEOUS_OR_ORDERED",
  bounced_around: "INDICATION_BOUNCED_AROUND",
  discharge_ready: "INDICATION_DISCHARGE_READY",
};
const OBLIGED: readonly Role[] = ["social_services", "health_care"];

/**
 * Is a SIP needed, and may this reporter convene it? (SIP-RULES §1–2, CONTRACT `assess`.)
 * Pure: deadlines are counted from the dates in the input. A `not_indicated` result carries
 * no deadlines and no KVÅ code: there is no SIP to start.
 */
export function assess(input: AssessInput, locale: Locale = "sv"): AssessResult {
  const region = regionSettings(input.region);
  // A discharge notice means the person is ready for discharge, whether or not it was ticked.
  const indications = new Set<Indication>(input.indications);
  if (input.dischargeNoticeOn) indications.add("discharge_ready");
  const discharge = indications.has("discharge_ready");

  const found: Found[] = [];
  const needs = [input.needsSocialServices, input.needsHealthCare];
  let recommendation: Recommendation;
  if (needs.includes("no")) {
    recommendation = "not_indicated";
    found.push({ code: "NO_DUAL_NEED" });
  } else if (needs.includes("unsure")) {
    recommendation = "assess_further";
    found.push({ code: "NEED_UNCLEAR" }, { code: "EARLY_IS_BETTER" });
  } else {
    if (input.requestedBy) found.push({ code: "REQUESTED" });
    for (const i of indications) found.push({ code: INDICATION_CODES[i] });
    const signals = found.length > 0;
    if (input.existingEquivalentPlan && region.acceptsEquivalentPlan) {
      recommendation = "assess_further";
      found.push({ code: "EQUIVALENT_PLAN_CHECK", source: region.equivalentPlanSource });
    } else {
      if (input.existingEquivalentPlan)
        found.push({ code: "EQUIVALENT_PLAN_NOT_ENOUGH", source: region.equivalentPlanSource });
      recommendation = signals ? "sip_indicated" : "assess_further";
      if (!signals) found.push({ code: "NO_INDICATION" }, { code: "EARLY_IS_BETTER" });
    }
  }

  const role = input.reporterRole;
  const mayConvene = region.conveners.includes(role);
  const live = recommendation !== "not_indicated";
  if (live) {
    if (!mayConvene)
      found.push({ code: "FLAG_NEED_ONWARD", ...(role === "school" ? { source: region.schoolSource } : {}) });
    else if (OBLIGED.includes(role)) {
      if (recommendation === "sip_indicated") found.push({ code: "MUST_INITIATE" });
    } else found.push({ code: "SCHOOL_MAY_CONVENE", source: region.schoolSource });
  }

  const deadlines: Deadline[] = [];
  if (live && input.identifiedOn) {
    const due = plusDays(input.identifiedOn, region.firstContactDays);
    deadlines.push({ kind: "first_contact", due });
    found.push({
      code: "FIRST_CONTACT_DEADLINE",
      params: { due: longDate(due, locale), days: region.firstContactDays },
    });
  }
  if (live && input.dischargeNoticeOn) {
    const due = plusDays(input.dischargeNoticeOn, region.dischargeSipDays);
    deadlines.push({ kind: "discharge_sip", due });
    found.push({
      code: "DISCHARGE_DEADLINE",
      params: { due: longDate(due, locale), days: region.dischargeSipDays },
    });
  }
  const kvaCode = live && role === "health_care" ? (discharge ? "AU125" : "AU124") : undefined;
  if (kvaCode) found.push({ code: "KVA_CODE", params: { code: kvaCode } });

  const steps = nextSteps(recommendation, mayConvene, deadlines, locale, {
    equivalentPlan: Boolean(input.existingEquivalentPlan && region.acceptsEquivalentPlan),
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

function nextSteps(
  recommendation: Recommendation,
  mayConvene: boolean,
  deadlines: Deadline[],
  locale: Locale,
  ctx: { equivalentPlan: boolean; firstContactDays: number },
): [Text, Params?][] {
  if (recommendation === "not_indicated") return [[STEPS.otherCollaboration], [STEPS.reassess]];
  if (recommendation === "assess_further") {
    const steps: [Text, Params?][] = [[STEPS.deeperAssessment]];
    if (ctx.equivalentPlan) steps.push([STEPS.checkEquivalentPlan]);
    steps.push([mayConvene ? STEPS.askConsent : STEPS.talkToFamily]);
    return steps;
  }
  if (!mayConvene) return [[STEPS.talkToFamily], [STEPS.flagOnward], [STEPS.takePart]];
  const firstContact = deadlines.find((d) => d.kind === "first_contact");
  const dischargeSip = deadlines.find((d) => d.kind === "discharge_sip");
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
