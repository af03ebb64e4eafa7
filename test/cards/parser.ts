import * as AC from "adaptivecards";
import type { Card } from "../../src/cards/render.js";

const EMPTY_CHOICES = "An Input.ChoiceSet must have at least one choice defined.";
/**
 * Typeahead pickers (`choices.data`: Data.Query) with no static choice: Teams fills them from the
 * bot, and Microsoft's own Teams example (dependent inputs) has none, but the SDK's validator does
 * not exempt them. A card without a directory has such pickers (case-views.ts decision).
 */
function typeaheadOnly(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + typeaheadOnly(x), 0);
  if (!v || typeof v !== "object") return 0;
  const o = v as Record<string, unknown>;
  const own =
    o.type === "Input.ChoiceSet" &&
    (!Array.isArray(o.choices) || o.choices.length === 0) &&
    (o["choices.data"] as { type?: string } | undefined)?.type === "Data.Query";
  return (own ? 1 : 0) + typeaheadOnly(Object.values(o));
}

/** Microsoft's own Adaptive Cards parser (the renderer's object model): every warning it raises. */
export function parserComplaints(card: Card): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const complaints: string[] = [];
  for (let i = 0; i < context.eventCount; i++) complaints.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) complaints.push(e.message);
  let allowed = typeaheadOnly(card);
  return complaints.filter((m) => !(m === EMPTY_CHOICES && allowed-- > 0));
}
