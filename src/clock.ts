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

/** An instant's date in Sweden as "YYYY-MM-DD" (sv-SE formats dates that way). */
export function stockholmDate(instant: Date): string {
  return STOCKHOLM_DATE.format(instant);
}

/** Today's date in Sweden as "YYYY-MM-DD". */
export function stockholmToday(clock: Clock): string {
  return stockholmDate(clock.now());
}
