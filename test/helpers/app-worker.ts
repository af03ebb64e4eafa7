/**
 * The whole app (startServer: HTTP, the job queues, the card sender) in its own process, for tests
 * that SIGKILL one (test/jobs/invitations-kill.test.ts). No Microsoft credentials: the sender talks
 * unauthenticated to the serviceUrl of each saved conversation reference. Logs go to stdout as
 * JSON lines, so the test sees which process sent which card; it prints {"event":"ready"} once
 * started. SIGTERM stops it gracefully.
 *
 *   node --import tsx test/helpers/app-worker.ts   (configuration from the environment below)
 */
import { pino } from "pino";
import { z } from "zod";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { startServer } from "../../src/server.js";

const Env = z.object({
  DATABASE_URL: z.string().url(),
  JOBS_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  WORKER_NAME: z.string().min(1),
  /** The master key the test sealed the cases' texts with. */
  DATA_KEY_FILE: z.string().min(1),
});

const env = Env.parse(process.env);
// Synchronous: a line logged before a SIGKILL is out of the process when it dies.
const logger = pino(
  { level: "info", base: { worker: env.WORKER_NAME } },
  pino.destination({ dest: 1, sync: true }),
);
// One send at a time per process: the tests hold one card of each process to kill it mid-send.
const config = loadConfig({
  PORT: "0",
  DATABASE_URL: env.DATABASE_URL,
  DATA_KEY_FILE: env.DATA_KEY_FILE,
  NODE_ENV: "test",
  JOB_CONCURRENCY: "1",
});
const server = await startServer(config, logger, systemClock, {
  // Short timings: a killed worker's job expires after 5 s and maintenance notices within 1 s.
  jobs: { schema: env.JOBS_SCHEMA, pollIntervalMs: 50, maintenanceIntervalSeconds: 1 },
  expireInSeconds: 5,
});
logger.info({ event: "ready", url: server.url });

process.once("SIGTERM", () => {
  void server.close().finally(() => process.exit(0));
});
