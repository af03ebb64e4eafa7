import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/store/db.js";
import { readdirSync } from "node:fs";
import { migrate, MIGRATIONS_DIR } from "../../src/store/migrate.js";
import { engines, postgresRequired, postgresUrl, type Engine, type Sandbox } from "./engines.js";

/** The project's own migrations, as the runner records them. */
const BUNDLED = readdirSync(MIGRATIONS_DIR)
  .filter((f) => f.endsWith(".sql"))
  .map((f) => f.slice(0, -4))
  .sort();

describe("test engines", () => {
  it("include PostgreSQL whenever REQUIRE_POSTGRES=1", () => {
    if (postgresRequired) {
      expect(postgresUrl, "REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set").toBeTruthy();
    }
    expect(engines.map((e) => e.name)).toEqual(postgresUrl ? ["pglite", "postgres"] : ["pglite"]);
  });
});

/** A folder of migration files for testing the runner; returned as a URL with a trailing slash. */
const tempDirs: string[] = [];
async function migrationsDir(files: Record<string, string>): Promise<URL> {
  const dir = await mkdtemp(join(tmpdir(), "sip-migrations-"));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return pathToFileURL(`${dir}/`);
}

const ids = async (db: Db) =>
  (await db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id")).map((r) => r.id);

/** Several instances starting at once: separate connections on PostgreSQL, one PGlite otherwise. */
async function startTogether(sandbox: Sandbox, n: number, dir?: URL): Promise<void> {
  const opts = dir ? { migrationsDir: dir } : {};
  if (sandbox.reopen) await Promise.all(Array.from({ length: n }, () => sandbox.reopen?.(opts)));
  else await Promise.all(Array.from({ length: n }, () => migrate(sandbox.db, dir)));
}

describe.each(engines)("database on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let db: Db;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    sandbox = await engine.fresh();
    db = sandbox.db;
  });
  afterAll(async () => {
    await Promise.all(cleanup.map((f) => f()));
    await sandbox.dispose();
  });

  it("openDb applies the bundled migrations and records each once", async () => {
    expect(BUNDLED[0]).toBe("001_init");
    expect(await ids(db)).toEqual(BUNDLED);
    const tables = await db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.map((r) => r.t)).toEqual([
      "audit_log",
      "bot_state",
      "cases",
      "conversation_refs",
      "data_key_check",
      "data_keys",
      "federated_invitations",
      "federation_nonces",
      "federation_peer_people",
      "federation_people",
      "federation_rate",
      "flags",
      "invitees",
      "kallelser",
      "plans",
      "print_links",
      "reminders",
      "schema_migrations",
    ]);
  });

  it("running the migrations again applies nothing", async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await ids(db)).toEqual(BUNDLED);
  });

  it("instances starting together on an empty database apply each migration exactly once", async () => {
    const empty = await migrationsDir({});
    const bare = await engine.fresh({ migrationsDir: empty });
    cleanup.push(() => bare.dispose());
    // 001_init uses plain CREATE TABLE: a second application would make an instance fail here.
    await startTogether(bare, 5);
    expect(await ids(bare.db)).toEqual(BUNDLED);

    const counted = await migrationsDir({
      "100_runs.sql": "CREATE TABLE runs (file text NOT NULL);",
      "101_one.sql": "INSERT INTO runs VALUES ('101');",
      "102_two.sql": "INSERT INTO runs VALUES ('102');",
    });
    await startTogether(bare, 5, counted);
    const runs = await bare.db.query<{ file: string }>("SELECT file FROM runs ORDER BY file");
    expect(runs.map((r) => r.file)).toEqual(["101", "102"]);
    expect(await ids(bare.db)).toEqual([...BUNDLED, "100_runs", "101_one", "102_two"]);
  });

  it("applies files in name order, ignores other files, and rolls back a failing one", async () => {
    const files: Record<string, string> = {
      "201_b.sql": "INSERT INTO ordered VALUES (2);",
      "200_a.sql": "CREATE TABLE ordered (n int NOT NULL);",
      "202_bad.sql": "CREATE TABLE half_done (x int); SELECT 1 / 0;",
      "notes.txt": "not a migration",
    };
    const dir = await migrationsDir(files);
    await expect(migrate(db, dir)).rejects.toThrow(/division by zero/);
    expect(await ids(db)).toEqual([...BUNDLED, "200_a", "201_b"]);
    const half = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(half).toHaveLength(0);

    await writeFile(new URL("202_bad.sql", dir), "CREATE TABLE half_done (x int);");
    expect(await migrate(db, dir)).toEqual(["202_bad"]);
    expect(await db.query("SELECT n FROM ordered")).toEqual([{ n: 2 }]);
  });

  it("returns the same JS types for the same SQL", async () => {
    const [row] = await db.query(
      `SELECT 42::int8 AS big, 9007199254740993::int8 AS huge, 1.5::float8 AS f, '2026-11-26'::date AS d,
              '2026-11-26T08:00:00Z'::timestamptz AS ts, '{"a":[1,"å"]}'::jsonb AS j, true AS b, NULL AS n`,
    );
    expect(row).toEqual({
      big: 42,
      huge: 9007199254740993n,
      f: 1.5,
      d: "2026-11-26",
      ts: new Date("2026-11-26T08:00:00Z"),
      j: { a: [1, "å"] },
      b: true,
      n: null,
    });
  });

  it("transaction commits on success and rolls back when the callback throws", async () => {
    await db.exec("CREATE TABLE tx_probe (n int NOT NULL)");
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO tx_probe VALUES ($1)", [1]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO tx_probe VALUES ($1)", [2]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.query("SELECT n FROM tx_probe")).toEqual([{ n: 1 }]);
  });
});

afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});
