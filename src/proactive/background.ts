import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "pino";

/**
 * Work that must not hold up a Teams invoke, which has to be answered within about five
 * seconds. Work queued during a turn starts once that turn has answered (afterTurn), so an
 * update it makes cannot land before the turn's own card; its failure is logged, never thrown
 * into a turn; and all of it can be awaited, by a shutdown or a test. Durability is the
 * caller's part: what runs here must already be recorded, so that a sweep can redo it.
 */
export class Background {
  private readonly running = new Set<Promise<void>>();
  private readonly turn = new AsyncLocalStorage<(() => void)[]>();

  constructor(private readonly logger: Logger) {}

  /** Runs one turn (an HTTP request); work it queued starts when it is done. */
  async afterTurn<T>(turn: () => Promise<T>): Promise<T> {
    const queued: (() => void)[] = [];
    try {
      return await this.turn.run(queued, turn);
    } finally {
      for (const start of queued) start();
    }
  }

  run(task: string, work: () => Promise<void>): void {
    let start = () => {};
    const started = new Promise<void>((resolve) => (start = resolve));
    const p: Promise<void> = started
      .then(work)
      .catch((err: unknown) =>
        // The message only: errors from the connector or database carry ids, not case content.
        this.logger.error({
          event: "background_failed",
          task,
          err: err instanceof Error ? err.message : "?",
        }),
      )
      .finally(() => this.running.delete(p));
    this.running.add(p);
    const queue = this.turn.getStore();
    if (queue) queue.push(start);
    else setImmediate(start);
  }

  /**
   * Resolves once nothing runs, including work that running work started, or after withinMs
   * (then false): a shutdown should not wait out a connector's retries, and the next start
   * queues whatever was left pending (services/jobs.ts).
   */
  async idle(withinMs = Infinity): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      if (Number.isFinite(withinMs)) timer = setTimeout(() => resolve(false), withinMs);
    });
    try {
      while (this.running.size) {
        if ((await Promise.race([Promise.all([...this.running]), late])) === false) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
