import { describe, expect, it } from "vitest";
import { stockholmDate } from "../src/clock.js";

// stockholmDate keeps the last hour's answer; these instants sit on both sides of Swedish
// midnights (winter +01:00, summer +02:00) and come back to an hour already asked.
describe("stockholmDate", () => {
  it.each([
    ["2026-12-31T22:59:59.999Z", "2026-12-31"],
    ["2026-12-31T23:00:00.000Z", "2027-01-01"],
    ["2026-12-31T22:30:00.000Z", "2026-12-31"],
    ["2027-06-30T21:59:59.000Z", "2027-06-30"],
    ["2027-06-30T22:00:00.000Z", "2027-07-01"],
    ["2027-03-28T00:30:00.000Z", "2027-03-28"],
    ["2027-10-30T22:00:00.000Z", "2027-10-31"],
    ["2027-10-30T21:59:00.000Z", "2027-10-30"],
  ])("%s is %s in Sweden", (instant, date) => {
    expect(stockholmDate(new Date(instant))).toBe(date);
  });

  it("refuses an invalid date as Intl does", () => {
    expect(() => stockholmDate(new Date(NaN))).toThrow(RangeError);
  });
});
