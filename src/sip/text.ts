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
