import PgBoss from "pg-boss";
import type { Db } from "../store/db.js";
import { jobId } from "./job-id.js";
import { dbAdapter, txAdapter, type Tx } from "./sql-adapter.js";
import { QueueWorker, type JobHandler, type JobsLogger, type Envelope } from "./worker.js";

export { jobId } from "./job-id.js";
export type { Job, JobHandler, JobsLogger } from "./worker.js";
export type { Tx } from "./sql-adapter.js";

/**
 * Durable jobs for the whole app: pg-boss 10 on the app's own database (PGlite or PostgreSQL, one
 * code path through an `executeSql` adapter over `Db`), in pg-boss's own schema. Every instance works
 * every queue; pg-boss claims jobs with FOR UPDATE SKIP LOCKED, so each attempt runs on one instance.
 * Delivery is at least once: a job whose instance dies mid-run is retried after `expireInSeconds`,
 * so handlers must be idempotent (or record what they did in the same transaction as their effect).
 *
 * Moving schedules: cancel(queue, oldKey) and send(queue, data, { key: newKey, startAfter }) in the
 * same transaction as the domain row, with the due time in the key (a key names one execution).
 */
export interface Jobs {
  /** Creates the queue, or updates its settings; safe on every start of every instance. */
  define(queue: string, settings: QueueSettings): Promise<void>;
  /**
   * Queues a job whose id is `jobId(queue, key)`: a second send with the same key is a no-op
   * (`created: false`). With `tx` the job is inserted in that transaction and rolls back with it.
   * On PGlite, inside `db.transaction` pass its `tx`: a send outside it would wait for it for ever.
   */
  send(queue: string, data: unknown, opts: SendOptions, tx?: Tx): Promise<{ id: string; created: boolean }>;
  /**
   * Queues many jobs in one statement (a backlog of due reminders), each as `send` would: its id
   * from its key, an existing one left alone; due now.
   */
  sendMany(queue: string, jobs: readonly { data: unknown; key: string }[], tx?: Tx): Promise<void>;
  /** Works the queue on this instance until stop(). A throw fails the attempt (retry or dead letter). */
  work<T>(queue: string, handler: JobHandler<T>, opts?: WorkOptions<T>): void;
  /** Removes the job if it has not started (waiting or between retries); true when one was removed. */
  cancel(queue: string, key: string, tx?: Tx): Promise<boolean>;
  /**
   * Stops claiming jobs, waits up to `graceMs` for running ones (those still running are failed so
   * another instance retries them), then for pg-boss's own queries. Call it before db.close().
   */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

export interface QueueSettings {
  /** Retries after the first attempt; the job fails (and is dead-lettered) after retryLimit + 1 runs. */
  retryLimit: number;
  /** Seconds before a retry; with backoff, the base of an exponential, jittered delay (≥ 1 s). */
  retryDelay: number;
  retryBackoff: boolean;
  /** A run that takes longer is failed (and retried); also how long a crashed instance holds a job. */
  expireInSeconds: number;
  /** Queue that receives a copy of a job that failed for good; created here if it does not exist. */
  deadLetter?: string;
}

export interface SendOptions {
  /** What makes the job unique in its queue (a reminder id and due time, a delivery id …). */
  key: string;
  startAfter?: Date;
}

export interface WorkOptions<T> {
  /** Jobs of this queue run at once on this instance; default 1. */
  concurrency?: number;
  /** Validates the job's data (a zod schema's `parse`); a throw fails the attempt. */
  parse?: (data: unknown) => T;
  /** Jobs claimed per fetch; default 1. For many short jobs: on PGlite a fetch costs more than one. */
  batchSize?: number;
}

export interface JobsOptions {
  /** pg-boss's schema; default "pgboss". Tests give each run its own. */
  schema?: string;
  /** How long an idle worker waits before looking again (ms); a send on this instance wakes it. */
  pollIntervalMs?: number;
  /** How often (s, ≥ 1) one instance fails expired jobs and archives finished ones. */
  maintenanceIntervalSeconds?: number;
  /** How long a finished job stays in pgboss.job, and so how long its key stays taken (s). */
  archiveCompletedAfterSeconds?: number;
}

/** unique_violation, duplicate_schema, duplicate_object, deadlock_detected. */
const RACE_CODES = new Set(["23505", "42P06", "42710", "40P01"]);

export const JOBS_DEFAULTS = {
  schema: "pgboss",
  pollIntervalMs: 2_000,
  // Expiry is only noticed here, so this bounds how late a crashed instance's job is retried.
  maintenanceIntervalSeconds: 30,
  archiveCompletedAfterSeconds: 12 * 60 * 60,
} satisfies Required<JobsOptions>;

/** Starts pg-boss on `db` (installing or migrating its schema) and returns the app's job API. */
export async function startJobs(db: Db, logger: JobsLogger, opts: JobsOptions = {}): Promise<Jobs> {
  const o = { ...JOBS_DEFAULTS, ...opts };
  const adapter = dbAdapter(db);
  const create = () => {
    const b = new PgBoss({
      db: adapter,
      schema: o.schema,
      migrate: true,
      supervise: true,
      schedule: false, // no cron queues: schedules are jobs with startAfter
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds,
      archiveCompletedAfterSeconds: o.archiveCompletedAfterSeconds,
    });
    b.on("error", (err: Error) =>
      logger.error(
        { event: "jobs.error", err: err.name, code: (err as { code?: unknown }).code },
        "jobs.error",
      ),
    );
    return b;
  };
  let boss = create();
  try {
    await boss.start();
  } catch (err) {
    // Instances installing pg-boss's schema at the same moment: its advisory lock serialises them,
    // but the loser can still trip over the winner's objects (a duplicate key in pg_namespace). By
    // now the schema is there; a fresh PgBoss (a failed one cannot start again) finds it installed.
    if (!RACE_CODES.has(String((err as { code?: unknown }).code))) throw err;
    boss = create();
    await boss.start();
  }

  const workers: QueueWorker<unknown>[] = [];
  let stopping: Promise<void> | undefined;
  const cancelSql = `DELETE FROM ${o.schema}.job WHERE name = $1 AND id = $2 AND state < 'active' RETURNING id`;
  // Claimed at shutdown but never started: back as they were, so no attempt is counted (pg-boss
  // counts a retry when a job with started_on is fetched again).
  const releaseSql = `UPDATE ${o.schema}.job SET state = 'created', started_on = NULL
    WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`;

  return {
    async define(queue, s) {
      const settings = { name: queue, ...s, policy: "standard" as const };
      await retryDeadlocks(async () => {
        if (s.deadLetter) await boss.createQueue(s.deadLetter); // keeps its settings if it exists
        await boss.createQueue(queue, settings);
        await boss.updateQueue(queue, settings);
      });
    },

    async send(queue, data, { key, startAfter }, tx) {
      const id = jobId(queue, key);
      const envelope: Envelope = { queue, key, data };
      const created = await boss.send(queue, envelope, {
        id,
        ...(startAfter ? { startAfter } : {}),
        ...(tx ? { db: txAdapter(tx) } : {}),
      });
      // Before the commit the job is invisible, so only a send outside a transaction wakes workers.
      if (created && !tx && (!startAfter || startAfter.getTime() <= Date.now())) {
        for (const w of workers) if (w.queue === queue) w.wake();
      }
      return { id, created: created !== null };
    },

    async sendMany(queue, items, tx) {
      if (!items.length) return;
      const rows = items.map(({ data, key }) => {
        const envelope: Envelope = { queue, key, data };
        return { id: jobId(queue, key), name: queue, data: envelope };
      });
      await boss.insert(rows, tx ? { db: txAdapter(tx) } : {});
      if (!tx) for (const w of workers) if (w.queue === queue) w.wake();
    },

    work<T>(queue: string, handler: JobHandler<T>, w: WorkOptions<T> = {}) {
      if (stopping) throw new Error("jobs are stopped");
      const worker = new QueueWorker<T>(
        boss,
        queue,
        handler,
        {
          concurrency: w.concurrency ?? 1,
          idleMs: o.pollIntervalMs,
          ...(w.parse ? { parse: w.parse } : {}),
          batchSize: w.batchSize ?? 1,
          release: async (ids) => void (await db.query(releaseSql, [queue, ids])),
        },
        logger,
      );
      workers.push(worker as QueueWorker<unknown>);
      worker.start();
    },

    async cancel(queue, key, tx) {
      if (stopping) throw new Error("jobs are stopped");
      const rows = await (tx ?? db).query(cancelSql, [queue, jobId(queue, key)]);
      return rows.length > 0;
    },

    stop({ graceMs = 10_000 } = {}) {
      stopping ??= (async () => {
        const deadline = Date.now() + graceMs;
        await Promise.all(workers.map((w) => w.stop(deadline)));
        await boss.stop({ graceful: false, close: false, wait: true });
        // A maintenance round may be under way; db.close() must not pull the connection from under it.
        await adapter.close(Math.max(250, deadline - Date.now()));
      })();
      return stopping;
    },
  };
}

/**
 * Instances that start together create the same queue at once; pg-boss's create_queue (insert the
 * queue row, then create and attach its partition) can deadlock against itself. PostgreSQL aborts
 * one side, and that side's second try finds the queue made.
 */
async function retryDeadlocks(fn: () => Promise<void>, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !RACE_CODES.has(String((err as { code?: unknown }).code))) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 100 * i));
    }
  }
}
