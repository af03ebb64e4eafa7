import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { systemClock } from "../../src/clock.js";
import { compose } from "../../src/compose.js";
import { QUEUES } from "../../src/services/jobs.js";
import { CaseRepository } from "../../src/store/cases.js";
import { ConversationRefs } from "../../src/store/conversation-refs.js";
import { openDb, type Db } from "../../src/store/db.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { CardConnector, adapterOf } from "../helpers/card-connector.js";
import { ownSchemas, postgresUrl, silent, states, waitFor } from "./sandbox.js";

/**
 * The acceptance test for invitation delivery on pg-boss: two workers on one database,
 * 1,000 invitation jobs, one worker killed mid-batch → the connector got every card exactly once.
 */
const N = 1_000;
const TENANT = "tenant-kill";

/**
 * Kallelser of this many invitees. deliver() reads its kallelse's whole invitee list after each card
 * (to tell whether it was the last), so one kallelse of 1,000 would read 1,000,000 rows: real ones
 * hold a handful. Twenty keeps that quadratic cost out of the run time; the jobs are the same.
 */
const PER_KALLELSE = 20;

/** One case with N Teams invitees in kallelser of PER_KALLELSE, each reachable through `serviceUrl`. */
async function seed(db: Db, serviceUrl: string): Promise<void> {
  const refs = new ConversationRefs(db);
  const users = Array.from({ length: N }, (_, i) => `29:user-${i}`);
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      users.slice(i, i + 50).map((userId) =>
        refs.save({
          tenantId: TENANT,
          userId,
          conversationId: `a:${userId}`,
          serviceUrl,
          channelId: "msteams",
          botId: "28:bot",
        }),
      ),
    );
  }
  const repo = new CaseRepository(db);
  const c = await repo.createCase(
    {
      tenantId: TENANT,
      region: "national",
      convenerUserId: "29:convener",
      verdict: { verdict: "may_proceed", channel: "digital", codes: [] },
    },
    "aad-k",
  );
  for (let i = 0; i < N; i += PER_KALLELSE) {
    const invitees = users.slice(i, i + PER_KALLELSE).map((u) => pendingInvitee(u));
    await repo.createKallelse(c.code, c.id, DETAILS, invitees, "aad-k");
  }
}

/**
 * A killed worker's job fails (on expiry, or at once when its queue stops) and is retried after
 * DELIVERY_RETRIES' backoff, 5–10 min: such retries are made due now, the one stand-in for waiting.
 * Returns their invitee ids.
 */
async function fastForwardRetries(db: Db, schema: string): Promise<string[]> {
  const rows = await db.query<{ invitee: string }>(
    `UPDATE ${schema}.job SET start_after = now()
     WHERE name = $1 AND state = 'retry' AND start_after > now()
     RETURNING data->'data'->>'inviteeId' AS invitee`,
    [QUEUES.deliver],
  );
  return rows.map((r) => r.invitee);
}

/** Polls until all N invitees are "invited", fast-forwarding retries; returns those retried. */
async function allInvited(db: Db, schema: string): Promise<string[]> {
  const retried: string[] = [];
  await waitFor(
    "every invitee invited",
    async () => {
      retried.push(...(await fastForwardRetries(db, schema)));
      return (await statuses(db)).invited === N;
    },
    60_000,
  );
  return retried;
}

async function statuses(db: Db): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM invitees GROUP BY status",
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

function expectEveryCardOnce(connector: CardConnector) {
  expect(connector.received.size).toBe(N);
  expect([...connector.received.values()].filter((n) => n !== 1)).toEqual([]);
  expect(connector.other).toEqual([]);
}

const LogLine = z.object({
  event: z.string(),
  invitee: z.string().optional(),
  status: z.string().optional(),
});

/** An app worker process; `sent` lists the invitees whose card it logged as sent, in order. */
function spawnWorker(name: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/helpers/app-worker.ts"], {
    env: { ...process.env, ...env, WORKER_NAME: name },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const sent: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker ${name} exited (${code}) before it was ready`)));
    if (!child.stdout) throw new Error("no stdout");
    createInterface({ input: child.stdout }).on("line", (l) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(l);
      } catch {
        return; // not one of the app's log lines
      }
      const line = LogLine.safeParse(parsed).data;
      if (line?.event === "invitation_sent" && line.status === "sent" && line.invitee)
        sent.push(line.invitee);
      if (line?.event === "ready") {
        child.removeAllListeners("exit");
        resolve();
      }
    });
  });
  return { child, sent, ready };
}

describe.skipIf(!postgresUrl)(
  "1,000 invitations, two app processes, one SIGKILLed mid-send (PostgreSQL only: needs TEST_DATABASE_URL)",
  () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
    });

    it("sends every invitee exactly one card; the survivor sends the killed worker's", async () => {
      const { url: scopedUrl, bossSchema, db, keyFile } = await ownSchemas("invkill", cleanup);
      const connector = new CardConnector();
      const serviceUrl = await connector.listen();
      cleanup.push(() => connector.close());
      await seed(db, serviceUrl);

      // Both start the real app, which queues every pending invitee (keys dedupe the two).
      const env = { DATABASE_URL: scopedUrl, JOBS_SCHEMA: bossSchema, DATA_KEY_FILE: keyFile };
      const w1 = spawnWorker("w1", env);
      const w2 = spawnWorker("w2", env);
      cleanup.push(
        async () => void w1.child.kill("SIGKILL"),
        async () => void w2.child.kill("SIGKILL"),
      );
      await Promise.all([w1.ready, w2.ready]);
      await waitFor("both workers sending", () => w1.sent.length >= 100 && w2.sent.length >= 100, 60_000);

      // Each worker has at most one send under way (concurrency 1): two held are one of each.
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
      const retried = await allInvited(db, bossSchema);
      await waitFor(
        "all delivery jobs completed",
        async () => (await states(db, bossSchema, QUEUES.deliver)).completed === N,
      );
      w2.child.kill("SIGTERM");
      await once(w2.child, "exit");

      expectEveryCardOnce(connector);
      expect(await statuses(db)).toEqual({ invited: N });
      // Retried: the killed job (and, on a slow machine, maybe a job whose send outlived its 5 s
      // expiry: its card had arrived, so its retry found the invitee invited and sent nothing).
      expect(retried).toContain(killed[0]);
      expect(w2.sent).toContain(killed[0]);
      expect(w1.sent).not.toContain(killed[0]);
      // Every card was sent once by one worker: the logs agree with the connector.
      expect(new Set([...w1.sent, ...w2.sent]).size).toBe(w1.sent.length + w2.sent.length);
      expect(w1.sent.length + w2.sent.length).toBe(N);
    }, 150_000);
  },
);

/**
 * PGlite is one connection in one process: two processes cannot share it, so the two workers are
 * two compositions (compose(): own card sender, own pg-boss) on one in-memory database.
 */
describe("1,000 invitations, two workers on one PGlite, one cut off mid-send", () => {
  it("sends every invitee exactly one card; the other worker sends the cut-off one's", async () => {
    const db = await openDb({ dataDir: "memory://" });
    const connector = new CardConnector();
    const frozen = new Set<string>();
    const workers: { stop(): Promise<void> }[] = [];
    try {
      await seed(db, await connector.listen());
      const start = async (name: string) => {
        const app = await compose({
          db,
          adapter: adapterOf(name, frozen),
          botAppId: "",
          logger: silent,
          clock: systemClock,
          publicUrl: () => "http://127.0.0.1",
          defaultRegion: "national",
          // The default expiry (2 min): the cut-off job is failed by stop(), not by expiry, and a
          // send slowed by the other composition's start (one thread for both) is no crash.
          jobs: { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 },
        });
        workers.push({ stop: () => app.jobs.stop({ graceMs: 1_000 }) });
        return app;
      };
      const [a] = await Promise.all([start("a"), start("b")]);
      const by = (w: string) => connector.answeredBy.get(w) ?? 0;
      await waitFor("both workers sending", () => by("a") >= 100 && by("b") >= 100, 60_000);

      connector.holding = true;
      await waitFor(
        "a card of each worker held",
        () => new Set(connector.held.map((h) => h.worker)).size === 2,
      );
      const killed = connector.held.find((h) => h.worker === "a");
      // The "kill": a's connector calls never return from now on (its code stops where a dead
      // process's would), its held request's connection closes, and its queue stops at once
      // (graceMs 0 fails its running job, as expiry does after a crash; both retry with backoff).
      frozen.add("a");
      killed?.req.socket.destroy();
      // b's held card is answered: only a's send is cut off.
      connector.release();
      await a.jobs.stop({ graceMs: 0 });
      expect(connector.discarded).toEqual([killed?.id]);

      const retried = await allInvited(db, "pgboss");
      expect((await states(db, "pgboss", QUEUES.deliver)).completed).toBe(N);
      expectEveryCardOnce(connector);
      expect(await statuses(db)).toEqual({ invited: N });
      expect(retried).toEqual([killed?.id]);
      expect(by("a") + by("b")).toBe(N);
    } finally {
      for (const w of workers) await w.stop().catch(() => undefined);
      await db.close();
      await connector.close();
    }
  }, 150_000);
});
