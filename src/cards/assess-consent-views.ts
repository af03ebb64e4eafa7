import type { AssessField, ConsentField, FieldErrors, FormValues } from "./form-fields.js";
import { ASSESS_FIELDS, CONSENT_FIELDS } from "./form-fields.js";
import {
  longDate,
  ORG_TYPES,
  REGIONS,
  type AssessResult,
  type ConsentResult,
  type Locale,
} from "../sip/index.js";
import { fill } from "../sip/text.js";
import { renderCard, STRINGS, type Card } from "./render.js";
import { ours } from "./shown.js";

/**
 * Domain results → card data → expanded card. The only place that decides what a card shows;
 * the templates in cards/ decide how.
 */

const regionChoices = () => Object.entries(REGIONS).map(([value, r]) => ({ value, title: r.name }));
// Lists of our own rule texts, meant as Markdown lists (shown.ts `ours`).
const bullets = (lines: readonly string[]) => ours(lines.map((l) => `- ${l}`).join("\n"));
const numbered = (lines: readonly string[]) => ours(lines.map((l, i) => `${i + 1}. ${l}`).join("\n"));

/** Cards that depend only on the locale are expanded once; sending never mutates a card. */
const fixedCards = new Map<string, Card>();
function fixed(key: string, render: () => Card): Card {
  let card = fixedCards.get(key);
  if (!card) fixedCards.set(key, (card = render()));
  return card;
}

export function welcomeCard(locale: Locale): Card {
  return fixed(`welcome:${locale}`, () => renderCard("welcome", locale));
}

export type NoticeKind = "unknownAction" | "badPayload" | "failed" | "soon" | "pnr" | "tenant";
export function noticeCard(locale: Locale, kind: NoticeKind): Card {
  const n = STRINGS[locale].notice;
  const content: Record<NoticeKind, [string, string, boolean]> = {
    unknownAction: [n.errorTitle, n.unknownAction, true],
    badPayload: [n.errorTitle, n.badPayload, true],
    failed: [n.errorTitle, n.failed, true],
    soon: [n.soonTitle, n.soonText, false],
    pnr: [n.pnrTitle, n.pnrText, true],
    tenant: [n.tenantTitle, n.tenantText, true],
  };
  const [title, text, warning] = content[kind];
  // A user of a tenant that is not served can do nothing here: no buttons that would only be refused.
  const noButtons = kind === "tenant";
  return fixed(`notice:${kind}:${locale}`, () =>
    renderCard("notice", locale, { title, text, warning, noButtons }),
  );
}

function errorTexts<F extends string>(fields: readonly F[], errors: FieldErrors, locale: Locale) {
  const texts = STRINGS[locale].errors as Record<string, string>;
  const keys = [...fields, "guardians"];
  const text = (f: string) =>
    (errors as Record<string, unknown>)[f] === "pnr"
      ? STRINGS[locale].notice.pnrField
      : (texts[f] ?? STRINGS[locale].errors.flags);
  return Object.fromEntries(keys.map((f) => [f, f in errors ? text(f) : ""]));
}

export function assessFormCard(
  locale: Locale,
  values: FormValues<AssessField>,
  errors: FieldErrors = {},
): Card {
  return renderCard("assess-form", locale, {
    values,
    errors: errorTexts(ASSESS_FIELDS, errors, locale),
    hasErrors: Object.keys(errors).length > 0,
    regions: regionChoices(),
  });
}

/** `caseId`: the case taken over from a flag that this consent check is for ("" for a new one). */
export function consentFormCard(
  locale: Locale,
  values: FormValues<ConsentField>,
  errors: FieldErrors = {},
  caseId = "",
): Card {
  return renderCard("consent-form", locale, {
    caseId,
    values,
    errors: errorTexts(CONSENT_FIELDS, errors, locale),
    hasErrors: Object.keys(errors).length > 0,
    regions: regionChoices(),
    orgTypes: ORG_TYPES.map((value) => ({ value, title: STRINGS[locale].cases.orgTypes[value] })),
  });
}

const STYLE = {
  sip_indicated: "good",
  assess_further: "warning",
  not_indicated: "emphasis",
  revise_existing: "accent",
} as const;

export function assessResultCard(
  locale: Locale,
  result: AssessResult,
  values: FormValues<AssessField>,
): Card {
  const t = STRINGS[locale].assessResult;
  // An existing SIP is followed up, not convened anew (CONTRACT `assess` v2 rule 1).
  const revise = result.recommendation === "revise_existing";
  const [may, mayNot] = revise ? [t.reviseConvene, t.reviseAsk] : [t.mayConvene, t.flagOnward];
  return renderCard("assess-result", locale, {
    heading: t[result.recommendation],
    style: STYLE[result.recommendation],
    conveneText: result.mayConvene ? may : mayNot,
    mayConvene: result.mayConvene,
    // A reporter who may not convene flags the need onward; there is nothing to flag without one,
    // and an existing SIP already has a lead to ask (a flag would start a second plan).
    mayFlag: !result.mayConvene && result.recommendation !== "not_indicated" && !revise,
    // A guideline date ("utan dröjsmål") is labelled as such, never shown as a legal limit.
    deadlines: result.deadlines.map((d) => ({
      label: t[d.kind],
      due: d.guideline ? `${longDate(d.due, locale)} (${t.guideline})` : longDate(d.due, locale),
    })),
    kvaCode: result.kvaCode ?? "",
    nextStepsText: numbered(result.nextSteps),
    reasons: result.reasons,
    region: values.region,
    values,
  });
}

const VERDICT_STYLE = { may_proceed: "good", blocked: "attention", needs_decision: "warning" } as const;

/**
 * `idempotencyKey`: names this verdict card, whose "Skapa ärende och kallelse" sends it back, so a
 * second press of the same card creates nothing (bot/kallelse.ts).
 */
export function consentResultCard(
  locale: Locale,
  result: ConsentResult,
  values: FormValues<ConsentField>,
  caseId = "",
  idempotencyKey = "",
): Card {
  const t = STRINGS[locale].consentResult;
  return renderCard("consent-result", locale, {
    heading: t[result.verdict],
    style: VERDICT_STYLE[result.verdict],
    channelText: t[result.channel],
    manualOnly: result.channel === "manual_only",
    mayProceed: result.verdict === "may_proceed",
    caseId,
    idempotencyKey,
    checklistText: bullets(t.manualChecklist),
    reasons: result.reasons,
    // Plain card text: Teams lets the user select and copy it, so the note goes straight into the
    // journal. Swedish in both locales, as the journal is (sip/consent-journal.ts).
    journalNote: result.journalNote,
    scopeText: result.excludedServices.map((s) => STRINGS[locale].cases.orgTypes[s]).join(", "),
    // v3 rule 4: the day the guardians' consent ends and the young person's own is needed.
    reconsentText: result.reconsentOn
      ? fill(t.reconsent, { date: longDate(result.reconsentOn, locale) })
      : "",
    values,
  });
}
