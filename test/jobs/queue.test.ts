import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../src/jobs/queue.js";
import { jobId } from "../../src/jobs/job-id.js";
import {
  dropSchema,
  engines,
  jobsSandbox,
  postgresUrl,
  states,
  waitFor,
  type JobsSandbox,
} from "./sandbox.js";

const settings = { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 30 };

describe.each(engines)("jobs on $name", (engine) => {
  // One database per engine (a PGlite takes seconds to open on a busy machine); every test uses
  // its own queue names and its own Jobs instances, stopped after it.
  let shared: JobsSandbox | undefined;
  beforeAll(async () => {
    shared = await jobsSandbox(engine);
  });
  afterEach(() => shared?.stopAll());
  afterAll(() => shared?.dispose());
  const setup = async () => {
    if (!shared) throw new Error("no sandbox");
    return { box: shared, jobs: await shared.start() };
  };

  it("runs a job sent twice with the same key once", async () => {
    const { box, jobs } = await setup();
    await jobs.define("once", settings);
    const first = await jobs.send("once", { n: 1 }, { key: "a" });
    const second = await jobs.send("once", { n: 2 }, { key: "a" });
    expect(first).toEqual({ id: jobId("once", "a"), created: true });
    expect(second).toEqual({ id: jobId("once", "a"), created: false });
    await jobs.send("once", { n: 3 }, { key: "b" });

    const seen: string[] = [];
    jobs.work<{ n: number }>("once", async (job) => {
      seen.push(`${job.key}:${job.data.n}`);
    });
    await waitFor(
      "both jobs completed",
      async () => (await states(box.db, box.schema, "once")).completed === 2,
    );
    expect(seen.sort()).toEqual(["a:1", "b:3"]);
    // The finished job still holds its id, so a late duplicate is still refused.
    expect((await jobs.send("once", {}, { key: "a" })).created).toBe(false);
  });

  it("queues many at once as send does: one job per key, an existing key left alone", async () => {
    const { box, jobs } = await setup();
    await jobs.define("many", { ...settings, deadLetter: "many-dead" });
    await jobs.send("many", { n: 0 }, { key: "k0" });
    const items = Array.from({ length: 250 }, (_, n) => ({ data: { n }, key: `k${n}` }));
    await jobs.sendMany("many", items);
    await jobs.sendMany("many", items.slice(0, 10)); // again: nothing new
    const seen: string[] = [];
    jobs.work<{ n: number }>("many", async (job) => void seen.push(job.key));
    await waitFor("all completed", async () => (await states(box.db, box.schema, "many")).completed === 250);
    expect(new Set(seen).size).toBe(250);
    const [row] = await box.db.query<{ id: string; dead_letter: string }>(
      `SELECT id, dead_letter FROM ${box.schema}.job WHERE id = $1`,
      [jobId("many", "k7")],
    );
    expect(row).toEqual({ id: jobId("many", "k7"), dead_letter: "many-dead" });
  });

  it("drops a job sent in a transaction that rolls back, keeps one that commits", async () => {
    const { box, jobs } = await setup();
    await jobs.define("tx", settings);
    const count = async (key: string) =>
      (
        await box.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${box.schema}.job WHERE id = $1`, [
          jobId("tx", key),
        ])
      )[0]?.n;

    const rolledBack = box.db.transaction(async (tx) => {
      await jobs.send("tx", {}, { key: "gone" }, tx);
      const inside = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${box.schema}.job WHERE id = $1`,
        [jobId("tx", "gone")],
      );
      expect(inside[0]?.n).toBe(1); // inserted inside this transaction …
      throw new Error("roll back");
    });
    await expect(rolledBack).rejects.toThrow("roll back");
    expect(await count("gone")).toBe(0); // … and gone with it

    await box.db.transaction((tx) => jobs.send("tx", {}, { key: "kept" }, tx));
    expect(await count("kept")).toBe(1);
    const ran: string[] = [];
    jobs.work("tx", async (job) => void ran.push(job.key));
    await waitFor("the committed job ran", () => ran.length === 1);
    expect(ran).toEqual(["kept"]);
  });

  it("retries a handler that throws twice, with growing backoff, then completes", async () => {
    const { box, jobs } = await setup();
    await jobs.define("flaky", { ...settings, retryLimit: 2, retryDelay: 1, retryBackoff: true });
    await jobs.send("flaky", {}, { key: "k" });
    const runs: { at: number; retryCount: number; failure?: string }[] = [];
    jobs.work("flaky", async (job) => {
      runs.push({ at: Date.now(), retryCount: job.retryCount, failure: job.failure });
      if (runs.length < 3) throw new Error(`boom ${runs.length}`);
    });
    await waitFor("completion", async () => (await states(box.db, box.schema, "flaky")).completed === 1);
    expect(runs.map((r) => [r.retryCount, r.failure])).toEqual([
      [0, undefined],
      [1, "boom 1"],
      [2, "boom 2"],
    ]);
    // pg-boss's backoff: retryDelay · 2^(n-1) · (1 + random) seconds before retry n.
    const [a, b, c] = runs.map((r) => r.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(900);
    expect(c - b).toBeGreaterThanOrEqual(1_900);
  });

  it("fails a job that always throws and hands it to the dead-letter handler once", async () => {
    const { box, jobs } = await setup();
    await jobs.define("dead", { ...settings, retryLimit: 0 });
    await jobs.define("doomed", { ...settings, retryLimit: 1, deadLetter: "dead" });
    await jobs.send("doomed", { caseCode: "X1" }, { key: "k1" });
    let attempts = 0;
    jobs.work("doomed", async () => {
      attempts++;
      throw new Error("partner unreachable");
    });
    const dead: Job<unknown>[] = [];
    jobs.work("dead", async (job) => void dead.push(job));

    await waitFor("the dead letter", () => dead.length === 1);
    await waitFor(
      "the dead letter completed",
      async () => (await states(box.db, box.schema, "dead")).completed === 1,
    );
    expect(await states(box.db, box.schema, "doomed")).toEqual({ failed: 1 });
    expect(attempts).toBe(2);
    expect(dead[0]).toMatchObject({
      origin: "doomed",
      key: "k1",
      data: { caseCode: "X1" },
      failure: "partner unreachable",
    });
    // The failed job is final, so nothing can dead-letter it again.
    expect(await states(box.db, box.schema, "dead")).toEqual({ completed: 1 });
  });

  it("cancels a waiting job, which frees its key", async () => {
    const { box, jobs } = await setup();
    await jobs.define("later", settings);
    const tomorrow = new Date(Date.now() + 86_400_000);
    await jobs.send("later", {}, { key: "r1", startAfter: tomorrow });
    expect(await jobs.cancel("later", "r1")).toBe(true);
    expect(await jobs.cancel("later", "r1")).toBe(false);
    expect(await states(box.db, box.schema, "later")).toEqual({});
    expect((await jobs.send("later", {}, { key: "r1", startAfter: tomorrow })).created).toBe(true);
  });

  it("defines queues idempotently and applies changed settings on restart", async () => {
    const { box, jobs } = await setup();
    const other = await box.start(await box.second());
    await Promise.all([jobs.define("q", settings), other.define("q", settings)]);
    await other.define("q", { ...settings, retryLimit: 5, expireInSeconds: 60 });
    const rows = await box.db.query<{ retry_limit: number; expire_seconds: number }>(
      `SELECT retry_limit, expire_seconds FROM ${box.schema}.queue WHERE name = 'q'`,
    );
    expect(rows).toEqual([{ retry_limit: 5, expire_seconds: 60 }]);
  });

  it("retries, after it expires, a job that a dead instance left active", async () => {
    const { box, jobs } = await setup();
    await jobs.define("orphan", { ...settings, expireInSeconds: 1 });
    await jobs.send("orphan", {}, { key: "o", startAfter: new Date(Date.now() + 86_400_000) });
    // What a SIGKILLed instance leaves behind: claimed (active), started, never settled.
    await box.db.query(
      `UPDATE ${box.schema}.job SET state = 'active', started_on = now() - interval '1 minute' WHERE name = $1`,
      ["orphan"],
    );
    const runs: number[] = [];
    jobs.work("orphan", async (job) => void runs.push(job.retryCount));
    // Maintenance (pg-boss's own BEGIN … COMMIT script, through exec) fails it into a retry.
    await waitFor("the orphan to run", () => runs.length === 1);
    expect(runs).toEqual([1]);
  });

  it("starts two instances at once on a database without pg-boss's schema", async () => {
    const { box } = await setup();
    const schema = `${box.schema}_race`;
    try {
      const [a, b] = await Promise.all([
        box.start(box.db, { schema }),
        box.start(await box.second(), { schema }),
      ]);
      await a.define("race", settings);
      expect((await b.send("race", {}, { key: "x" })).created).toBe(true);
      await a.stop();
      await b.stop();
    } finally {
      if (postgresUrl && engine.name === "postgres") await dropSchema(postgresUrl, schema);
    }
  });

  it("stop() waits for a running job, then lets the database close", async () => {
    const { box, jobs } = await setup();
    await jobs.define("slow", settings);
    await jobs.send("slow", {}, { key: "s" });
    const events: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    jobs.work("slow", async () => {
      events.push("started");
      await gate;
      events.push("handler done");
    });
    await waitFor("the job to start", () => events.includes("started"));
    const stopped = jobs.stop({ graceMs: 10_000 }).then(() => events.push("stopped"));
    // Time for a stop() that did not wait to resolve; the job holds it.
    await new Promise((r) => setTimeout(r, 200));
    release();
    await stopped;
    expect(events).toEqual(["started", "handler done", "stopped"]);
    expect(await states(box.db, box.schema, "slow")).toEqual({ completed: 1 });
    await expect(jobs.send("slow", {}, { key: "after" })).rejects.toThrow("jobs are stopped");
  });

  it("stop() gives up on a hung job after graceMs and hands it back for a retry", async () => {
    const { box, jobs } = await setup();
    await jobs.define("hung", settings);
    await jobs.send("hung", {}, { key: "h" });
    let started = false;
    jobs.work("hung", () => {
      started = true;
      return new Promise<void>(() => {});
    });
    await waitFor("the job to start", () => started);
    const t0 = Date.now();
    await jobs.stop({ graceMs: 300 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await states(box.db, box.schema, "hung")).toEqual({ retry: 1 });
  });

  it("claims a batch, completes what ran, and on stop hands back the unstarted ones uncounted", async () => {
    const { box, jobs } = await setup();
    await jobs.define("batched", settings);
    for (const key of ["a", "b", "c", "d", "e"]) await jobs.send("batched", { key }, { key });
    const ran: string[] = [];
    // The second job hangs: the batch's other three wait behind it in this one loop.
    jobs.work<{ key: string }>(
      "batched",
      (job) => {
        ran.push(job.key);
        return ran.length === 2 ? new Promise<void>(() => {}) : Promise.resolve();
      },
      { batchSize: 5 },
    );
    await waitFor("the second job to start", () => ran.length === 2);
    await jobs.stop({ graceMs: 200 });
    expect(ran).toHaveLength(2);
    // The first is completed, the hung one failed for a retry, three are back as they were.
    expect(await states(box.db, box.schema, "batched")).toEqual({ completed: 1, retry: 1, created: 3 });
    const counted = await box.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${box.schema}.job WHERE name = 'batched' AND state = 'created'
         AND retry_count = 0 AND started_on IS NULL`,
    );
    expect(counted[0]?.n).toBe(3);
  });

  it("two instances work 1,000 jobs, each exactly once", async () => {
    const { box, jobs: a } = await setup();
    const dbB = await box.second();
    const b = await box.start(dbB);
    await box.db.exec("CREATE TABLE handled (key text NOT NULL, worker text NOT NULL)");
    await a.define("bulk", settings);
    const keys = Array.from({ length: 1_000 }, (_, i) => `job-${i}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => a.send("bulk", { key }, { key })));
    }
    for (const [name, jobs, db] of [
      ["a", a, box.db],
      ["b", b, dbB],
    ] as const) {
      jobs.work(
        "bulk",
        async (job) =>
          void (await db.query("INSERT INTO handled (key, worker) VALUES ($1, $2)", [job.key, name])),
        { concurrency: 4 },
      );
    }
    await waitFor(
      "all jobs completed",
      async () => (await states(box.db, box.schema, "bulk")).completed === 1_000,
      45_000,
    );
    const [total] = await box.db.query<{ n: number; distinct_keys: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT key)::int AS distinct_keys FROM handled",
    );
    expect(total).toEqual({ n: 1_000, distinct_keys: 1_000 });
    const perWorker = await box.db.query<{ worker: string; n: number }>(
      "SELECT worker, count(*)::int AS n FROM handled GROUP BY worker ORDER BY worker",
    );
    expect(perWorker.map((r) => r.worker)).toEqual(["a", "b"]); // both instances took part
  });
});
