import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import { z } from "zod";
import { observeJob } from "../telemetry/signals.js";

/** What every job carries in pg-boss's `data`; a dead-letter copy keeps it, so its handler knows the origin. */
export const Envelope = z.object({ queue: z.string(), key: z.string(), data: z.unknown() });
export type Envelope = z.infer<typeof Envelope>;

/** One fetched row (`includeMetadata`); numeric columns arrive as strings from pg, numbers from PGlite. */
const FetchedJob = z.object({
  id: z.string(),
  data: Envelope,
  retryCount: z.coerce.number(),
  expireInSeconds: z.coerce.number(),
  output: z.object({ message: z.unknown().optional() }).passthrough().nullish(),
});

export interface Job<T> {
  id: string;
  /** The queue the job was sent to: for a dead letter, the queue where it failed. */
  origin: string;
  key: string;
  data: T;
  /** Earlier attempts of this job (0 on the first run). */
  retryCount: number;
  /** Message of the last failure: the cause, for a dead letter; the previous attempt's, on a retry. */
  failure?: string;
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface WorkerSettings<T> {
  concurrency: number;
  idleMs: number;
  parse?: (data: unknown) => T;
  /** Jobs claimed per fetch (default 1): on PGlite a fetch costs more than a short job. */
  batchSize?: number;
  /** Puts claimed jobs that never started back, as they were (no retry counted). */
  release?: (ids: string[]) => Promise<void>;
}

export type JobsLogger = Pick<Logger, "warn" | "error">;

/**
 * `concurrency` loops that each claim one job, run it, and settle it (complete or fail) before
 * claiming the next. Unlike pg-boss's own `work()`, a loop fetches again at once while jobs are
 * waiting (pg-boss sleeps a polling interval after every batch), awaits complete/fail (pg-boss does
 * not, so a database error there would be an unhandled rejection) and sleeps only when idle.
 */
export class QueueWorker<T> {
  readonly #loops: Promise<void>[] = [];
  /** Claimed jobs: `done` once the handler has returned and only the settling query is left. */
  readonly #running = new Map<string, { done: boolean; abandoned: boolean }>();
  readonly #wakers = new Set<() => void>();
  /** Claimed in a batch and not started yet: released, not failed, when stopping. */
  readonly #waiting = new Set<unknown>();
  /** Succeeded, to be completed with their batch (one query for all). */
  readonly #finished = new Set<string>();
  /** An idle loop is waiting with a poll timer. */
  #polling = false;
  #stopping = false;

  constructor(
    private readonly boss: PgBoss,
    readonly queue: string,
    private readonly handler: JobHandler<T>,
    private readonly settings: WorkerSettings<T>,
    private readonly logger: JobsLogger,
  ) {}

  start(): void {
    for (let i = 0; i < this.settings.concurrency; i++) this.#loops.push(this.#loop());
  }

  /** Ends the idle sleeps: a job was just sent, or we are stopping. */
  wake(): void {
    for (const w of [...this.#wakers]) w();
  }

  /**
   * Stops claiming jobs and waits for the running ones until `deadline` (epoch ms). Jobs still
   * running then are failed, so another instance retries them now instead of after they expire;
   * their handlers' late results are ignored.
   */
  async stop(deadline: number): Promise<void> {
    this.#stopping = true;
    this.wake();
    if (await settlesBy(Promise.all(this.#loops), deadline)) return;
    const ids: string[] = [];
    for (const [id, entry] of this.#running) {
      if (entry.done) continue; // its complete/fail is already on the way
      entry.abandoned = true;
      ids.push(id);
    }
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    await this.#release(waiting);
    await this.#completeFinished();
    if (ids.length === 0) return;
    this.logger.warn({ event: "jobs.abandoned", queue: this.queue, jobIds: ids }, "jobs.abandoned");
    await Promise.all(ids.map((id) => this.#settle(id, new Error("shut down while active"))));
  }

  /**
   * One idle loop polls; the other idle loops park until a job turns up (or a send or stop wakes
   * them). A poll is a query that holds PGlite's one thread for milliseconds, and an idle bot has a
   * dozen queues (bench/README.md). A loop busy with a long job is not the poller, so a job queued
   * by another instance still finds a free loop within one poll.
   */
  async #loop(): Promise<void> {
    while (!this.#stopping) {
      // pg-boss's fetch returns [] on a database error, so an outage just looks idle.
      const batchSize = this.settings.batchSize ?? 1;
      const jobs: unknown[] = await this.boss.fetch(this.queue, { includeMetadata: true, batchSize });
      if (jobs.length === 0) {
        const polls = !this.#polling;
        if (polls) this.#polling = true;
        await this.#idle(polls ? this.settings.idleMs : undefined);
        if (polls) this.#polling = false;
        continue;
      }
      this.wake(); // more may be waiting: the parked loops fetch too
      // Completed together at the end of the batch; a job's own effects are already committed, so
      // a crash before that only makes pg-boss run it again (handlers are idempotent).
      for (const job of jobs) this.#waiting.add(job);
      for (const job of jobs) {
        if (this.#stopping) break;
        // Gone when stop() released it, its deadline passed while this loop hung in a handler.
        if (this.#waiting.delete(job)) await this.#run(job);
      }
      await this.#release(jobs.filter((j) => this.#waiting.delete(j)));
      await this.#completeFinished();
    }
  }

  async #release(raw: unknown[]): Promise<void> {
    if (raw.length === 0) return;
    const ids = raw.flatMap((j) => {
      const parsed = z.object({ id: z.string() }).safeParse(j);
      return parsed.success ? [parsed.data.id] : [];
    });
    try {
      await this.settings.release?.(ids);
    } catch (err) {
      // They stay active until they expire; then pg-boss retries them: late, never lost.
      this.logger.error(
        { event: "jobs.release_failed", queue: this.queue, err: errorName(err) },
        "jobs.release_failed",
      );
    }
  }

  async #completeFinished(): Promise<void> {
    const ids = [...this.#finished];
    this.#finished.clear();
    if (ids.length === 0) return;
    try {
      await this.boss.complete(this.queue, ids);
    } catch (err) {
      // The jobs stay active; maintenance expires them and they are retried: at least once, never lost.
      this.logger.error(
        { event: "jobs.settle_failed", queue: this.queue, err: errorName(err) },
        "jobs.settle_failed",
      );
    } finally {
      for (const id of ids) this.#running.delete(id);
    }
  }

  /** Resolves on wake(), or after `ms` when given. */
  #idle(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.#wakers.add(done);
    });
  }

  /** Runs one job; a success is completed with its batch, a failure settled at once (retry, dead letter). */
  async #run(raw: unknown): Promise<void> {
    const parsed = FetchedJob.safeParse(raw);
    if (!parsed.success) {
      const id = z.object({ id: z.string() }).safeParse(raw);
      this.logger.error({ event: "jobs.malformed", queue: this.queue }, "jobs.malformed");
      if (id.success) await this.#settle(id.data.id, new Error("malformed job envelope"));
      return;
    }
    const row = parsed.data;
    const entry = { done: false, abandoned: false };
    this.#running.set(row.id, entry);
    let error: unknown;
    try {
      const data = this.settings.parse ? this.settings.parse(row.data.data) : (row.data.data as T);
      const failure = row.output?.message;
      const job: Job<T> = {
        id: row.id,
        origin: row.data.queue,
        key: row.data.key,
        data,
        retryCount: row.retryCount,
        ...(typeof failure === "string" ? { failure } : {}),
      };
      // Past its expiry the job is another instance's to retry; free this loop like pg-boss does.
      // A span and a count per run, by queue and outcome (telemetry/signals.ts).
      await observeJob(this.queue, row.retryCount, () =>
        withTimeout(this.handler(job), row.expireInSeconds * 1000),
      );
    } catch (err) {
      error = err ?? new Error("job failed");
    }
    entry.done = true;
    if (entry.abandoned) return void this.#running.delete(row.id);
    if (error === undefined) return void this.#finished.add(row.id);
    try {
      await this.#settle(row.id, error);
    } finally {
      this.#running.delete(row.id);
    }
  }

  /** Fails the job: pg-boss retries it with backoff, or dead-letters it. */
  async #settle(id: string, error: unknown): Promise<void> {
    try {
      this.logger.warn(
        { event: "jobs.failed", queue: this.queue, jobId: id, err: errorName(error) },
        "jobs.failed",
      );
      // Stored in pgboss.job.output for the retry and the dead letter; logs keep only the error's name.
      const message = error instanceof Error ? error.message : String(error);
      await this.boss.fail(this.queue, id, { message });
    } catch (err) {
      // The job stays active; maintenance expires it and it is retried: at least once, never lost.
      this.logger.error(
        { event: "jobs.settle_failed", queue: this.queue, jobId: id, err: errorName(err) },
        "jobs.settle_failed",
      );
    }
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

async function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler ran past its expiry (${ms} ms)`)), ms);
  });
  try {
    await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when `p` settles before `deadline` (epoch ms). */
export async function settlesBy(p: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>(
    (resolve) => (timer = setTimeout(() => resolve(false), deadline - Date.now())),
  );
  try {
    return await Promise.race([p.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
