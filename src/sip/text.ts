import type { Locale } from "./schemas.js";

/** A message in both languages; `{name}` placeholders are filled from params. */
export interface Text {
  sv: string;
  en: string;
}
export interface ReasonDef extends Text {
  source: string;
}
export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown name stays visible rather than vanishing. */
export function fill(text: string, params: Record<string, string | number | boolean> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function render(text: Text, locale: Locale, params: Params = {}): string {
  return fill(text[locale], params);
}

/**
 * Characters that change how text reads without being seen: bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), zero-width characters and directional marks (U+200B–U+200F,
 * U+061C, U+2060–U+2064, U+FEFF). A typed name or reason could otherwise show one text while
 * holding another ("Referens" read backwards, a link that reads as a different address). One
 * function, for everything the bot shows: cards (cards/shown.ts), the printable letter and the
 * .ics file (cases/printable.ts), and the HTML pages (http/answer-html.ts esc).
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
export const visible = (s: string): string => s.replace(INVISIBLE, "");
