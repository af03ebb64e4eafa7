import { ASSESS_REASONS, type AssessCode } from "../sip/assess-messages.js";
import { REGION_KEYS, regionSettings, type AssessResult, type Locale, type RegionKey } from "../sip/index.js";
import { render } from "../sip/text.js";
import type { FlagAssessment } from "../cases/flag.js";
import { fill } from "../sip/text.js";
import { allowedChoices, type UserChoice } from "./case-views.js";
import { renderCard, STRINGS, type Card } from "./render.js";

/** Flag results → card data → card: the reporter's form and status card, the holder's card. */

// Advice addressed to the reporter, not to whoever receives the flag.
const REPORTER_ONLY = new Set<string>([
  "FLAG_NEED_ONWARD",
  "MUST_INITIATE",
  "SCHOOL_MAY_CONVENE",
  "KVA_CODE",
]);
const STYLE: Record<string, string> = {
  sip_indicated: "good",
  assess_further: "warning",
  revise_existing: "accent",
};

const isCode = (code: string): code is AssessCode => Object.hasOwn(ASSESS_REASONS, code);
const regionOf = (key: string): RegionKey =>
  (REGION_KEYS as readonly string[]).includes(key) ? (key as RegionKey) : "national";

/**
 * Why this assessment may not be flagged onward ("" when it may): nothing to flag, the reporter
 * convenes, or a SIP exists whose lead is asked instead (a flag would start a second plan).
 */
export function flagRefusal(locale: Locale, r: Pick<AssessResult, "recommendation" | "mayConvene">): string {
  const e = STRINGS[locale].flags.errors;
  if (r.recommendation === "not_indicated") return e.notIndicated;
  if (r.recommendation === "revise_existing") return e.reviseExisting;
  return r.mayConvene ? e.mayConvene : "";
}

/**
 * What the receiver learns: the recommendation and the reasons, rendered from codes in the
 * reader's language. Deadlines carry no dates (those stay with the reporter), only the region's days.
 */
export function assessmentSummary(locale: Locale, a: FlagAssessment) {
  const t = STRINGS[locale];
  const region = regionSettings(regionOf(a.region));
  const recommendation = (t.assessResult as Record<string, string>)[a.recommendation] ?? a.recommendation;
  const lines = a.codes.flatMap((code): string[] => {
    if (code === "FIRST_CONTACT_DEADLINE" || code === "DISCHARGE_DEADLINE")
      return [
        fill(t.flags.summary[code], {
          days: code === "FIRST_CONTACT_DEADLINE" ? region.firstContactDays : region.dischargeSipDays,
        }),
      ];
    return isCode(code) && !REPORTER_ONLY.has(code) ? [render(ASSESS_REASONS[code], locale)] : [];
  });
  return {
    heading: fill(t.flags.summary.heading, { recommendation }),
    style: STYLE[a.recommendation] ?? "emphasis",
    reasons: lines.map((text) => ({ text })),
  };
}

export function flagFormCard(
  locale: Locale,
  form: {
    prefill: Record<string, string>;
    assessment: FlagAssessment;
    /** Names for the picker; only the contact already picked reaches the card (no directory). */
    users: UserChoice[];
    contactId?: string;
    error?: string;
  },
): Card {
  return renderCard("flag-form", locale, {
    ...assessmentSummary(locale, form.assessment),
    prefill: form.prefill,
    // The reporter cannot flag to themself: no own entry, only the pick (case-views.ts decision).
    users: allowedChoices(form.users, undefined, form.contactId ? [form.contactId] : []),
    contactId: form.contactId ?? "",
    errorText: form.error ?? "",
  });
}

/** The holder's side: open (take over or pass on), taken, or passed on by them. */
export type HolderState =
  | { kind: "open" }
  | { kind: "taken"; caseId: string; code: string; region: string }
  | { kind: "passed"; name: string };

export function flagContactCard(
  locale: Locale,
  f: {
    flagId: string;
    reporterName: string;
    assessment: FlagAssessment;
    state: HolderState;
    error?: string;
  },
): Card {
  const t = STRINGS[locale].flags.contact;
  const { state } = f;
  const doneText =
    state.kind === "taken"
      ? fill(t.taken, { code: state.code })
      : state.kind === "passed"
        ? fill(t.passed, { name: state.name })
        : "";
  return renderCard("flag-contact", locale, {
    ...assessmentSummary(locale, f.assessment),
    flagId: f.flagId,
    fromLine: fill(t.from, { reporter: f.reporterName }),
    noPersonalData: fill(t.noPersonalData, { reporter: f.reporterName }),
    open: state.kind === "open",
    taken: state.kind === "taken",
    doneText,
    region: state.kind === "taken" ? state.region : "",
    caseId: state.kind === "taken" ? state.caseId : "",
    errorText: f.error ?? "",
  });
}

export type ReporterState =
  { kind: "waiting"; name: string; passedOn: boolean } | { kind: "taken"; name: string; code: string };

export function flagStatusCard(
  locale: Locale,
  f: { flagId: string; reporterUserId: string; assessment: FlagAssessment; state: ReporterState },
): Card {
  const t = STRINGS[locale].flags.status;
  const { state } = f;
  const statusText =
    state.kind === "taken"
      ? fill(t.taken, { name: state.name, code: state.code })
      : fill(state.passedOn ? t.passedOn : t.waiting, { name: state.name });
  return renderCard("flag-status", locale, {
    ...assessmentSummary(locale, f.assessment),
    flagId: f.flagId,
    userId: f.reporterUserId,
    statusText,
    statusStyle: state.kind === "taken" ? "good" : "warning",
  });
}
