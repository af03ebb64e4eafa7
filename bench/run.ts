import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { VERBS } from "../src/cards/verbs.js";
import { execute, message } from "../test/helpers/activities.js";
import { summariseProfiles } from "./profile.js";
import { VALID_ASSESS } from "../test/fixtures/forms.js";
import { knowledgeReport } from "./knowledge.js";
import type { TargetKind } from "./targets.js";

/**
 * Our bot against the smallest botbuilder echo bot, in one run: same machine, same connector,
 * same turns, rounds interleaved so that machine noise hits both. Prints; never fails on a miss.
 * Three configurations of our bot, each against its own fresh echo bot (bench/README.md):
 *   memory    PGlite in memory://, LOG_LEVEL=silent, 300 warm-up turns (the flattering set-up)
 *   shipped   PGlite on disk (temp dir), LOG_LEVEL=info to a drained stdout pipe, 20 warm-up turns
 *   postgres  PostgreSQL at TEST_DATABASE_URL (own schema), LOG_LEVEL=info, 20 warm-up turns
 * then the idle RSS of `node dist/index.js` (built first when dist/ is missing or older than src/)
 * on PGlite and on PostgreSQL, and the knowledge-search report.
 *
 *   npm run bench -- [--turns=2000] [--seq=400] [--concurrency=8] [--rounds=10] [--warmup=N]
 *                    [--profile] [--only=memory,shipped,postgres,rss,knowledge]
 */
const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
};
const TURNS = arg("turns", 2000); // per bot and scenario, under load
const SEQ = arg("seq", 400); // per bot and scenario, one request in flight
const CONCURRENCY = arg("concurrency", 8);
const ROUNDS = arg("rounds", 10);
const WARMUP = arg("warmup", NaN); // NaN: each configuration's own default
const PROFILE = process.argv.includes("--profile");
const ONLY = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",")
  .map((s) => s.trim());
const TARGETS = { p50: 1.5, p99: 2, throughput: 0.5 };
const RSS_LIMITS = { pglite: 350, postgres: 200 }; // MB
const PG_URL = process.env.TEST_DATABASE_URL || undefined;
const wanted = (name: string) => !ONLY || ONLY.includes(name);

interface BenchConfig {
  name: "memory" | "shipped" | "postgres";
  label: string;
  env: Record<string, string>;
  warmup: number;
}

const children = new Set<ChildProcess>();
interface Target {
  url: string;
  child: ChildProcess;
  /** Bytes our bot wrote to stdout (its logs), drained as a log shipper would. */
  logBytes: () => number;
}
async function start(kind: TargetKind, env: Record<string, string> = {}): Promise<Target> {
  const child = fork(new URL("./targets.ts", import.meta.url), [kind], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let bytes = 0;
  child.stdout?.on("data", (chunk: Buffer) => (bytes += chunk.length));
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`${kind} exited with ${code} before it listened`)));
  });
  return { url, child, logBytes: () => bytes };
}
function ask<T>(child: ChildProcess, msg: unknown, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      child.off("message", on);
      resolve(m[key] as T);
    };
    child.on("message", on);
    child.send(msg as never);
  });
}
async function stop(t: Target): Promise<void> {
  if (t.child.exitCode !== null) return;
  const exited = new Promise((resolve) => t.child.once("exit", resolve));
  t.child.disconnect();
  await exited;
}

type Bot = "echo" | "ours";
interface Scenario {
  name: string;
  /** The body for worker w: each worker is its own user in its own 1:1 chat, as in Teams. */
  body(serviceUrl: string, w: number): string;
}
const who = (w: number) => ({
  from: { id: `29:bench-${w}`, aadObjectId: `aad-bench-${w}`, name: "Bench" },
  conversation: { id: `a:bench-${w}`, conversationType: "personal", tenantId: "tenant-1" },
});
const SCENARIOS: Scenario[] = [
  { name: 'message "hjälp"', body: (su, w) => JSON.stringify({ ...message(su, "hjälp"), ...who(w) }) },
  {
    name: "assess.submit",
    body: (su, w) => JSON.stringify({ ...execute(su, VERBS.submitAssess, VALID_ASSESS), ...who(w) }),
  },
];

interface Sample {
  latencies: number[];
  seconds: number;
  failures: number;
}
const empty = (): Sample => ({ latencies: [], seconds: 0, failures: 0 });

/** n turns with `concurrency` in flight; each latency is one POST until its response is read. */
async function drive(url: string, bodies: string[], n: number, concurrency: number, into: Sample) {
  let next = 0;
  const started = performance.now();
  const worker = async (w: number) => {
    const body = bodies[w % bodies.length] as string;
    while (next < n) {
      next++;
      const t0 = performance.now();
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await res.arrayBuffer();
      into.latencies.push(performance.now() - t0);
      if (res.status !== 200) into.failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  into.seconds += (performance.now() - started) / 1000;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A fresh schema on the test PostgreSQL, so the bench never touches the tests' or earlier runs' data. */
async function pgSchema(url: string): Promise<{ url: string; jobsSchema: string; drop(): Promise<void> }> {
  const schema = `sip_bench_${randomBytes(6).toString("hex")}`;
  const jobsSchema = `${schema}_boss`; // created by pg-boss itself when it starts
  await pgAdmin(url, `CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: scoped.toString(),
    jobsSchema,
    drop: async () => void (await pgAdmin(url, `DROP SCHEMA IF EXISTS ${schema}, ${jobsSchema} CASCADE`)),
  };
}
async function pgAdmin(url: string, sql: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

interface Verdict {
  config: string;
  pass: boolean;
  lines: string[];
}

async function benchConfig(cfg: BenchConfig, connector: string, profileDir?: string): Promise<Verdict> {
  const su = `${connector}/`;
  const echo = await start("echo");
  const ours = await start("ours", cfg.env);
  const targets: Record<Bot, Target> = { echo, ours };
  const urls: Record<Bot, string> = { echo: echo.url, ours: ours.url };
  const bots: Bot[] = ["echo", "ours"];
  const bodies = SCENARIOS.map((s) => Array.from({ length: CONCURRENCY }, (_, w) => s.body(su, w)));
  const load = SCENARIOS.map(() => ({ echo: empty(), ours: empty() }));
  const seq = SCENARIOS.map(() => ({ echo: empty(), ours: empty() }));
  try {
    // Warm-up one request at a time, as a user would: a shipped server meets its first turns cold.
    for (const [i] of SCENARIOS.entries())
      for (const bot of bots) await drive(urls[bot], bodies[i] ?? [], cfg.warmup, 1, empty());
    const logBefore = ours.logBytes();
    if (profileDir) await ask(ours.child, { cmd: "profile-start" }, "profiling");
    // Interleaved rounds, the order flipping every round, so drift and noise land on both bots.
    for (let r = 0; r < ROUNDS; r++)
      for (const [i] of SCENARIOS.entries())
        for (const bot of r % 2 ? [...bots].reverse() : bots) {
          await drive(urls[bot], bodies[i] ?? [], TURNS / ROUNDS, CONCURRENCY, load[i]?.[bot] ?? empty());
          await drive(urls[bot], bodies[i] ?? [], SEQ / ROUNDS, 1, seq[i]?.[bot] ?? empty());
        }
    const file = profileDir && join(profileDir, `${cfg.name}.cpuprofile`);
    if (file) await ask(ours.child, { cmd: "profile-stop", file }, "profiled");
    const measured = SCENARIOS.length * (TURNS + SEQ);
    const rss = await ask<number>(ours.child, { cmd: "rss" }, "rss");
    const echoRss = await ask<number>(targets.echo.child, { cmd: "rss" }, "rss");
    const logPerTurn = (ours.logBytes() - logBefore) / measured;
    const verdict = report(cfg, load, seq, { rss, echoRss, logPerTurn });
    if (file) process.stdout.write(`\n${summariseProfiles(profileDir, `${cfg.name}.cpuprofile`)}\n`);
    return verdict;
  } finally {
    await Promise.all([stop(echo), stop(ours)]);
  }
}

function report(
  cfg: BenchConfig,
  load: Record<Bot, Sample>[],
  seq: Record<Bot, Sample>[],
  extra: { rss: number; echoRss: number; logPerTurn: number },
): Verdict {
  const ms = (v: number) => `${v.toFixed(2)} ms`.padStart(9);
  const x = (v: number) => `${v.toFixed(2)}×`.padStart(9);
  const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const out: string[] = [
    "",
    `=== ${cfg.name}: ${cfg.label}`,
    `${TURNS} turns per bot and scenario at ${CONCURRENCY} in flight, ${SEQ} one at a time, ` +
      `${ROUNDS} interleaved rounds after ${cfg.warmup} warm-up turns, node ${process.version}`,
    "",
    `${"scenario".padEnd(18)}${"bot".padEnd(10)}${"seq p50".padStart(9)}${"seq p99".padStart(9)}` +
      `${"load p50".padStart(9)}${"load p99".padStart(9)}${"turns/s".padStart(9)}  failures`,
  ];
  const lines: string[] = [];
  let pass = true;
  for (const [i, s] of SCENARIOS.entries()) {
    const row = (bot: Bot) => {
      const l = load[i]?.[bot] ?? empty();
      const q = seq[i]?.[bot] ?? empty();
      return {
        p50: percentile(q.latencies, 50),
        p99: percentile(q.latencies, 99),
        lp50: percentile(l.latencies, 50),
        lp99: percentile(l.latencies, 99),
        tps: l.latencies.length / l.seconds,
        failures: l.failures + q.failures,
      };
    };
    const e = row("echo");
    const o = row("ours");
    for (const [bot, r] of [
      ["echo", e],
      ["ours", o],
    ] as const)
      out.push(
        `${(bot === "echo" ? s.name : "").padEnd(18)}${bot.padEnd(10)}${ms(r.p50)}${ms(r.p99)}` +
          `${ms(r.lp50)}${ms(r.lp99)}${r.tps.toFixed(0).padStart(9)}  ${r.failures}`,
      );
    const ratio = { p50: o.p50 / e.p50, p99: o.p99 / e.p99, lp50: o.lp50 / e.lp50, lp99: o.lp99 / e.lp99 };
    const tps = o.tps / e.tps;
    out.push(
      `${"".padEnd(18)}${"ours/echo".padEnd(10)}${x(ratio.p50)}${x(ratio.p99)}${x(ratio.lp50)}${x(ratio.lp99)}${x(tps)}`,
      "",
    );
    const ok = {
      p50: ratio.p50 <= TARGETS.p50,
      p99: ratio.p99 <= TARGETS.p99,
      tps: tps >= TARGETS.throughput,
      failures: o.failures === 0,
    };
    pass &&= ok.p50 && ok.p99 && ok.tps && ok.failures;
    lines.push(
      `${s.name}: p50 ${ratio.p50.toFixed(2)}× (≤ ${TARGETS.p50}×) ${verdict(ok.p50)}, ` +
        `p99 ${ratio.p99.toFixed(2)}× (≤ ${TARGETS.p99}×) ${verdict(ok.p99)}, ` +
        `throughput ${tps.toFixed(2)}× (≥ ${TARGETS.throughput}×) ${verdict(ok.tps)}` +
        (ok.failures ? "" : `, ${o.failures} failed turns MISS`),
    );
  }
  out.push(
    "targets (latency from the one-at-a-time pass, throughput under load):",
    ...lines.map((l) => `  ${l}`),
    `ours: RSS ${mb(extra.rss)} after the run under tsx (echo ${mb(extra.echoRss)}); ` +
      `log ${extra.logPerTurn.toFixed(0)} bytes/turn to stdout`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
  return { config: cfg.name, pass, lines };
}

// ---- idle memory of the production start, `node dist/index.js` ----------------------------------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/index.js is missing or older than anything under src/. */
function ensureBuilt(root: string): string | undefined {
  const entry = join(root, "dist/index.js");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(root, "src"))) return undefined;
  process.stdout.write("\ndist/ is missing or older than src/: npm run build …\n");
  try {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    // tsc emits even with type errors; only a missing entry point stops the measurement.
    if (!existsSync(entry)) return `build failed: ${(err as Error).message.split("\n")[0]}`;
  }
  return undefined;
}

/**
 * Starts `node dist/index.js` as production would (LOG_LEVEL=info, stdout drained), waits until it
 * listens, sends a few turns so lazily loaded code is in, lets it idle, then reads its VmRSS.
 */
async function idleRss(root: string, env: Record<string, string>, connector: string): Promise<number> {
  const child = spawn(process.execPath, ["dist/index.js"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.stdout.resume();
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (c: Buffer) => {
        err += c.toString();
        const m = /listening on (http:\/\/[^/\s]+)\/api\/messages/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`dist/index.js exited with ${code}: ${err.trim()}`)));
    });
    const su = `${connector}/`;
    for (const s of SCENARIOS) await drive(url, [s.body(su, 0)], 20, 1, empty());
    await new Promise((r) => setTimeout(r, 3_000));
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    children.delete(child);
  }
}

async function rssReport(connector: string): Promise<Verdict> {
  const root = new URL("..", import.meta.url).pathname;
  const lines: string[] = [];
  let pass = true;
  const problem = ensureBuilt(root);
  if (problem) return { config: "rss", pass: false, lines: [problem] };
  const measure = async (engine: "pglite" | "postgres", what: string, env: Record<string, string>) => {
    const mb = await idleRss(root, env, connector);
    const ok = mb <= RSS_LIMITS[engine];
    pass &&= ok;
    lines.push(
      `idle RSS of node dist/index.js on ${what}: ${mb.toFixed(0)} MB (≤ ${RSS_LIMITS[engine]} MB) ${ok ? "PASS" : "MISS"}`,
    );
  };
  // PGlite twice on one DATA_DIR: the first start also runs initdb (a second WebAssembly module,
  // garbage once done but not collected by an idle process), every later start does not.
  const dir = mkdtempSync(join(tmpdir(), "sip-bench-rss-"));
  try {
    await measure("pglite", "PGlite, first start (initdb)", { DATA_DIR: join(dir, "data") });
    await measure("pglite", "PGlite, restart", { DATA_DIR: join(dir, "data") });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (PG_URL) {
    // dist/index.js puts pg-boss in "pgboss" (no setting names another): dropped afterwards only
    // when this run created it.
    const exists = async () =>
      (await pgAdmin(PG_URL, "SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss'")).length > 0;
    const hadBoss = await exists();
    const schema = await pgSchema(PG_URL);
    try {
      await measure("postgres", "PostgreSQL", { DATABASE_URL: schema.url });
    } finally {
      await schema.drop();
      if (!hadBoss && (await exists())) await pgAdmin(PG_URL, "DROP SCHEMA pgboss CASCADE");
    }
  } else lines.push("idle RSS on postgres: skipped (TEST_DATABASE_URL is not set)");
  process.stdout.write(
    `\n=== rss: node dist/index.js, LOG_LEVEL=info, after 40 turns and 3 s idle\n${lines.join("\n")}\n`,
  );
  return { config: "rss", pass, lines };
}

async function main(): Promise<void> {
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), "sip-bench-prof-")) : undefined;
  const connector = await start("connector");
  const warm = (n: number) => (Number.isFinite(WARMUP) ? WARMUP : n);
  const configs: BenchConfig[] = [
    {
      name: "memory",
      label: "PGlite in memory://, LOG_LEVEL=silent",
      env: { BENCH_DB: "memory", BENCH_LOG_LEVEL: "silent" },
      warmup: warm(300),
    },
    {
      name: "shipped",
      label: "as `npm start` ships: PGlite on disk (temp dir), LOG_LEVEL=info to stdout (drained)",
      env: { BENCH_DB: "disk", BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info" },
      warmup: warm(20),
    },
    {
      name: "postgres",
      label: "PostgreSQL (TEST_DATABASE_URL, own schema), LOG_LEVEL=info to stdout (drained)",
      env: { BENCH_DB: "postgres", BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info" },
      warmup: warm(20),
    },
  ];
  process.stdout.write(
    `SIP-lotsen vs botbuilder echo bot (targets: p50 ≤ ${TARGETS.p50}×, p99 ≤ ${TARGETS.p99}×, ` +
      `throughput ≥ ${TARGETS.throughput}× for both scenarios)\n`,
  );
  const verdicts: Verdict[] = [];
  for (const cfg of configs) {
    if (!wanted(cfg.name)) continue;
    if (cfg.name === "postgres") {
      if (!PG_URL) {
        process.stdout.write("\n=== postgres: skipped (TEST_DATABASE_URL is not set)\n");
        continue;
      }
      const schema = await pgSchema(PG_URL);
      try {
        verdicts.push(
          await benchConfig(
            {
              ...cfg,
              env: { ...cfg.env, BENCH_DATABASE_URL: schema.url, BENCH_JOBS_SCHEMA: schema.jobsSchema },
            },
            connector.url,
            profileDir,
          ),
        );
      } finally {
        await schema.drop();
      }
    } else verdicts.push(await benchConfig(cfg, connector.url, profileDir));
  }
  if (wanted("rss")) verdicts.push(await rssReport(connector.url));
  await stop(connector);

  if (verdicts.length) {
    process.stdout.write(
      `\nsummary: ${verdicts.map((v) => `${v.config} ${v.pass ? "PASS" : "MISS"}`).join(", ")}\n`,
    );
  }
  if (wanted("knowledge")) process.stdout.write(`\n${knowledgeReport()}`);
  if (profileDir)
    process.stdout.write(`\nCPU profiles (steady state, open in Chrome DevTools): ${profileDir}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  for (const child of children) child.kill();
  process.exitCode = 1;
});
