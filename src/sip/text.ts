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

export function render(text: Text, locale: Locale, params: Params = {}): string {
  return text[locale].replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
