/**
 * Swedish personnummer and samordningsnummer (day + 60) in free text: (CC)YYMMDD, a separator,
 * NNNN. People write them in many ways (spaces, any dash, dots, slashes, full-width digits,
 * spaces inside the date), so the text is normalised first and one separator is allowed between
 * the parts. The Luhn check digit on YYMMDDNNNN then lets ordinary numbers through (meeting
 * dates, phone and room numbers) in these loose forms.
 *
 * The standard written forms (YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN) with a date that exists
 * are refused whatever the check digit (issue 20): a mistyped number still points at a person,
 * and nothing else is written that way.
 */
const MONTH = "(0[1-9]|1[0-2])";
const DAY = "(0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])";
/** Inside the date: nothing, a space, or one of - . / (with spaces around it). */
const IN_DATE = "(?: ?[-./] ?| )?";
/** Between date and serial: the same, and + (a person aged 100 or more). */
const GAP = "(?: ?[-+./] ?| )?";
const shape = (century: string) =>
  new RegExp(`${century}(\\d{2})${IN_DATE}${MONTH}${IN_DATE}${DAY}${GAP}(\\d{4})(?!\\d)`, "y");
// Sticky, tried at every start of a digit run: with and without century, so that neither
// reading hides the other when only one passes the Luhn check.
const SHAPES = [shape("(?:19|20)"), shape("")];
const DIGIT_RUN = /(?<!\d)\d/g;

/** The standard forms: century only with "-", "+" only without (a person of 100 or more). */
const STRICT =
  /(?<![\p{L}\d])(?:(19|20)(\d{2})(\d{2})(\d{2})-|(\d{2})(\d{2})(\d{2})[-+])\d{4}(?![\p{L}\d])/gu;

/** Does the date exist (a samordningsnummer's day is the day + 60), in the century if known? */
function realDate(century: string | undefined, yy: string, mm: string, dd: string): boolean {
  const month = Number(mm);
  const day = Number(dd) > 60 ? Number(dd) - 60 : Number(dd);
  const exists = (year: number) => {
    const d = new Date(Date.UTC(year, month - 1, day));
    return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  };
  if (month < 1 || month > 12 || day < 1) return false;
  return century ? exists(Number(century + yy)) : exists(1900 + Number(yy)) || exists(2000 + Number(yy));
}

function strictForm(s: string): boolean {
  for (const m of s.matchAll(STRICT)) {
    const [, c, y1 = "", m1 = "", d1 = "", y2 = "", m2 = "", d2 = ""] = m;
    if (c ? realDate(c, y1, m1, d1) : realDate(undefined, y2, m2, d2)) return true;
  }
  return false;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** NFKC (full-width digits and signs), every dash kind to "-", every space kind to one " ". */
function normalise(text: string): string {
  // Printable ASCII without a double space (ids, dates, times, most short fields) is already in
  // that form: NFKC leaves it as it is, and it has no format character, other dash or space run.
  if (PRINTABLE_ASCII.test(text) && !text.includes("  ")) return text;
  return text
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "") // zero-width spaces, soft hyphens
    .replace(/[\p{Pd}\u2212]/gu, "-")
    .replace(/\s+/g, " ");
}

/** Luhn over the ten digits YYMMDDNNNN, as Skatteverket computes the check digit. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 === 0;
}

// The ids the bot puts on its cards: about one uuid in ten thousand has hex digits that read as
// a valid personnummer, and its card could then never be pressed. A uuid is generated, not typed.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikePersonnummer(text: string): boolean {
  if (UUID.test(text)) return false;
  const s = normalise(text);
  if (strictForm(s)) return true;
  for (const start of s.matchAll(DIGIT_RUN)) {
    for (const re of SHAPES) {
      re.lastIndex = start.index;
      const m = re.exec(s);
      if (m && luhn(m.slice(1, 5).join(""))) return true;
    }
  }
  return false;
}

/** True when any string inside the value (a card payload, say), key or value, holds a personnummer. */
export function containsPersonnummer(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return looksLikePersonnummer(value);
  if (typeof value === "number") return looksLikePersonnummer(String(value));
  if (depth > 8 || value === null || typeof value !== "object") return false;
  return Object.entries(value).some(
    ([k, v]) => looksLikePersonnummer(k) || containsPersonnummer(v, depth + 1),
  );
}

/** The top-level keys of a card payload that hold a personnummer (in the key or anywhere below). */
export function personnummerFields(data: unknown): string[] {
  if (typeof data !== "object" || data === null) return [];
  return Object.entries(data)
    .filter(([k, v]) => looksLikePersonnummer(k) || containsPersonnummer(v))
    .map(([k]) => k);
}
