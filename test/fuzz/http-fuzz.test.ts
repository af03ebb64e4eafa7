import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ActivityTypes } from "botbuilder";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looksLikePersonnummer } from "../../src/bot/pnr-guard.js";
import { ActivityEnvelopeSchema } from "../../src/http/activity.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";
import { fuzzCase, type FuzzCase } from "./cases.js";
import { INVALID_SERVICE_URLS } from "./junk.js";
import { judge, type Judgement, type Outcome } from "./oracle.js";

/**
 * 10,000 generated malformed activities and card payloads POSTed to the real server (express,
 * adapter, Application, PGlite in memory), replies going to a local fake connector. Cases come
 * from fast-check with a fixed seed, in batches (batch b uses seed SEED + b), so a failure names
 * a case that `fc.sample(fuzzCase(serviceUrl), { seed: SEED + b, numRuns: BATCH })[i]` rebuilds.
 */
const SEED = 20_261_126;
const TOTAL = 10_000;
const BATCH = 500; // cases held in memory at once; some carry ~1 MB bodies
const WARMUP_BATCHES = 2;
const CONCURRENCY = 16;
const HEAP_GROWTH_LIMIT = 30 * 1024 * 1024;
const SAMPLES_PER_RULE = 3;

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let server: Awaited<ReturnType<typeof startTestServer>>;

interface Sample {
  case: string;
  family: string;
  body: string;
  detail: string;
}
const violations = new Map<string, { count: number; samples: Sample[] }>();
const families = new Map<string, number>();
const statuses = new Map<number | string, number>();
const rules = new Map<string, number>();
const turnErrors = new Map<string, number>();
const pnrLogLines: string[] = [];
const heap = { atStart: 0, afterWarmup: 0, afterAll: 0 };
let sent = 0;
let seconds = 0;

// Every HTTP request the process makes (the bot's replies included): none may leave 127.0.0.1.
const outbound = { toLocalhost: 0, foreign: new Set<string>() };
const onClientRequest = (message: unknown) => {
  const host = (message as { request?: { host?: string } }).request?.host ?? "?";
  if (host === "127.0.0.1") outbound.toLocalhost++;
  else outbound.foreign.add(host);
};

/** global.gc when vitest runs with --expose-gc; otherwise the V8 flag set at run time gives it. */
function gcFunction(): () => void {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function send(c: FuzzCase): Promise<Outcome> {
  try {
    const res = await fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: c.contentType ? { "content-type": c.contentType } : {},
      body: c.body,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

function record(id: string, c: FuzzCase, outcome: Outcome, { rule, violations: found }: Judgement): void {
  rules.set(rule, (rules.get(rule) ?? 0) + 1);
  const family = c.family.split(".")[0] ?? c.family;
  families.set(family, (families.get(family) ?? 0) + 1);
  const status = "status" in outcome ? outcome.status : "error";
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  for (const v of found) {
    const entry = violations.get(v.rule) ?? { count: 0, samples: [] };
    entry.count++;
    if (entry.samples.length < SAMPLES_PER_RULE)
      entry.samples.push({ case: id, family: c.family, body: c.body.slice(0, 300), detail: v.detail });
    violations.set(v.rule, entry);
  }
}

/** Counts the turn errors the server logged, then drops the kept log lines and connector calls. */
function drainLogs(): void {
  for (const line of server.logLines.splice(0)) {
    const entry = JSON.parse(line) as { event?: string; activityType?: string; err?: string; time?: number };
    delete entry.time; // a timestamp is no personnummer
    if (looksLikePersonnummer(JSON.stringify(entry)) && pnrLogLines.length < SAMPLES_PER_RULE)
      pnrLogLines.push(JSON.stringify(entry).slice(0, 300));
    if (entry.event === "turn_error" || entry.event === "http_error") {
      // One class per error: the offending value and an unknown activity type are left out.
      const err = (entry.err ?? "").replace(/with value [\s\S]*? must be/, "with value … must be");
      const type = KNOWN_TYPES.has(entry.activityType ?? "") ? entry.activityType : "(other type)";
      const key = `${entry.event} ${type}: ${err.slice(0, 100)}`;
      turnErrors.set(key, (turnErrors.get(key) ?? 0) + 1);
    }
  }
  connector.clear();
}

async function runBatch(b: number): Promise<void> {
  const cases = fc.sample(fuzzCase(connector.serviceUrl), { seed: SEED + b, numRuns: BATCH });
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i] as FuzzCase;
      const outcome = await send(c);
      record(`batch ${b} #${i}`, c, outcome, judge(c, outcome));
      sent++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  drainLogs();
}

beforeAll(async () => {
  // The generators rely on these being refused at the edge: then nothing is ever sent to them.
  const accepted = INVALID_SERVICE_URLS.filter(
    (u) => ActivityEnvelopeSchema.shape.serviceUrl.safeParse(u).success,
  );
  if (accepted.length) throw new Error(`serviceUrls the edge accepts: ${accepted.join(", ")}`);
  subscribe("http.client.request.start", onClientRequest);
  connector = await startFakeConnector();
  server = await startTestServer();
  const gc = gcFunction();
  heap.atStart = await settledHeap(gc);
  const started = performance.now();
  const batches = TOTAL / BATCH;
  for (let b = 0; b < WARMUP_BATCHES; b++) await runBatch(b);
  heap.afterWarmup = await settledHeap(gc);
  for (let b = WARMUP_BATCHES; b < batches; b++) await runBatch(b);
  heap.afterAll = await settledHeap(gc);
  seconds = (performance.now() - started) / 1000;
  console.error(summary());
}, 240_000);

afterAll(async () => {
  unsubscribe("http.client.request.start", onClientRequest);
  await server?.close();
  await connector?.close();
});

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
function summary(): string {
  const lines = [
    `fuzz: ${sent} requests in ${seconds.toFixed(1)} s (seed ${SEED}, ${CONCURRENCY} in flight)`,
    `families: ${JSON.stringify(Object.fromEntries(families))}`,
    `statuses: ${JSON.stringify(Object.fromEntries(statuses))}`,
    `held to: ${JSON.stringify(Object.fromEntries(rules))}`,
    `bot → connector requests: ${outbound.toLocalhost}, to other hosts: ${outbound.foreign.size}`,
    `heapUsed at start ${mb(heap.atStart)}, after warm-up ${mb(heap.afterWarmup)}, after all ${mb(heap.afterAll)}`,
    ...[...turnErrors]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, n]) => `logged ${n}× ${k}`),
    `(${turnErrors.size} classes of turn error in all)`,
    ...[...violations].map(([rule, v]) => `VIOLATION ${v.count}× ${rule}`),
  ];
  return lines.join("\n");
}

/** The broken rules whose name matches, with their counts and first samples. */
function broken(match: (rule: string) => boolean) {
  return Object.fromEntries([...violations].filter(([rule]) => match(rule)));
}

describe(`HTTP fuzz: ${TOTAL} malformed requests against the real server`, () => {
  it("sent every case and the server still answers /healthz", async () => {
    expect(sent).toBe(TOTAL);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(broken((r) => r === "no HTTP response")).toEqual({});
  });

  it("sent the bot's replies to the fake connector and to no other host", () => {
    expect(outbound.toLocalhost).toBeGreaterThan(0);
    expect([...outbound.foreign]).toEqual([]);
  });

  it("never answers with a 5xx", () => {
    expect(broken((r) => r.startsWith("HTTP 5"))).toEqual({});
  });

  it("answers broken JSON and non-object JSON with 400, bodies over 256 kB with 413, bad envelopes with 400, other types and charsets with 415", () => {
    expect(broken((r) => /→ 4\d\d$/.test(r))).toEqual({});
  });

  it("answers every Action.Execute with a valid envelope with HTTP 200 and a card (or a message for open)", () => {
    expect(broken((r) => !r.startsWith("HTTP ") && !/→ 4\d\d$/.test(r) && r !== "no HTTP response")).toEqual(
      {},
    );
  });

  it("turns no activity the edge accepted into an exception deep in a turn (turn_error)", () => {
    expect(Object.fromEntries(turnErrors)).toEqual({});
  });

  it("never writes a personnummer-shaped string to the log", () => {
    expect(pnrLogLines).toEqual([]);
  });

  it(`keeps the heap flat: growth after warm-up under ${mb(HEAP_GROWTH_LIMIT)}`, () => {
    expect(heap.afterWarmup).toBeGreaterThan(0);
    expect(heap.afterAll - heap.afterWarmup).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});
