/** The clock is injected everywhere, so that tests and rules never read the wall clock themselves. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

const STOCKHOLM_DATE = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

const HOUR_MS = 3_600_000;
/** The last hour formatted: Intl's time-zone formatting is slow, and every turn asks for today. */
let lastHour = NaN;
let lastDate = "";

/** An instant's date in Sweden as "YYYY-MM-DD" (sv-SE formats dates that way). */
export function stockholmDate(instant: Date): string {
  // Sweden's offsets (+1, +2) are whole hours, so its date changes only on a whole UTC hour:
  // every instant of one UTC hour has the same Swedish date.
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  if (hour !== lastHour) {
    lastDate = STOCKHOLM_DATE.format(instant);
    lastHour = hour;
  }
  return lastDate;
}

/** Today's date in Sweden as "YYYY-MM-DD". */
export function stockholmToday(clock: Clock): string {
  return stockholmDate(clock.now());
}

/**
 * A clock that starts at `start` and runs on at the pace of `base` (SIP_NOW, for trying the
 * follow-up: config.ts refuses it in production).
 */
export function clockFrom(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}
