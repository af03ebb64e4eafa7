import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statsTable } from "../../src/cases/stats.js";
import { openDb } from "../../src/store/db.js";
import { statsRows } from "../../src/store/stats.js";
import { statsText } from "../../src/tools/stats.js";
import { seedStats } from "../fixtures/stats.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

describe.each(engines)("statistics from the audit log on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    await seedStats(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  it("counts per Swedish month and region, with <5 for small cells", async () => {
    const cells = statsTable(await statsRows(sandbox.db));
    const shown = (month: string, region: string, measure: string) =>
      cells.find((c) => c.month === month && c.region === region && c.measure === measure)?.shown;
    expect(shown("2026-11", "vgr", "case.created")).toBe("5");
    expect(shown("2026-11", "uppsala", "case.created")).toBe("<5");
    expect(shown("2026-10", "uppsala", "closed.goals_met")).toBe("<5");
    expect(shown("2026-11", "vgr", "assessment.sip_indicated")).toBe("6");
    expect(shown("2026-11", "vgr", "kallelse.sent")).toBe("5");
    expect(shown("2026-11", "vgr", "answer.accepted")).toBe("5");
    // Saved twice each, still five SIPs with a plan; four AU124 and one AU125.
    expect(shown("2026-11", "vgr", "plan.saved")).toBe("5");
    expect(shown("2026-11", "vgr", "kva.AU124")).toBe("<5");
    expect(shown("2026-11", "vgr", "kva.AU125")).toBe("<5");
    expect(shown("2026-11", "vgr", "followup.on_time")).toBe("<5");
    expect(shown("2026-11", "vgr", "followup.late")).toBe("<5");
    expect(cells.filter((c) => c.month === "2026-10").map((c) => c.measure)).toEqual(["closed.goals_met"]);
  });

  it("reads from a month on", async () => {
    const cells = statsTable(await statsRows(sandbox.db, "2026-11"));
    expect(new Set(cells.map((c) => c.month))).toEqual(new Set(["2026-11"]));
  });

  it("prints a table with no case code, actor or id", async () => {
    const text = await statsText(sandbox.db);
    expect(text.split("\n")[0]).toMatch(/^månad\/month\s+region\s+mått\/measure\s+antal\/count$/);
    expect(text).toMatch(/2026-11\s+vgr\s+case\.created\s+5\n/);
    expect(text).toMatch(/2026-11\s+uppsala\s+case\.created\s+<5\n/);
    expect(text).not.toMatch(/SIP-|aad-|29:|flag|invitee/);
  });
});

describe.each(engines)(
  "KVÅ in the statistics, on $name (CONTRACT v3: health care only)",
  (engine: Engine) => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await engine.fresh();
      await sandbox.db.query(
        `INSERT INTO cases (id, code, tenant_id, region, convener_user_id)
       VALUES ('00000000-0000-4000-8000-0000000000a1', 'SIP-H001', 't', 'vgr', '29:k'),
              ('00000000-0000-4000-8000-0000000000a2', 'SIP-S001', 't', 'vgr', '29:k')`,
      );
      const log = (subject: string, detail: object) =>
        sandbox.db.query(
          "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ('2026-11-12T10:00:00Z', 'a', 'plan.saved', $1, $2::jsonb)",
          [subject, JSON.stringify(detail)],
        );
      // Health care takes part in one plan (its entries carry a code); the other is social services and school.
      await log("SIP-H001", { version: 1, kva: "AU124" });
      await log("SIP-H001", { version: 2, kva: "AU124" });
      await log("SIP-S001", { version: 1 });
    });
    afterAll(() => sandbox.dispose());

    it("counts a KVÅ registration only for plans whose audit entry carries a code", async () => {
      const rows = await statsRows(sandbox.db);
      const of = (action: string) => rows.filter((r) => r.action === action).map((r) => [r.kind, r.n]);
      expect(of("plan.saved")).toEqual([["", 2]]);
      expect(of("plan.kva")).toEqual([["AU124", 1]]);
    });
  },
);

describe("npm run stats", () => {
  const dir = mkdtempSync(join(tmpdir(), "sip-stats-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the table of the PGlite folder in DATA_DIR", async () => {
    const db = await openDb({ dataDir: dir });
    await seedStats(db);
    await db.close();
    const run = (...args: string[]) =>
      promisify(execFile)("npm", ["run", "--silent", "stats", "--", ...args], {
        env: { ...process.env, NODE_ENV: "development", DATABASE_URL: "", DATA_DIR: dir },
      });
    const { stdout } = await run();
    expect(stdout).toMatch(/2026-11\s+vgr\s+plan\.saved\s+5\n/);
    expect(stdout).toMatch(/2026-10\s+uppsala\s+closed\.goals_met\s+<5\n/);
    expect(stdout).not.toMatch(/SIP-|aad-/);
    await expect(run("--from", "november")).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
