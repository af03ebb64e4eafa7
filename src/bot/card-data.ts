/**
 * Reading single values out of an Action.Execute payload, which is whatever the client sent:
 * anything that is not the expected type reads as absent. Forms are parsed with zod (forms.ts);
 * these serve the ids and short texts that buttons carry.
 */
export const field = (data: unknown, key: string): unknown =>
  typeof data === "object" && data !== null ? (data as Record<string, unknown>)[key] : undefined;

/** A trimmed string, cut to `max` characters; "" when absent or not a string. */
export function text(data: unknown, key: string, max = 500): string {
  const v = field(data, key);
  return typeof v === "string" ? v.trim().slice(0, max) : "";
}

const UUID = /^[0-9a-f-]{36}$/;
/** A database id (uuid) carried by a card, or undefined; checked before any query. */
export function uuid(data: unknown, key: string): string | undefined {
  const v = field(data, key);
  return typeof v === "string" && UUID.test(v) ? v : undefined;
}
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
