/**
 * A job worker in its own process, for tests that SIGKILL one (test/jobs/kill.test.ts). It works one
 * queue one job at a time: POST the job's key to POST_URL, then record the key in `handled`. It
 * prints "ready" once it works the queue; SIGTERM stops it gracefully.
 *
 *   node --import tsx test/helpers/job-worker.ts   (configuration from the environment below)
 */
import { Agent, request } from "node:http";
import { z } from "zod";
import { pino } from "pino";
import { startJobs } from "../../src/jobs/queue.js";
import { openDb } from "../../src/store/db.js";
import { readKeyFile } from "../../src/store/key-file.js";

const Env = z.object({
  DATABASE_URL: z.string().url(),
  JOBS_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  JOBS_QUEUE: z.string().min(1),
  POST_URL: z.string().url(),
  WORKER_NAME: z.string().min(1),
  DATA_KEY_FILE: z.string().min(1),
});

const env = Env.parse(process.env);
const logger = pino({ level: "warn" }, pino.destination(2));
// Jobs carry ids only, but the database checks its master key at start: the sandbox's.
const db = await openDb({ databaseUrl: env.DATABASE_URL, dataKey: readKeyFile(env.DATA_KEY_FILE) });
const jobs = await startJobs(db, logger, {
  schema: env.JOBS_SCHEMA,
  pollIntervalMs: 50,
  maintenanceIntervalSeconds: 1,
});

// node:http rather than fetch: on a busy machine undici's fetch costs several times more per POST.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-worker": env.WORKER_NAME,
        },
      },
      (res) => {
        res.resume(); // drain, so the connection is reused
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

jobs.work(
  env.JOBS_QUEUE,
  async (job) => {
    const status = await post(env.POST_URL, JSON.stringify({ key: job.key }));
    if (status !== 200) throw new Error(`POST answered ${status}`);
    await db.query("INSERT INTO handled (key, worker) VALUES ($1, $2)", [job.key, env.WORKER_NAME]);
  },
  { concurrency: 1 }, // one job at a time: the kill lands on a known job
);
process.stdout.write("ready\n");

process.once("SIGTERM", () => {
  void (async () => {
    await jobs.stop({ graceMs: 5_000 });
    await db.close();
    process.exit(0);
  })();
});
