/** At most `limit` calls in any `ms`-long stretch of time. */
export interface Window {
  limit: number;
  ms: number;
}

/** Teams' limits for one bot in one conversation (TOOLCHAIN.md): 7/1 s, 8/2 s, 60/30 s, 1,800/h. */
export const CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/**
 * Teams' limit for one app in one tenant: 50 requests/s (TOOLCHAIN.md). 48 a second, and never two
 * within 20 ms: requests leave spread out, and a busy event loop or the network may bunch them by
 * a few tens of ms without a second at Teams' end holding more than 50 (`npm run bench:reminders`).
 * A 429 costs far more than the margin: its Retry-After stalls the sender.
 */
export const TENANT_WINDOWS: readonly Window[] = [
  { limit: 48, ms: 1_000 },
  { limit: 1, ms: 20 },
];

/** Reserved start times of one key, ascending; entries may lie in the future. */
type Log = number[];

const SWEEP_EVERY = 256;

/**
 * Sliding-window rate limiter per key (a conversation), on an injected clock and sleep so that tests
 * check it without waiting. Each call reserves, synchronously and in call order, the earliest
 * instant at which it fits every window, then sleeps until then: requests to one conversation keep
 * their order and a burst is spread out instead of being answered by 429s. Keys do not hold each
 * other up. Per process: instances do not share it (the connector's 429s cover the rest).
 */
export class SlidingWindowLimiter {
  private readonly logs = new Map<string, Log>();
  private readonly horizonMs: number;
  private takes = 0;

  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly windows: readonly Window[] = CONVERSATION_WINDOWS,
  ) {
    this.horizonMs = Math.max(0, ...windows.map((w) => w.ms));
  }

  /** Waits for a slot for key; resolves with the wait in ms (0 when there was room). */
  async take(key: string): Promise<number> {
    const now = this.now();
    if (++this.takes % SWEEP_EVERY === 0) this.sweep(now);
    const log = this.log(key, now);
    let at = Math.max(now, log.at(-1) ?? now);
    for (const { limit, ms } of this.windows) {
      // With `limit` calls already after (at - ms), this one must wait for the oldest of them to age out.
      const oldest = log[log.length - limit];
      if (oldest !== undefined) at = Math.max(at, oldest + ms);
    }
    log.push(at);
    const wait = at - now;
    if (wait > 0) await this.sleep(wait);
    return wait;
  }

  private log(key: string, now: number): Log {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    const fresh = log.findIndex((t) => t > now - this.horizonMs);
    log.splice(0, fresh === -1 ? log.length : fresh);
    return log;
  }

  /** Forgets keys that have been quiet for longer than the longest window. */
  private sweep(now: number): void {
    for (const [key, log] of this.logs) {
      const last = log.at(-1);
      if (last === undefined || last <= now - this.horizonMs) this.logs.delete(key);
    }
  }

  /** How many keys are remembered (for tests of the sweep). */
  get size(): number {
    return this.logs.size;
  }
}
