import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pino } from "pino";
import { startJobs, type Jobs, type JobsOptions } from "../../src/jobs/queue.js";
import { openDb, type Db } from "../../src/store/db.js";
import { readKeyFile } from "../../src/store/key-file.js";
import { engines, postgresUrl, type Engine } from "../store/engines.js";

export { engines, postgresUrl };

export const silent = pino({ level: "silent" });

/** Short intervals so tests wait for conditions, not for timers. */
export const FAST: JobsOptions = { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 };

export interface JobsSandbox {
  readonly db: Db;
  /** pg-boss's schema for this sandbox (a fresh one on PostgreSQL, so runs never meet). */
  readonly schema: string;
  /** Another connection to the same database on PostgreSQL; the same Db on PGlite (one connection). */
  second(): Promise<Db>;
  /** Starts a Jobs instance on `db` (default the first); stopAll() stops it if the test did not. */
  start(db?: Db, opts?: JobsOptions): Promise<Jobs>;
  /** Stops every instance started so far (each test's afterEach). */
  stopAll(): Promise<void>;
  dispose(): Promise<void>;
}

export async function jobsSandbox(engine: Engine): Promise<JobsSandbox> {
  const box = await engine.fresh();
  const schema = engine.name === "postgres" ? `boss_${randomBytes(6).toString("hex")}` : "pgboss";
  let started: Jobs[] = [];
  let other: Promise<Db> | undefined;
  const stopAll = async () => {
    const stopping = started;
    started = [];
    await Promise.all(stopping.map((j) => j.stop({ graceMs: 500 })));
  };
  return {
    db: box.db,
    schema,
    second: () => (other ??= box.reopen ? box.reopen() : Promise.resolve(box.db)),
    async start(db = box.db, opts = {}) {
      const jobs = await startJobs(db, silent, { ...FAST, schema, ...opts });
      started.push(jobs);
      return jobs;
    },
    stopAll,
    async dispose() {
      await stopAll();
      await box.dispose();
      if (engine.name === "postgres" && postgresUrl) await dropSchema(postgresUrl, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

/** Polls `check` until it returns true; fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** States of a queue's jobs in pgboss.job, e.g. { completed: 3 }. */
export async function states(db: Db, schema: string, queue: string): Promise<Record<string, number>> {
  const rows = await db.query<{ state: string; n: number }>(
    `SELECT state::text AS state, count(*)::int AS n FROM ${schema}.job WHERE name = $1 GROUP BY state`,
    [queue],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/**
 * An app schema and a pg-boss schema of their own on the test PostgreSQL, for tests whose worker
 * processes open their own connections: the app's database URL (search_path set), a connection to
 * it, and the cleanups, pushed onto `cleanup` (dropped even when the test fails).
 */
export async function ownSchemas(prefix: string, cleanup: (() => Promise<unknown>)[]) {
  const url = postgresUrl as string;
  const suffix = randomBytes(6).toString("hex");
  const appSchema = `sip_${prefix}_${suffix}`;
  const bossSchema = `boss_${prefix}_${suffix}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${appSchema}`).finally(() => admin.end());
  // The master key the worker processes get as DATA_KEY_FILE: they open the texts this side seals.
  const keyDir = mkdtempSync(join(tmpdir(), "sip-key-"));
  const keyFile = join(keyDir, "master.key");
  writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  cleanup.push(
    () => dropSchema(url, appSchema),
    () => dropSchema(url, bossSchema),
    async () => rmSync(keyDir, { recursive: true, force: true }),
  );
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${appSchema}`);
  const db = await openDb({ databaseUrl: scoped.toString(), dataKey: readKeyFile(keyFile) });
  cleanup.push(() => db.close());
  return { url: scoped.toString(), bossSchema, db, keyFile };
}
