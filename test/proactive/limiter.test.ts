import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONVERSATION_WINDOWS,
  SlidingWindowLimiter,
  TENANT_WINDOWS,
  type Window,
} from "../../src/proactive/limiter.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { harness, refFor, type FakeConnector } from "./harness.js";

/** The most starts that fall in any [t, t + ms) of the given instants. */
function busiest(starts: number[], ms: number): number {
  return Math.max(0, ...starts.map((t) => starts.filter((s) => s >= t && s < t + ms).length));
}

function expectWithin(starts: number[], windows: readonly Window[]) {
  for (const w of windows)
    expect(busiest(starts, w.ms), `${w.limit}/${w.ms} ms`).toBeLessThanOrEqual(w.limit);
}

describe("SlidingWindowLimiter", () => {
  it("spreads a burst over Teams' per-conversation windows, in order", async () => {
    let now = 0;
    const starts: number[] = [];
    const limiter = new SlidingWindowLimiter(
      () => now,
      async (ms) => void (now += ms),
    );
    // One at a time: the clock moves by each wait, as a real sleep would.
    for (let i = 0; i < 70; i++) {
      await limiter.take("c");
      starts.push(now);
    }
    expect(starts.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 1000]);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expectWithin(starts, CONVERSATION_WINDOWS);
    // 60 per 30 s: the 61st start is at least 30 s after the first.
    expect(starts[60]).toBeGreaterThanOrEqual(30_000);
  });

  it("keeps conversations apart and forgets quiet ones", async () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(
      () => now,
      async () => undefined,
      [{ limit: 1, ms: 1000 }],
    );
    expect(await limiter.take("a")).toBe(0);
    expect(await limiter.take("b")).toBe(0);
    expect(await limiter.take("a")).toBe(1000);
    now = 10_000;
    // The sweep runs every 256 takes; by then only "z" has been active within the last second.
    for (let i = 0; i < 253; i++) await limiter.take("z");
    expect(limiter.size).toBe(1);
  });
});

describe("the sender keeps to the limits per conversation", () => {
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(() => connector.close());

  it("20 sends at once to one conversation: at most 7 per second and 8 per 2 s; another is not held up", async () => {
    // Frozen clock, recording sleep: each send's start is the wait it was given.
    const h = harness(connector);
    const ref = refFor(connector);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.sender.send(ref, { type: "message", text: `n${i}` })),
    );
    expect(results.every((r) => r.status === "sent")).toBe(true);
    expect(connector.calls).toHaveLength(20);
    const starts = [...Array.from({ length: 20 - h.sleeps.length }, () => 0), ...h.sleeps];
    expect(starts.filter((s) => s === 0)).toHaveLength(7);
    expectWithin(starts, CONVERSATION_WINDOWS);

    const other = h.sleeps.length;
    await Promise.all(
      Array.from({ length: 7 }, () => h.sender.send(refFor(connector, "a:conv-2"), { type: "message" })),
    );
    expect(h.sleeps).toHaveLength(other);
  });

  it("60 sends at once to 60 chats in one tenant: at most 49 a second, 20 ms apart; another tenant is not held up", async () => {
    const h = harness(connector, { tenantWindows: TENANT_WINDOWS });
    connector.clear();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => h.sender.send(refFor(connector, `a:t-${i}`), { type: "message" })),
    );
    expect(connector.calls).toHaveLength(60);
    const starts = [...Array.from({ length: 60 - h.sleeps.length }, () => 0), ...h.sleeps];
    expect(starts.filter((s) => s === 0)).toHaveLength(1);
    expectWithin(starts, TENANT_WINDOWS);
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(1_000); // the 50th waits for the next second

    const before = h.sleeps.length;
    await h.sender.send({ ...refFor(connector, "a:other"), tenantId: "tenant-2" }, { type: "message" });
    expect(h.sleeps).toHaveLength(before);
  });
});
