import { addDays, format, isValid, parseISO } from "date-fns";
import { enGB, sv } from "date-fns/locale";
import { z } from "zod/v4";
import { FIELD_MESSAGES } from "./field-messages.js";

/** A calendar date as "YYYY-MM-DD" that really exists (2026-02-30 is refused). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, FIELD_MESSAGES.dateFormat.sv)
  .refine((s) => {
    const d = parseISO(s);
    return isValid(d) && format(d, "yyyy-MM-dd") === s;
  }, FIELD_MESSAGES.dateExists.sv);

/** Days after an ISO date, as an ISO date. Pure: no clock, no time zone (dates only). */
export function plusDays(iso: string, days: number): string {
  return format(addDays(parseISO(iso), days), "yyyy-MM-dd");
}

/** ISO dates compare correctly as strings. */
export function isBefore(a: string, b: string): boolean {
  return a < b;
}

/** How people read a date: "29 november 2026" in Swedish, "29 November 2026" in English. */
export function longDate(iso: string, locale: "sv" | "en"): string {
  return format(parseISO(iso), "d MMMM yyyy", { locale: locale === "sv" ? sv : enGB });
}
