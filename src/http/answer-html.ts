import { createHash } from "node:crypto";
import { meetingInterval } from "../cases/printable.js";
import { longDate } from "../sip/dates.js";
import { fill, visible } from "../sip/text.js";
import type { AnswerView } from "../services/answers.js";
import { answerEn } from "./strings-answer-en.js";
import { answerSv, type AnswerStrings } from "./strings-answer-sv.js";

/**
 * The answer page as HTML: no script, one inline style allowed by its hash (the Content-Security-
 * Policy below). Every value that came from a person (names, place, reason) goes through esc().
 */
export type PageLocale = "sv" | "en";
export const ANSWER_STRINGS: Record<PageLocale, AnswerStrings> = { sv: answerSv, en: answerEn };

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}" +
  "fieldset{border:1px solid #888;padding:1rem}label{display:block;margin:.5rem 0}" +
  "textarea,input[type=text]{width:100%;box-sizing:border-box}.error{color:#a00;font-weight:bold}" +
  "[aria-invalid=true]{border:2px solid #a00}button{margin-top:1rem;padding:.5rem 1rem}";

/** Nothing may run, load or frame; only this page's own style and a form posted to itself. */
export const ANSWER_CSP =
  "default-src 'none'; " +
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; ` +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** HTML-escaped, and without bidi or zero-width characters (sip/text.ts): every value passes here. */
export const esc = (s: string): string => visible(s).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

function page(locale: PageLocale, title: string, body: string): string {
  return (
    `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>\n`
  );
}

/** A page that says one thing: not found, refused, unreadable. */
export const messagePage = (locale: PageLocale, text: string): string =>
  page(locale, "SIP", `<p>${esc(text)}</p>`);

/** The letter's facts the page repeats: reference, addressee, time, place (no more than the letter). */
function facts(view: AnswerView, locale: PageLocale, token: string): string {
  const t = ANSWER_STRINGS[locale];
  const { details, invitee, caseCode } = view.letter;
  const to = invitee.organisation ? `${invitee.name}, ${invitee.organisation}` : invitee.name;
  const end = meetingInterval(details).end.toLocaleTimeString("sv-SE", {
    timeZone: "Europe/Stockholm",
    hour: "2-digit",
    minute: "2-digit",
  });
  const when = `${longDate(details.date, locale)} ${details.time}–${end} (${details.durationMinutes} ${t.minutes}, ${t.localTime})`;
  const place =
    details.place.kind === "in_person"
      ? esc(details.place.text)
      : `${esc(t.digital)}: <a href="${esc(details.place.link)}" rel="noreferrer noopener">${esc(details.place.link)}</a>`;
  const letter = `../kallelse/${token}${locale === "en" ? "?lang=en" : ""}`;
  return (
    `<h1>${esc(t.title[view.participation])}</h1>` +
    `<p>${esc(t.reference)}: ${esc(caseCode)}<br>${esc(t.to)}: ${esc(to)}</p>` +
    `<p>${esc(t.when)}: ${esc(when)}<br>${esc(t.place)}: ${place}</p>` +
    `<p><a href="${esc(letter)}">${esc(t.readLetter)}</a></p>`
  );
}

export interface FormState {
  answer?: string;
  reason?: string;
  substitute?: string;
  error?: string;
  /** The field the error is about, marked for the reader and screen readers. */
  invalid?: "reason" | "substitute";
}

/** The form: three answers, a reason, a substitute's name; posted to this same address. */
export function formPage(view: AnswerView, locale: PageLocale, token: string, state: FormState = {}): string {
  const t = ANSWER_STRINGS[locale];
  const radio = (value: string, label: string) =>
    `<label><input type="radio" name="answer" value="${value}"${state.answer === value ? " checked" : ""}> ${esc(label)}</label>`;
  const invalid = (f: FormState["invalid"]) =>
    state.invalid === f ? ' aria-invalid="true" aria-describedby="error"' : "";
  const error = state.error ? `<p id="error" class="error" role="alert">${esc(state.error)}</p>` : "";
  return page(
    locale,
    `${t.title[view.participation]} ${view.letter.caseCode}`,
    facts(view, locale, token) +
      // No action: the form posts to the address it came from, whatever proxy path is in front.
      `<form method="post" accept-charset="utf-8"><fieldset><legend>${esc(t.yourAnswer)}</legend>` +
      radio("accept", t.accept) +
      radio("decline", t.decline) +
      `<label for="reason">${esc(t.reason)}</label>` +
      `<textarea id="reason" name="reason" maxlength="500" rows="3"${invalid("reason")}>${esc(state.reason ?? "")}</textarea>` +
      radio("substitute", t.substitute) +
      `<label for="substitute">${esc(t.substituteName)}</label>` +
      `<input type="text" id="substitute" name="substitute" maxlength="120" value="${esc(state.substitute ?? "")}"${invalid("substitute")}>` +
      `</fieldset>${error}<p>${esc(t.noPnr)}</p><button type="submit">${esc(t.submit)}</button></form>`,
  );
}

/** The answer given (through this link or recorded by the convener); `note` says what just happened. */
export function answeredPage(
  view: AnswerView,
  locale: PageLocale,
  token: string,
  note: "thanks" | "already",
) {
  const t = ANSWER_STRINGS[locale];
  const a = view.answered;
  const lines = a
    ? [
        fill(t.answered[a.status], { name: a.next ?? "" }),
        ...(a.reason ? [fill(t.answered.reason, { reason: a.reason })] : []),
      ]
    : [];
  return page(
    locale,
    `${t.answered.heading} ${view.letter.caseCode}`,
    facts(view, locale, token) +
      `<h2>${esc(t.answered.heading)}</h2>` +
      lines.map((l) => `<p>${esc(l)}</p>`).join("") +
      `<p>${esc(t.answered[note])}</p>`,
  );
}
