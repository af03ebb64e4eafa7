import { recordAnswerCard } from "../../src/cards/record-answer-views.js";
import type { Card } from "../../src/cards/render.js";
import type { Locale } from "../../src/sip/index.js";

/** "Registrera svar": empty, and sent back with a typed answer and an error beside each field. */
export function recordAnswerCards(locale: Locale): [string, Card][] {
  const ids = {
    kallelseId: "6f1c1f5e-8a9b-4c2d-9e0f-1a2b3c4d5e60",
    inviteeId: "6f1c1f5e-8a9b-4c2d-9e0f-1a2b3c4d5e61",
  };
  return [
    ["record answer", recordAnswerCard(locale, { ...ids, name: "Eva <FK> & co" })],
    [
      "record answer, errors",
      recordAnswerCard(locale, {
        ...ids,
        name: "Eva",
        typed: { answer: "decline", reason: "", substituteName: "Per" },
        errors: { reason: "x", substituteName: "y", form: "z" },
      }),
    ],
  ];
}
