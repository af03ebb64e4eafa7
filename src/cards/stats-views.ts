import type { StatsCell } from "../cases/stats.js";
import { longDate, regionSettings, type Locale } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { renderCard, type Card } from "./render.js";
import { statsEn } from "./strings-stats-en.js";
import { statsSv } from "./strings-stats-sv.js";

const TEXTS = { sv: statsSv, en: statsEn };
/** Facts on one card: a month of every region stays well under Teams' 28 KB card limit. */
const MAX_FACTS = 150;

/** "2026-11" → "november 2026" / "November 2026" (longDate of its first day, without the day). */
const monthLabel = (month: string, locale: Locale) => longDate(`${month}-01`, locale).replace(/^1 /, "");

/**
 * The statistics card: months newest first, each region's non-zero measures as facts. The cells
 * are already suppressed (cases/stats.ts); this only labels them. Whole months while they fit.
 */
export function statsCard(locale: Locale, cells: readonly StatsCell[], months: number): Card {
  const s = TEXTS[locale];
  const byMonth = new Map<string, Map<string, { title: string; value: string }[]>>();
  for (const c of cells) {
    const regions = byMonth.get(c.month) ?? new Map<string, { title: string; value: string }[]>();
    const region = c.region === "unknown" ? s.unknownRegion : regionSettings(c.region).name;
    regions.set(region, [...(regions.get(region) ?? []), { title: s.measures[c.measure], value: c.shown }]);
    byMonth.set(c.month, regions);
  }
  let facts = 0;
  let more = false;
  const shown = [];
  for (const month of [...byMonth.keys()].sort().reverse()) {
    const regions = [...(byMonth.get(month) ?? [])].map(([name, list]) => ({ name, facts: list }));
    const size = regions.reduce((sum, r) => sum + r.facts.length, 0);
    if (shown.length && facts + size > MAX_FACTS) {
      more = true;
      break;
    }
    facts += size;
    shown.push({ label: monthLabel(month, locale), regions });
  }
  // A single month too large for a card is cut at MAX_FACTS, and says so.
  const first = shown[0];
  if (first && facts > MAX_FACTS) {
    let left = MAX_FACTS;
    first.regions = first.regions.flatMap((r) => {
      const kept = r.facts.slice(0, left);
      left -= kept.length;
      return kept.length ? [{ ...r, facts: kept }] : [];
    });
    more = true;
  }
  return renderCard("stats", locale, {
    title: s.title,
    intro: s.intro,
    period: fill(s.period, { months }),
    empty: shown.length ? "" : s.empty,
    more: more ? s.more : "",
    months: shown,
  });
}

/** For anyone not in SIP_ADMINS: polite, and silent about what the statistics hold. */
export function statsRefusedCard(locale: Locale): Card {
  const s = TEXTS[locale];
  return renderCard("notice", locale, { title: s.refusedTitle, text: s.refusedText, warning: false });
}
