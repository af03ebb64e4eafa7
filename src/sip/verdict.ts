import type { Effect, Locale, Reason } from "./schemas.js";
import { render, type Params, type ReasonDef } from "./text.js";

/** A reason found by a rule, before it is rendered in a locale. */
export interface Finding<C extends string> {
  code: C;
  effect?: Effect;
  params?: Params;
  /** Overrides the catalog's source where a regional setting decides the rule. */
  source?: string;
}

export function renderFindings<C extends string>(
  catalog: Record<C, ReasonDef>,
  findings: Finding<C>[],
  locale: Locale,
): Reason[] {
  return findings.map((f) => ({
    code: f.code,
    message: render(catalog[f.code], locale, f.params),
    source: f.source ?? catalog[f.code].source,
    ...(f.effect ? { effect: f.effect } : {}),
  }));
}
