import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { startJobs } from "../../src/jobs/queue.js";
import { ownSchemas, postgresUrl, silent, states, waitFor } from "./sandbox.js";

/**
 * The receiving end of a job's side effect (a Teams message, an e-mail). Its model of a send that
 * never completed: a request counts as received only when it is answered while its client is still
 * connected. A request whose connection closed first (the sender died mid-send) is not received —
 * the sender never learnt the outcome, so the job is retried, and the retry is the one delivery.
 * (A receiver that acts before answering needs an idempotency key for the same guarantee.)
 */
class Receiver {
  readonly received = new Map<string, number>();
  readonly held: { worker: string; key: string; req: IncomingMessage; res: ServerResponse }[] = [];
  discarded: string[] = [];
  holding = false;
  readonly server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const key = (JSON.parse(body) as { key: string }).key;
      const entry = { worker: String(req.headers["x-worker"]), key, req, res };
      if (this.holding) this.held.push(entry);
      else this.answer(entry);
    });
  });

  answer({ key, res }: { key: string; res: ServerResponse }) {
    this.received.set(key, (this.received.get(key) ?? 0) + 1);
    res.end("ok");
  }

  /** Answers what was held, except requests whose client has gone. */
  release() {
    this.holding = false;
    for (const h of this.held.splice(0)) {
      if (h.req.socket.destroyed || h.res.closed) this.discarded.push(h.key);
      else this.answer(h);
    }
  }

  get total() {
    let n = 0;
    for (const v of this.received.values()) n += v;
    return n;
  }
}

function spawnWorker(name: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/job-worker.ts"], {
    env: { ...process.env, ...env, WORKER_NAME: name },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker ${name} exited (${code}) before it was ready`)));
    if (!child.stdout) throw new Error("no stdout");
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (l) => {
      if (l === "ready") {
        child.removeAllListeners("exit");
        resolve(child);
      }
    });
  });
}

describe.skipIf(!postgresUrl)(
  "jobs survive a SIGKILLed worker (PostgreSQL only: needs TEST_DATABASE_URL)",
  () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
    });

    it("delivers each of 1,000 jobs exactly once when one of two workers dies mid-send", async () => {
      const { url: scopedUrl, bossSchema, db, keyFile } = await ownSchemas("kill", cleanup);
      await db.exec("CREATE TABLE handled (key text NOT NULL, worker text NOT NULL)");

      // The test process only sends; expiry short so the dead worker's job comes back quickly.
      const jobs = await startJobs(db, silent, {
        schema: bossSchema,
        pollIntervalMs: 50,
        maintenanceIntervalSeconds: 1,
      });
      cleanup.push(() => jobs.stop({ graceMs: 500 }));
      await jobs.define("deliver", { retryLimit: 5, retryDelay: 0, retryBackoff: false, expireInSeconds: 3 });
      const keys = Array.from({ length: 1_000 }, (_, i) => `key-${i}`);
      for (let i = 0; i < keys.length; i += 100) {
        await Promise.all(keys.slice(i, i + 100).map((key) => jobs.send("deliver", {}, { key })));
      }

      const receiver = new Receiver();
      receiver.server.listen(0, "127.0.0.1");
      await once(receiver.server, "listening");
      cleanup.push(
        () =>
          new Promise((r) => {
            receiver.server.closeAllConnections();
            receiver.server.close(r);
          }),
      );
      const { port } = receiver.server.address() as AddressInfo;
      const env = {
        DATABASE_URL: scopedUrl,
        JOBS_SCHEMA: bossSchema,
        JOBS_QUEUE: "deliver",
        POST_URL: `http://127.0.0.1:${port}/deliver`,
        // The sandbox's master key: a database opened with another one is refused at start.
        DATA_KEY_FILE: keyFile,
      };
      const [w1, w2] = await Promise.all([spawnWorker("w1", env), spawnWorker("w2", env)]);
      cleanup.push(
        async () => void w1.kill("SIGKILL"),
        async () => void w2.kill("SIGKILL"),
      );

      await waitFor("some deliveries", () => receiver.total >= 200, 30_000);
      receiver.holding = true;
      await waitFor("both workers mid-send", () => new Set(receiver.held.map((h) => h.worker)).size === 2);
      const killed = receiver.held.find((h) => h.worker === "w1");
      w1.kill("SIGKILL");
      await once(w1, "exit");
      await waitFor("the dead worker's connection to close", () => killed?.req.socket.destroyed === true);
      receiver.release();
      expect(receiver.discarded).toEqual([killed?.key]);

      // w2 works the rest; the killed job expires (3 s), maintenance hands it back, w2 sends it.
      await waitFor(
        "all jobs completed",
        async () => (await states(db, bossSchema, "deliver")).completed === 1_000,
        45_000,
      );
      w2.kill("SIGTERM");
      await once(w2, "exit");

      expect(receiver.received.size).toBe(1_000);
      expect([...receiver.received.values()].every((n) => n === 1)).toBe(true);
      const [row] = await db.query<{ n: number; distinct_keys: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT key)::int AS distinct_keys FROM handled",
      );
      expect(row).toEqual({ n: 1_000, distinct_keys: 1_000 });
      const retried = await db.query<{ worker: string }>("SELECT worker FROM handled WHERE key = $1", [
        killed?.key,
      ]);
      expect(retried).toEqual([{ worker: "w2" }]);
    });
  },
);
