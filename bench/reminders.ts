import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pickEngines } from "./pick-engines.js";
import { startCappedConnector, type CappedConnector } from "./capped-connector.js";
import { analyse, flatness, report, type Drain } from "./reminders-report.js";

/**
 * Due reminders through a fake Bot Connector that enforces Teams' per-tenant limit (50 requests/s
 * for a bot in one tenant), with the app's own composition doing the work (bench/reminders-app.ts).
 * Per engine and backlog size: a fresh database seeded with `count` due follow-up reminders, the app
 * started on it, and its sends recorded until every reminder has arrived (or the time is up).
 * Reports the achieved rate as a share of the cap, requests above the cap, duplicates and the app's
 * RSS sampled every second; prints PASS or MISS per target and never fails (bench/README.md).
 *
 *   npm run bench:reminders -- [--count=10000[,…]] [--cap=50] [--concurrency=N] [--leads=N]
 *                              [--poll=2000] [--only=pglite,postgres]
 */
const raw = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const arg = (name: string, fallback: number) => Number(raw(name) ?? fallback);
const COUNTS = (raw("count") ?? "10000").split(",").map(Number);
const CAP = arg("cap", 50);
const CONCURRENCY = arg("concurrency", 0); // 0: as `npm start` runs it (JOB_CONCURRENCY, default 2)
const POLL_MS = arg("poll", 2_000);
const ONLY = raw("only")?.split(",");
const PG_URL = process.env.TEST_DATABASE_URL || undefined;
const TENANT = "tenant-bench";
const SETTLE_MS = 3_000; // after the last reminder arrived: time for a duplicate to show up

const children = new Set<ChildProcess>();
function app(mode: "seed" | "run", env: Record<string, string>): ChildProcess {
  const child = fork(new URL("./reminders-app.ts", import.meta.url), [mode], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
function message<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      child.off("message", on);
      resolve(m as T);
    };
    child.on("message", on);
    child.once("exit", (code) => reject(new Error(`app exited with ${code} before "${key}"`)));
  });
}
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

/** Counts the `event` of every JSON log line the app writes to stdout (kept in BENCH_LOG_FILE if set). */
function countEvents(child: ChildProcess): Map<string, number> {
  const events = new Map<string, number>();
  let rest = "";
  const file = process.env.BENCH_LOG_FILE;
  child.stdout?.on("data", (chunk: Buffer) => {
    if (file) appendFileSync(file, chunk);
    const lines = (rest + chunk.toString("utf8")).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      const event = /"event":"([^"]+)"/.exec(line)?.[1];
      if (event) events.set(event, (events.get(event) ?? 0) + 1);
    }
  });
  return events;
}

interface Engine {
  name: "pglite" | "postgres";
  /** A fresh database for one drain, and how to remove it. */
  fresh(): Promise<{ env: Record<string, string>; drop(): Promise<void> }>;
}
const pglite: Engine = {
  name: "pglite",
  fresh: async () => {
    const dir = mkdtempSync(join(tmpdir(), "sip-bench-reminders-"));
    return {
      env: { BENCH_DATA_DIR: join(dir, "data") },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
/** PostgreSQL at TEST_DATABASE_URL: an own schema for the tables and one for pg-boss, dropped after. */
const postgres = (url: string): Engine => ({
  name: "postgres",
  fresh: async () => {
    const schema = `sip_bench_rem_${randomBytes(6).toString("hex")}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin(`CREATE SCHEMA ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set("options", `-c search_path=${schema}`);
    return {
      env: { BENCH_DATABASE_URL: scoped.toString(), BENCH_JOBS_SCHEMA: `${schema}_boss` },
      drop: () => admin(`DROP SCHEMA IF EXISTS ${schema}, ${schema}_boss CASCADE`),
    };
  },
});

async function drain(engine: Engine, count: number, connector: CappedConnector): Promise<Drain> {
  const db = await engine.fresh();
  const leads = arg("leads", Math.max(1, Math.round(count / 5)));
  const env = {
    ...db.env,
    BENCH_COUNT: String(count),
    BENCH_LEADS: String(leads),
    BENCH_SERVICE_URL: connector.serviceUrl,
    BENCH_TENANT: TENANT,
    BENCH_CONCURRENCY: String(CONCURRENCY),
    BENCH_POLL_MS: String(POLL_MS),
    BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info",
  };
  try {
    const seeding = performance.now();
    const seeder = app("seed", env);
    seeder.stdout?.resume();
    await message(seeder, "seeded");
    await exited(seeder);
    const seedSeconds = (performance.now() - seeding) / 1000;

    const from = connector.arrivals.length;
    const child = app("run", env);
    const events = countEvents(child);
    const heap = { used: 0, external: 0 };
    child.on("message", (m: { mem?: NodeJS.MemoryUsage }) => {
      heap.used = Math.max(heap.used, (m.mem?.heapUsed ?? 0) / 2 ** 20);
      heap.external = Math.max(heap.external, (m.mem?.external ?? 0) / 2 ** 20);
    });
    await message(child, "composing");
    const started = performance.now();
    const taken = new Set<string>();
    let seen = from;
    const samples: Drain["samples"] = [];
    let composed = NaN;
    void message(child, "composed").then(
      () => (composed = performance.now()),
      () => undefined,
    );
    const deadline = started + ((count / CAP) * 2 + 60) * 1000;
    let doneAt = NaN;
    while (performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      for (; seen < connector.arrivals.length; seen++) {
        const a = connector.arrivals[seen];
        if (a?.status === 200 && a.reminderId) taken.add(a.reminderId);
      }
      samples.push({ at: performance.now(), rss: memory(child.pid ?? 0).rss, remaining: count - taken.size });
      if (taken.size >= count && Number.isNaN(doneAt)) doneAt = performance.now();
      if (performance.now() - doneAt >= SETTLE_MS) break;
    }
    const hwm = memory(child.pid ?? 0).hwm;
    const stopped = message<Drain["final"]>(child, "statuses");
    child.send({ cmd: "stop" });
    const final = await stopped;
    await exited(child);
    return {
      engine: engine.name,
      count,
      leads,
      seedSeconds,
      started,
      composed,
      timedOut: Number.isNaN(doneAt),
      arrivals: connector.arrivals.slice(from),
      samples,
      hwm,
      heap,
      final,
      events,
      maxInFlight: connector.maxInFlight(),
    };
  } finally {
    await db.drop();
  }
}

const engines: Engine[] = pickEngines(ONLY, PG_URL, pglite, postgres);
process.stdout.write(
  `reminders: backlogs ${COUNTS.join(", ")} due, fake connector capped at ${CAP} requests/s per tenant, ` +
    `concurrency ${CONCURRENCY || "JOB_CONCURRENCY's default (2), as npm start runs it"}, node ${process.version}\n`,
);
try {
  for (const engine of engines) {
    const drains: Drain[] = [];
    for (const count of COUNTS) {
      const connector = await startCappedConnector({ perSecond: CAP, retryAfterSeconds: 1 });
      try {
        const d = await drain(engine, count, connector);
        drains.push(d);
        process.stdout.write(report(analyse(d, CAP), CAP));
      } finally {
        await connector.close();
      }
    }
    process.stdout.write(flatness(drains));
  }
} catch (err) {
  process.stdout.write(`reminders bench stopped: ${(err as Error).message}\n`);
} finally {
  for (const c of children) c.kill("SIGTERM");
}
