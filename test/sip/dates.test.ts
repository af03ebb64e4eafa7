import { addDays, format, isValid, parseISO } from "date-fns";
import { enGB, sv } from "date-fns/locale";
import { describe, expect, it } from "vitest";
import { IsoDateSchema, longDate, plusDays } from "../../src/sip/dates.js";

// dates.ts computes with plain Date at UTC midnight; date-fns (local time, locale tables) is the
// reference it must agree with, day by day, across leap years and both DST changes.
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => plusDays(from, i));

describe("calendar dates", () => {
  it("writes every day 1999–2031 as date-fns does, in Swedish and English", () => {
    for (const iso of days("1999-01-01", 33 * 366)) {
      expect(longDate(iso, "sv")).toBe(format(parseISO(iso), "d MMMM yyyy", { locale: sv }));
      expect(longDate(iso, "en")).toBe(format(parseISO(iso), "d MMMM yyyy", { locale: enGB }));
    }
  });

  it("adds days as date-fns does, over month, year and DST boundaries", () => {
    for (const iso of days("2023-12-20", 900).filter((_, i) => i % 7 === 0))
      for (const n of [-400, -31, -1, 0, 1, 3, 14, 28, 29, 30, 31, 365, 366])
        expect(plusDays(iso, n)).toBe(format(addDays(parseISO(iso), n), "yyyy-MM-dd"));
  });

  it.each([
    ["2026-02-28", true],
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["2100-02-29", false],
    ["2000-02-29", true],
    ["2026-02-30", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-12-32", false],
    ["2026-12-00", false],
    ["2026-1-01", false],
    ["20261201", false],
  ])("%s is a real date: %s (and date-fns agrees)", (iso, real) => {
    expect(IsoDateSchema.safeParse(iso).success).toBe(real);
    const d = parseISO(iso);
    expect(/^\d{4}-\d{2}-\d{2}$/.test(iso) && isValid(d) && format(d, "yyyy-MM-dd") === iso).toBe(real);
  });
});
