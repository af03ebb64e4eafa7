import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { compose, type Composition } from "../../src/compose.js";
import type { ReminderSpec } from "../../src/cases/plan.js";
import { QUEUES } from "../../src/services/jobs.js";
import { CaseRepository } from "../../src/store/cases.js";
import { ConversationRefs } from "../../src/store/conversation-refs.js";
import { openDb, type Db } from "../../src/store/db.js";
import { PlanRepository } from "../../src/store/plans.js";
import { CardConnector, adapterOf } from "../helpers/card-connector.js";
import { ownSchemas, postgresUrl, silent, states, waitFor } from "./sandbox.js";

/**
 * Issue 11's acceptance test: two bot processes on one database, 2,000 due reminders, one process
 * SIGKILLed mid-batch → the connector received every reminder exactly once. (PGlite: 500, two
 * compositions in one process, one cut off, as in invitations-kill.test.ts.)
 *
 * "Exactly once" is the guarantee the code gives: a card counts when the connector answers it while
 * its sender is still connected. The kill falls while each worker's send is held unanswered, so the
 * killed one's card never arrived and its retry is the one delivery. A process that dies after the
 * connector answered but before the row is marked sent would send that card again on retry: the
 * connector has no idempotency key, so that window is at-least-once (see kill.test.ts's Receiver).
 */
const CASES = 100;
/** PGlite runs both workers and the database on one thread: a quarter of the load keeps it quick. */
const PGLITE_CASES = 25;
const PER_CASE = 20;
const USERS = 200; // each recipient gets reminders of 10 cases: counted per (conversation, case)
const TENANT = "tenant-remkill";
const FOLLOW_UP = "2026-11-20";
const PLAN_DATES = { meetingDate: "2026-10-20", followUpDate: FOLLOW_UP };

/**
 * `cases` cases, each with a plan and PER_CASE due follow-up reminders (about its follow-up date, so
 * still due) to PER_CASE of USERS users, each with a conversation at `serviceUrl`. Returns the
 * (conversation, case code) pairs the cards must reach.
 */
async function seed(db: Db, serviceUrl: string, cases: number): Promise<Set<string>> {
  const refs = new ConversationRefs(db);
  const users = Array.from({ length: USERS }, (_, i) => `29:rem-${i}`);
  const ref = { tenantId: TENANT, serviceUrl, channelId: "msteams", botId: "28:bot" };
  for (const userId of users) await refs.save({ ...ref, userId, conversationId: `a:${userId}` });
  const repo = new CaseRepository(db);
  const plans = new PlanRepository(db);
  const dueAt = new Date(Date.now() - 3_600_000);
  const verdict = { verdict: "may_proceed", channel: "digital", codes: [] };
  const kase = { tenantId: TENANT, region: "national" as const, convenerUserId: "29:k", verdict };
  const expected = new Set<string>();
  for (let c = 0; c < cases; c++) {
    const k = await repo.createCase(kase, "aad-k");
    const to = Array.from({ length: PER_CASE }, (_, j) => users[(c * PER_CASE + j) % USERS] as string);
    for (const u of to) expected.add(`a:${u} ${k.code}`);
    const lead = { userId: to[0] as string, tenantId: TENANT };
    const plan = { caseId: k.id, lead, leadOrg: "socialtjanst" as const, ...PLAN_DATES, interventions: [] };
    const due = to.map((userId): ReminderSpec => {
      return { kind: "follow_up_due", recipient: { userId, tenantId: TENANT }, dueAt, aboutDate: FOLLOW_UP };
    });
    const audit = { actor: "aad-k", caseCode: k.code, kva: "AU124" };
    await plans.save({ ...plan, recordedBy: "aad-k" }, due, audit);
  }
  return expected;
}

/**
 * Polls until all `n` reminders' jobs completed; a killed worker's job fails (on expiry, or at once
 * when its queue stops) and is retried after DELIVERY_RETRIES' 5–10 min backoff: such retries are
 * made due now, the one stand-in for waiting. Returns their reminder ids; checks every row is sent.
 */
async function allSent(db: Db, schema: string, n: number): Promise<string[]> {
  const retried: string[] = [];
  const fastForward = `UPDATE ${schema}.job SET start_after = now()
    WHERE name = $1 AND state = 'retry' AND start_after > now() RETURNING data->'data'->>'reminderId' AS id`;
  await waitFor(
    "every reminder sent",
    async () => {
      retried.push(...(await db.query<{ id: string }>(fastForward, [QUEUES.reminder])).map((r) => r.id));
      return (await states(db, schema, QUEUES.reminder)).completed === n;
    },
    120_000, // a ceiling for a loaded machine; ~N/100 s when it is quiet
  );
  const rows = await db.query("SELECT status, count(*)::int AS n FROM reminders GROUP BY status");
  expect(rows).toEqual([{ status: "sent", n }]);
  return retried;
}

/** Every reminder's card arrived once, and each recipient got one card per case. */
function expectEveryReminderOnce(connector: CardConnector, expected: Set<string>) {
  expect(connector.received.size).toBe(expected.size);
  expect([...connector.received.values()].filter((n) => n !== 1)).toEqual([]);
  expect(new Set(connector.pairs.keys())).toEqual(expected);
  expect([...connector.pairs.values()].filter((n) => n !== 1)).toEqual([]);
  expect(connector.other).toEqual([]);
}

/** An app process (test/helpers/app-worker.ts); `sent` counts the reminder cards it logged as sent. */
function spawnWorker(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/app-worker.ts"], {
    env: { ...process.env, ...env, WORKER_NAME: name },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const w = { child, sent: 0, ready: Promise.resolve() };
  w.ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker ${name} exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).on("line", (l) => {
      if (l.includes('"event":"reminder_sent"') && l.includes('"status":"sent"')) w.sent++;
      if (l.includes('"event":"ready"')) {
        child.removeAllListeners("exit");
        resolve();
      }
    });
  });
  return w;
}

describe.skipIf(!postgresUrl)(
  "2,000 due reminders, two app processes, one SIGKILLed mid-batch (PostgreSQL only: needs TEST_DATABASE_URL)",
  () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
    });

    it("sends every reminder exactly once; the survivor sends the killed process's", async () => {
      const { url: scopedUrl, bossSchema, db, keyFile } = await ownSchemas("remkill", cleanup);
      const connector = new CardConnector("reminderId");
      const expected = await seed(db, await connector.listen(), CASES);
      cleanup.push(() => connector.close());

      // Both claim the due rows at start (SKIP LOCKED: each batch by one) and work the one queue.
      const env = { DATABASE_URL: scopedUrl, JOBS_SCHEMA: bossSchema, DATA_KEY_FILE: keyFile };
      const w1 = spawnWorker("w1", env);
      const w2 = spawnWorker("w2", env);
      cleanup.push(async () => [w1, w2].map((w) => w.child.kill("SIGKILL")));
      await Promise.all([w1.ready, w2.ready]);
      await waitFor("both workers sending", () => w1.sent >= 100 && w2.sent >= 100, 60_000);

      // Each process has at most one send under way (concurrency 1): two held are one of each.
      connector.holding = true;
      await waitFor("a card of each worker held", () => connector.held.length === 2);
      w1.child.kill("SIGKILL");
      await once(w1.child, "exit");
      await waitFor("the killed worker's connection to close", () =>
        connector.held.some((h) => h.req.socket.destroyed),
      );
      const killed = connector.held.filter((h) => h.req.socket.destroyed).map((h) => h.id);
      connector.release();
      expect(killed).toHaveLength(1);
      expect(connector.discarded).toEqual(killed);

      // w2 goes on; the killed job expires (5 s), maintenance fails it, its retry is w2's.
      const retried = await allSent(db, bossSchema, expected.size);
      const sentByW2 = w2.sent;
      w2.child.kill("SIGTERM");
      await once(w2.child, "exit");

      expectEveryReminderOnce(connector, expected);
      expect(retried).toContain(killed[0]);
      // Every card was sent by one process: their logs add up to the connector's count.
      expect(w1.sent + sentByW2).toBe(expected.size);
    }, 240_000);
  },
);

const APP = {
  clock: systemClock,
  publicUrl: () => "http://127.0.0.1",
  defaultRegion: "national",
  jobs: { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 },
  reminderPassMs: 0, // the pass at start claims them all; a closed database is never polled
} as const;

describe("500 due reminders, two workers on one PGlite, one cut off mid-batch", () => {
  it("sends every reminder exactly once; the other worker sends the cut-off one's", async () => {
    const db = await openDb({ dataDir: "memory://" });
    const connector = new CardConnector("reminderId");
    const frozen = new Set<string>();
    const apps = new Map<string, Composition>();
    try {
      const expected = await seed(db, await connector.listen(), PGLITE_CASES);
      const start = async (name: string) => {
        const app = { db, adapter: adapterOf(name, frozen), botAppId: "", logger: silent, ...APP };
        apps.set(name, await compose(app));
      };
      await Promise.all([start("a"), start("b")]);
      const by = (w: string) => connector.answeredBy.get(w) ?? 0;
      await waitFor("both workers sending", () => by("a") >= 50 && by("b") >= 50, 60_000);

      connector.holding = true;
      await waitFor("a card of each held", () => new Set(connector.held.map((h) => h.worker)).size === 2);
      const killed = connector.held.find((h) => h.worker === "a");
      // The "kill" (as invitations-kill.test.ts): a's calls never return, its held connection closes,
      // its queue stops at once (its running job fails, as on expiry after a crash).
      frozen.add("a");
      killed?.req.socket.destroy();
      connector.release();
      await apps.get("a")?.jobs.stop({ graceMs: 0 });
      expect(connector.discarded).toEqual([killed?.id]);

      const retried = await allSent(db, "pgboss", expected.size);
      expectEveryReminderOnce(connector, expected);
      expect(retried).toEqual([killed?.id]);
      expect(by("a") + by("b")).toBe(expected.size);
    } finally {
      for (const app of apps.values()) await app.jobs.stop({ graceMs: 1_000 }).catch(() => undefined);
      await db.close();
      await connector.close();
    }
  }, 150_000);
});
