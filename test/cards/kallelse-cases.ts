import { blankErrors, readKallelseForm } from "../../src/bot/kallelse-form.js";
import { kallelseFormCard } from "../../src/cards/case-views.js";
import type { Card } from "../../src/cards/render.js";
import type { Locale } from "../../src/sip/index.js";

/**
 * The kallelse form where the bot may install itself in the convener's tenant: each row offers
 * Teams' people picker. One row picked someone (shown again by id and the name written), one
 * holds a refused value beside its error.
 */
export function kallelseCards(locale: Locale): [string, Card][] {
  const form = readKallelseForm(
    {
      rows: "2",
      p1Entra: "0b0b0b0b-0000-4000-8000-000000000009",
      p1Name: "Berit Berg",
      p2Entra: "not-an-id",
    },
    2,
  );
  const rows = (form?.rows ?? []).map((r, i) => (i === 1 ? { ...r, err: { ...r.err, entra: "x" } } : r));
  return [
    [
      "kallelse form, people picker",
      kallelseFormCard(locale, {
        caseId: "c",
        code: "SIP-7F3K",
        values: form?.values ?? {},
        rows,
        errors: blankErrors(),
        users: [],
        selfId: "29:k",
        selfInstall: true,
      }),
    ],
  ];
}
