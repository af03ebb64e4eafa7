import { randomInt } from "node:crypto";

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

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CARD_KEY = /^[A-Za-z]{24}$/;
/**
 * A fresh key naming one card's press, for idempotency (kallelse.ts): 24 random letters, about 137
 * bits. Letters only, unlike a uuid: the personnummer guard (pnr-guard.ts) reads a random uuid as
 * a personnummer about once in 5,600, and would then refuse every press of that card for good.
 */
export const newCardKey = (): string => Array.from({ length: 24 }, () => LETTERS[randomInt(52)]).join("");
/** A card key (newCardKey) carried by a card, or undefined. */
export const isCardKey = (v: unknown): v is string => typeof v === "string" && CARD_KEY.test(v);
