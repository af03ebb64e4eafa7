import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERBS } from "../src/cards/verbs.js";
import { execute, message } from "../test/helpers/activities.js";
import { summariseProfiles } from "./profile.js";
import { VALID_ASSESS } from "../test/fixtures/forms.js";
import { knowledgeReport } from "./knowledge.js";
import type { TargetKind } from "./targets.js";

/**
 * Our bot against the smallest botbuilder echo bot, in one run: same machine, same connector,
 * same turns, rounds interleaved so that machine noise hits both. Prints; never fails on a miss.
 *
 *   npm run bench -- [--turns=2000] [--seq=400] [--concurrency=8] [--rounds=10] [--profile]
 * BENCH_DATA=disk puts our PGlite in a temp directory instead of memory://.
 */
const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
};
const TURNS = arg("turns", 2000); // per bot and scenario, under load
const SEQ = arg("seq", 400); // per bot and scenario, one request in flight
const CONCURRENCY = arg("concurrency", 8);
const ROUNDS = arg("rounds", 10);
const WARMUP = arg("warmup", 300);
const PROFILE = process.argv.includes("--profile");
const TARGETS = { p50: 1.5, p99: 2, throughput: 0.5 };

const children: ChildProcess[] = [];
async function start(kind: TargetKind, execArgv: string[] = []): Promise<string> {
  const child = fork(new URL("./targets.ts", import.meta.url), [kind], {
    execArgv: ["--import", "tsx", ...execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`${kind} exited with ${code} before it listened`)));
  });
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

async function main(): Promise<void> {
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), "sip-bench-prof-")) : undefined;
  const connector = await start("connector");
  const su = `${connector}/`;
  const urls: Record<Bot, string> = {
    echo: await start("echo"),
    ours: await start("ours", profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
  };
  const bots: Bot[] = ["echo", "ours"];
  const bodies = SCENARIOS.map((s) => Array.from({ length: CONCURRENCY }, (_, w) => s.body(su, w)));
  const load = SCENARIOS.map(() => ({ echo: empty(), ours: empty() }));
  const seq = SCENARIOS.map(() => ({ echo: empty(), ours: empty() }));

  for (const [i] of SCENARIOS.entries())
    for (const bot of bots) await drive(urls[bot], bodies[i] ?? [], WARMUP, CONCURRENCY, empty());
  // Interleaved rounds, the order flipping every round, so drift and noise land on both bots.
  for (let r = 0; r < ROUNDS; r++)
    for (const [i] of SCENARIOS.entries())
      for (const bot of r % 2 ? [...bots].reverse() : bots) {
        await drive(urls[bot], bodies[i] ?? [], TURNS / ROUNDS, CONCURRENCY, load[i]?.[bot] ?? empty());
        await drive(urls[bot], bodies[i] ?? [], SEQ / ROUNDS, 1, seq[i]?.[bot] ?? empty());
      }

  report(load, seq);
  for (const child of children) child.disconnect();
  await Promise.all(children.map((c) => new Promise((resolve) => c.once("exit", resolve))));
  if (profileDir) process.stdout.write(`\n${summariseProfiles(profileDir)}\n`);
  process.stdout.write(knowledgeReport());
}

function report(load: Record<Bot, Sample>[], seq: Record<Bot, Sample>[]): void {
  const ms = (v: number) => `${v.toFixed(2)} ms`.padStart(9);
  const x = (v: number) => `${v.toFixed(2)}×`.padStart(9);
  const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
  const out: string[] = [
    `SIP-lotsen vs botbuilder echo bot — ${TURNS} turns per bot and scenario at ${CONCURRENCY} in flight, ` +
      `${SEQ} one at a time, ${ROUNDS} interleaved rounds, node ${process.version}`,
    "",
    `${"scenario".padEnd(18)}${"bot".padEnd(10)}${"seq p50".padStart(9)}${"seq p99".padStart(9)}` +
      `${"load p50".padStart(9)}${"load p99".padStart(9)}${"turns/s".padStart(9)}  failures`,
  ];
  const verdicts: string[] = [];
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
    verdicts.push(
      `${s.name}: p50 ${ratio.p50.toFixed(2)}× (≤ ${TARGETS.p50}×) ${verdict(ratio.p50 <= TARGETS.p50)}, ` +
        `p99 ${ratio.p99.toFixed(2)}× (≤ ${TARGETS.p99}×) ${verdict(ratio.p99 <= TARGETS.p99)}, ` +
        `throughput ${tps.toFixed(2)}× (≥ ${TARGETS.throughput}×) ${verdict(tps >= TARGETS.throughput)}`,
    );
  }
  out.push("targets (latency from the one-at-a-time pass, throughput under load):", ...verdicts);
  process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  for (const child of children) child.kill();
  process.exitCode = 1;
});
