import type { Card } from "../../src/cards/render.js";
import { statsCard, statsRefusedCard } from "../../src/cards/stats-views.js";
import { MEASURES, type StatsCell } from "../../src/cases/stats.js";
import { REGION_KEYS, type Locale } from "../../src/sip/index.js";

/** Every measure in every region for three months: more than one card holds, so it is cut. */
const everything: StatsCell[] = ["2026-09", "2026-10", "2026-11"].flatMap((month) =>
  [...REGION_KEYS, "unknown" as const].flatMap((region) =>
    MEASURES.map((measure, i) => ({ month, region, measure, shown: i % 2 ? "<5" : String(5 + i) })),
  ),
);

/** The statistics card (`stats` for SIP_ADMINS): some counts, none, too many; and the refusal. */
export function statsCards(locale: Locale): [string, Card][] {
  const some: StatsCell[] = [
    { month: "2026-10", region: "vgr", measure: "case.created", shown: "12" },
    { month: "2026-11", region: "vgr", measure: "case.created", shown: "5" },
    { month: "2026-11", region: "uppsala", measure: "kva.AU125", shown: "<5" },
  ];
  return [
    ["stats", statsCard(locale, some, 3)],
    ["stats, empty", statsCard(locale, [], 3)],
    ["stats, more than a card holds", statsCard(locale, everything, 3)],
    ["stats refused", statsRefusedCard(locale)],
  ];
}
