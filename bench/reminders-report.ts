import type { Arrival } from "./capped-connector.js";

/** What one drain recorded (bench/reminders.ts). Times are the parent's performance.now(). */
export interface Drain {
  engine: string;
  count: number;
  leads: number;
  seedSeconds: number;
  /** Just before the app's composition started (its start pass claims and queues the backlog). */
  started: number;
  /** When compose() had returned: the start pass is done, the workers run. */
  composed: number;
  timedOut: boolean;
  arrivals: Arrival[];
  /** Every second: the app's VmRSS (MB) and the reminders that had not arrived yet. */
  samples: { at: number; rss: number; remaining: number }[];
  /** The app's VmHWM (peak RSS, MB) at the end of the drain. */
  hwm: number;
  /** Peaks of the app's process.memoryUsage() heapUsed and external (MB), sampled every second. */
  heap: { used: number; external: number };
  final: { statuses: { status: string; n: number }[]; jobs: { state: string; n: number }[] };
  events: Map<string, number>;
  maxInFlight: number;
}

export interface Analysis {
  d: Drain;
  /** Distinct reminders whose card was taken, and cards taken beyond the first per reminder. */
  delivered: number;
  extraCards: number;
  /** (conversation, case) pairs that received more than one card. */
  duplicatePairs: number;
  refused: number;
  /** Requests taken per second from the first taken card to the last. */
  rate: number;
  drainSeconds: number;
  /** From the start of the composition to the first taken card, and the rate over all of it. */
  firstCardSeconds: number;
  endToEndRate: number;
  /** Most requests (taken or refused) and most taken ones in any 1 s (sliding). */
  maxAttempts1s: number;
  maxTaken1s: number;
  /** Whole seconds, counted from the first card, in which more than the cap arrived. */
  secondsAboveCap: number;
  /** Taken per whole second: the lowest and the median (the last, partial second left out). */
  minPerSecond: number;
  medianPerSecond: number;
}

/** Most elements of sorted `times` in any window of `ms`. */
function slidingMax(times: number[], ms: number): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while ((times[lo] ?? 0) <= (times[hi] ?? 0) - ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export function analyse(d: Drain, cap: number): Analysis {
  const taken = d.arrivals.filter((a) => a.status === 200 && a.reminderId);
  const perReminder = new Map<string, number>();
  const perPair = new Map<string, number>();
  for (const a of taken) {
    perReminder.set(a.reminderId ?? "", (perReminder.get(a.reminderId ?? "") ?? 0) + 1);
    const pair = `${a.conversationId} ${a.caseCode ?? a.reminderId}`;
    perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
  }
  const first = taken[0]?.at ?? NaN;
  const last = taken.at(-1)?.at ?? NaN;
  const drainSeconds = (last - first) / 1000;
  const buckets: { attempts: number; taken: number }[] = [];
  for (const a of d.arrivals) {
    if (a.at < first || a.at > last) continue;
    const b = (buckets[Math.floor((a.at - first) / 1000)] ??= { attempts: 0, taken: 0 });
    b.attempts++;
    if (a.status === 200) b.taken++;
  }
  const whole = buckets.slice(0, -1).map((b) => b?.taken ?? 0);
  const sorted = [...whole].sort((a, b) => a - b);
  return {
    d,
    delivered: perReminder.size,
    extraCards: taken.length - perReminder.size,
    duplicatePairs: [...perPair.values()].filter((n) => n > 1).length,
    refused: d.arrivals.filter((a) => a.status === 429).length,
    rate: (taken.length - 1) / drainSeconds,
    drainSeconds,
    firstCardSeconds: (first - d.started) / 1000,
    endToEndRate: perReminder.size / ((last - d.started) / 1000),
    maxAttempts1s: slidingMax(
      d.arrivals.map((a) => a.at),
      1000,
    ),
    maxTaken1s: slidingMax(
      taken.map((a) => a.at),
      1000,
    ),
    secondsAboveCap: buckets.filter((b) => (b?.attempts ?? 0) > cap).length,
    minPerSecond: sorted[0] ?? NaN,
    medianPerSecond: sorted[Math.floor(sorted.length / 2)] ?? NaN,
  };
}

const mb = (v: number) => `${v.toFixed(0)} MB`;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
/** The highest RSS sample with `keep(remaining)`; NaN when none. */
const peak = (d: Drain, keep: (remaining: number) => boolean) => {
  const rss = d.samples.filter((s) => keep(s.remaining)).map((s) => s.rss);
  return rss.length ? Math.max(...rss) : NaN;
};

export function report(a: Analysis, cap: number): string {
  const { d } = a;
  const third = d.count / 3;
  const share = a.rate / cap;
  const statuses = d.final.statuses.map((s) => `${s.status} ${s.n}`).join(", ");
  const jobs = d.final.jobs.map((s) => `${s.state} ${s.n}`).join(", ");
  const ev = (name: string) => d.events.get(name) ?? 0;
  const atCompose = d.samples.find((s) => s.at >= d.composed)?.rss ?? NaN;
  const ok = {
    rate: share >= 0.95 && share <= 1,
    cap: a.secondsAboveCap === 0 && a.refused === 0,
    dup: a.extraCards === 0 && a.duplicatePairs === 0,
    all: a.delivered === d.count && !d.timedOut,
  };
  const lines = [
    "",
    `=== ${d.engine}: ${d.count} due reminders to ${d.leads} leads (seeded in ${d.seedSeconds.toFixed(1)} s)`,
    `drain        ${a.drainSeconds.toFixed(1)} s from the first card to the last; first card ` +
      `${a.firstCardSeconds.toFixed(1)} s after the composition started` +
      (d.timedOut ? `; TIMED OUT with ${d.count - a.delivered} not arrived` : ""),
    `rate         ${a.rate.toFixed(2)} requests/s taken = ${pct(share)} of the cap; per whole second ` +
      `min ${a.minPerSecond}, median ${a.medianPerSecond}; end to end ${a.endToEndRate.toFixed(2)}/s`,
    `cap          ${a.refused} refused (429); most arriving in any 1 s ${a.maxAttempts1s}, taken ` +
      `${a.maxTaken1s}; ${a.secondsAboveCap} whole seconds with more than ${cap} arriving; ` +
      `${d.maxInFlight} in flight at most`,
    `cards        ${a.delivered} reminders arrived, ${a.extraCards} extra cards, ` +
      `${a.duplicatePairs} (conversation, case) pairs with more than one`,
    `database     reminders: ${statuses}; reminder jobs: ${jobs}`,
    `log          reminder_sent ${ev("reminder_sent")}, proactive_retry ${ev("proactive_retry")}, ` +
      `proactive_throttled ${ev("proactive_throttled")}, jobs.failed ${ev("jobs.failed")}, ` +
      `reminders_dispatched ${ev("reminders_dispatched")}`,
    `RSS          ${mb(atCompose)} when composed; peak while ${Math.round(d.count)}–${Math.round(2 * third)} ` +
      `left ${mb(peak(d, (r) => r > 2 * third))}, ${Math.round(2 * third)}–${Math.round(third)} ` +
      `${mb(peak(d, (r) => r <= 2 * third && r > third))}, ${Math.round(third)}–0 ` +
      `${mb(peak(d, (r) => r <= third))}; VmHWM ${mb(d.hwm)}; peak JS heap used ${mb(d.heap.used)}, ` +
      `external ${mb(d.heap.external)}`,
    "targets:",
    `  rate ${pct(share)} of the cap (≥ 95 %, ≤ 100 %) ${verdict(ok.rate)}, never above the cap ` +
      `${verdict(ok.cap)}, duplicates ${a.extraCards} ${verdict(ok.dup)}, all arrived ${verdict(ok.all)}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Peak RSS of the largest backlog against the smallest one's (the same engine). */
export function flatness(drains: Drain[]): string {
  if (drains.length < 2) return "";
  const peaks = drains.map((d) => ({ count: d.count, rss: Math.max(...d.samples.map((s) => s.rss)) }));
  peaks.sort((a, b) => a.count - b.count);
  const small = peaks[0];
  const large = peaks.at(-1);
  if (!small || !large) return "";
  const ratio = large.rss / small.rss;
  const list = peaks.map((p) => `${p.count}: ${mb(p.rss)}`).join(", ");
  return (
    `\n${drains[0]?.engine ?? ""} peak RSS by backlog (${list}): ${large.count}/${small.count} ` +
    `${ratio.toFixed(2)}× (≤ 1.15×) ${verdict(ratio <= 1.15)}\n`
  );
}
