import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import { z } from "zod";

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
    if (ids.length === 0) return;
    this.logger.warn({ event: "jobs.abandoned", queue: this.queue, jobIds: ids }, "jobs.abandoned");
    await Promise.all(ids.map((id) => this.#settle(id, new Error("shut down while active"))));
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      // pg-boss's fetch returns [] on a database error, so an outage just looks idle.
      const jobs: unknown[] = await this.boss.fetch(this.queue, { includeMetadata: true, batchSize: 1 });
      const job = jobs[0];
      if (job === undefined) await this.#idle();
      else await this.#run(job);
    }
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.settings.idleMs);
      this.#wakers.add(done);
    });
  }

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
      await withTimeout(this.handler(job), row.expireInSeconds * 1000);
    } catch (err) {
      error = err ?? new Error("job failed");
    }
    entry.done = true;
    try {
      if (!entry.abandoned) await this.#settle(row.id, error);
    } finally {
      this.#running.delete(row.id);
    }
  }

  /** Completes the job, or fails it (pg-boss then retries it with backoff, or dead-letters it). */
  async #settle(id: string, error: unknown): Promise<void> {
    try {
      if (error === undefined) {
        await this.boss.complete(this.queue, id);
        return;
      }
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
