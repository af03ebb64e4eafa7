import type { Locale } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { renderCard, STRINGS, type Card } from "./render.js";

/** The record card's inputs (card data keys): the personnummer guard marks these, nothing else. */
export const RECORD_FIELDS: readonly string[] = ["reason", "substituteName"];

/**
 * "Registrera svar": the convener records an answer a paper invitee gave by phone or post. The
 * values typed stay on a card sent back with an error; `errors` sit beside their field.
 */
export function recordAnswerCard(
  locale: Locale,
  r: {
    kallelseId: string;
    inviteeId: string;
    name: string;
    typed?: { answer?: string; reason?: string; substituteName?: string };
    errors?: { reason?: string; substituteName?: string; form?: string };
  },
): Card {
  const t = STRINGS[locale].cases.record;
  return renderCard("record-answer", locale, {
    kallelseId: r.kallelseId,
    inviteeId: r.inviteeId,
    title: fill(t.title, { name: r.name }),
    hint: fill(t.hint, { name: r.name }),
    answer: r.typed?.answer ?? "",
    reason: r.typed?.reason ?? "",
    substituteName: r.typed?.substituteName ?? "",
    reasonError: r.errors?.reason ?? "",
    substituteError: r.errors?.substituteName ?? "",
    error: r.errors?.form ?? "",
  });
}
