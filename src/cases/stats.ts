import { REGION_KEYS, type Recommendation, type RegionKey } from "../sip/index.js";
import { CLOSE_REASONS, type InviteeStatus } from "./model.js";

/**
 * Statistics without personal data (issue 11): audit-log counts per month and region → cells,
 * every count under MIN_SHOWN written "<5". Pure: the SQL is in store/stats.ts, the card in
 * cards/stats-views.ts, the table printer in tools/stats.ts.
 */

/** A group of audit entries as store/stats.ts counts them: the action and the detail value it splits on. */
export interface StatsRow {
  /** "YYYY-MM", Swedish time. */
  month: string;
  region: string;
  action: string;
  /** recommendation, close reason, KVÅ code, "true"/"false" for on time; "" when not split. */
  kind: string;
  n: number;
}

const RECOMMENDATIONS = [
  "sip_indicated",
  "assess_further",
  "not_indicated",
  "revise_existing",
] as const satisfies readonly Recommendation[];
// The partner's answers (model.ts ANSWERED); deliveries and withdrawals are not answers.
const ANSWERS = [
  "accepted",
  "declined",
  "substituted",
  "forwarded",
] as const satisfies readonly InviteeStatus[];
const KVA_CODES = ["AU124", "AU125"] as const;

/** Every measure, in the order tables show them. Nothing outside this list is ever printed. */
export const MEASURES = [
  ...RECOMMENDATIONS.map((r) => `assessment.${r}` as const),
  "case.created",
  "kallelse.sent",
  ...ANSWERS.map((s) => `answer.${s}` as const),
  "plan.saved",
  "followup.on_time",
  "followup.late",
  ...CLOSE_REASONS.map((r) => `closed.${r}` as const),
  ...KVA_CODES.map((k) => `kva.${k}` as const),
] as const;
export type Measure = (typeof MEASURES)[number];

/** Counts below this are shown as "<5": a small count in a small region could point at a person. */
export const MIN_SHOWN = 5;

export interface StatsCell {
  month: string;
  /** A known region key, or "unknown" (a case whose region is not one we know). */
  region: RegionKey | "unknown";
  measure: Measure;
  /** What may be shown: the count, or "<5". The raw count never leaves this module. */
  shown: string;
}

const isMeasure = (m: string): m is Measure => (MEASURES as readonly string[]).includes(m);
const regionOf = (r: string): RegionKey | "unknown" =>
  (REGION_KEYS as readonly string[]).includes(r) ? (r as RegionKey) : "unknown";

/** The measure a row counts towards; undefined for anything unknown (it is dropped, not printed). */
function measureOf({ action, kind }: StatsRow): Measure | undefined {
  const exact: Record<string, string> = {
    "case.created": "case.created",
    "kallelse.created": "kallelse.sent",
    "plan.saved": "plan.saved",
  };
  let m = exact[action];
  if (action === "assessment.made") m = `assessment.${kind}`;
  else if (action.startsWith("invitation.")) m = `answer.${action.slice("invitation.".length)}`;
  else if (action === "plan.kva") m = `kva.${kind}`;
  else if (action === "followup.done") m = kind === "true" ? "followup.on_time" : "followup.late";
  else if (action === "case.closed") m = `closed.${kind}`;
  return m !== undefined && isMeasure(m) ? m : undefined;
}

export const shownCount = (n: number): string => (n < MIN_SHOWN ? `<${MIN_SHOWN}` : String(n));

/**
 * Rows → cells, sorted by month, region and measure order. Rows that fall in one cell (regions we
 * do not know) are summed before suppression, so "<5" never hides a sum of larger parts.
 */
export function statsTable(rows: readonly StatsRow[]): StatsCell[] {
  const sums = new Map<
    string,
    { month: string; region: RegionKey | "unknown"; measure: Measure; n: number }
  >();
  for (const row of rows) {
    const measure = measureOf(row);
    if (!measure || !/^\d{4}-\d{2}$/.test(row.month) || !(row.n > 0)) continue;
    const region = regionOf(row.region);
    const key = `${row.month}|${region}|${measure}`;
    const cell = sums.get(key) ?? { month: row.month, region, measure, n: 0 };
    cell.n += row.n;
    sums.set(key, cell);
  }
  const order = (m: Measure) => MEASURES.indexOf(m);
  return [...sums.values()]
    .sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        a.region.localeCompare(b.region) ||
        order(a.measure) - order(b.measure),
    )
    .map(({ n, ...cell }) => ({ ...cell, shown: shownCount(n) }));
}

/** The month `back` months before "YYYY-MM" (0 → itself), for "the last three months". */
export function monthsBefore(month: string, back: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
