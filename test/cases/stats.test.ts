import { describe, expect, it } from "vitest";
import { MEASURES, monthsBefore, shownCount, statsTable, type StatsRow } from "../../src/cases/stats.js";

const row = (month: string, region: string, action: string, kind: string, n: number): StatsRow => ({
  month,
  region,
  action,
  kind,
  n,
});

describe("statistics table (cases/stats.ts)", () => {
  it.each([
    [0, "<5"],
    [1, "<5"],
    [4, "<5"],
    [5, "5"],
    [6, "6"],
    [1234, "1234"],
  ])("a count of %i is shown as %s", (n, shown) => {
    expect(shownCount(n)).toBe(shown);
  });

  it("splits by month and region, suppresses under 5 and shows exactly 5", () => {
    const cells = statsTable([
      row("2026-11", "vgr", "case.created", "", 5),
      row("2026-11", "uppsala", "case.created", "", 4),
      row("2026-10", "vgr", "case.created", "", 12),
      row("2026-11", "vgr", "assessment.made", "sip_indicated", 1),
    ]);
    expect(cells).toEqual([
      { month: "2026-10", region: "vgr", measure: "case.created", shown: "12" },
      { month: "2026-11", region: "uppsala", measure: "case.created", shown: "<5" },
      { month: "2026-11", region: "vgr", measure: "assessment.sip_indicated", shown: "<5" },
      { month: "2026-11", region: "vgr", measure: "case.created", shown: "5" },
    ]);
  });

  it("names every measure the issue asks for", () => {
    const rows = [
      row("2026-11", "national", "assessment.made", "assess_further", 7),
      row("2026-11", "national", "kallelse.created", "", 7),
      ...["accepted", "declined", "substituted", "forwarded"].map((s) =>
        row("2026-11", "national", `invitation.${s}`, "", 7),
      ),
      row("2026-11", "national", "plan.saved", "", 7),
      row("2026-11", "national", "followup.done", "true", 7),
      row("2026-11", "national", "followup.done", "false", 7),
      row("2026-11", "national", "case.closed", "goals_met", 7),
      row("2026-11", "national", "plan.kva", "AU124", 7),
      row("2026-11", "national", "plan.kva", "AU125", 7),
    ];
    expect(statsTable(rows).map((c) => c.measure)).toEqual([
      "assessment.assess_further",
      "kallelse.sent",
      "answer.accepted",
      "answer.declined",
      "answer.substituted",
      "answer.forwarded",
      "plan.saved",
      "followup.on_time",
      "followup.late",
      "closed.goals_met",
      "kva.AU124",
      "kva.AU125",
    ]);
  });

  it("drops what it does not know: other actions, odd kinds, deliveries, bad months", () => {
    const cells = statsTable([
      row("2026-11", "vgr", "invitation.invited", "", 9),
      row("2026-11", "vgr", "invitation.withdrawn", "", 9),
      row("2026-11", "vgr", "flag.sent", "", 9),
      row("2026-11", "vgr", "case.closed", "Anna Andersson flyttade", 9),
      row("2026-11", "vgr", "assessment.made", "SIP-7F3K", 9),
      row("2026-11", "vgr", "plan.kva", "AU999", 9),
      row("SIP-7F3K", "vgr", "case.created", "", 9),
      row("2026-11", "vgr", "case.created", "", 0),
    ]);
    expect(cells).toEqual([]);
  });

  it("sums regions it does not know into one cell before suppressing", () => {
    const cells = statsTable([
      row("2026-11", "unknown", "case.created", "", 3),
      row("2026-11", "Anna Anderssons kommun", "case.created", "", 3),
    ]);
    expect(cells).toEqual([{ month: "2026-11", region: "unknown", measure: "case.created", shown: "6" }]);
  });

  it("holds no case code, name or actor: only months, region keys, measures and counts", () => {
    const cells = statsTable([
      row("2026-11", "vgr", "case.created", "", 17),
      row("2026-11", "SIP-7F3K", "case.created", "", 2),
      row("2026-11", "vgr", "case.closed", "Kalle Karlsson", 8),
    ]);
    const text = JSON.stringify(cells);
    expect(text).not.toMatch(/SIP-|Kalle|Karlsson/);
    for (const c of cells) {
      expect(Object.keys(c).sort()).toEqual(["measure", "month", "region", "shown"]);
      expect(MEASURES).toContain(c.measure);
      expect(c.shown).toMatch(/^(<5|\d+)$/);
    }
  });

  it.each([
    ["2026-11", 0, "2026-11"],
    ["2026-11", 2, "2026-09"],
    ["2026-01", 1, "2025-12"],
    ["2026-03", 14, "2025-01"],
  ])("%s minus %i months is %s", (month, back, expected) => {
    expect(monthsBefore(month, back)).toBe(expected);
  });
});
