import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Logger } from "pino";
import { createBot } from "./bot/app.js";
import { turnErrorHandler } from "./bot/errors.js";
import { tenantGate } from "./bot/tenant-gate.js";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { createAdapter } from "./http/adapter.js";
import { authenticationOf, botTokenChecks, noTokenChecks } from "./http/auth.js";
import { errorHandler, notFound, postOnly } from "./http/errors.js";
import { readActivity } from "./http/inbound.js";
import { readiness } from "./http/readiness.js";
import { answerRoutes } from "./http/answer-routes.js";
import { printRoutes } from "./http/print-routes.js";
import { compose } from "./compose.js";
import { startFederation } from "./federation/index.js";
import type { JobsOptions } from "./jobs/queue.js";
import { createAnswerer } from "./knowledge/planner.js";
import { Background } from "./proactive/background.js";
import { graphInstaller } from "./proactive/installer.js";
import { connectorClientOptions } from "./proactive/sender.js";
import { deferredJobs, jobsIdle, queueStats } from "./services/jobs.js";
import { StartupError } from "./store/data-dir-lock.js";
import { openDb, type Db } from "./store/db.js";
import { migrationIds } from "./store/migrate.js";
import { observeQueues, observeTurn } from "./telemetry/signals.js";

export interface RunningServer {
  url: string;
  db: Db;
  /** Work after a turn: jobs queued and jobs due now. idle() resolves once none is left (tests). */
  background: { idle(withinMs?: number): Promise<boolean> };
  /** One pass over due reminders now, as the timer runs them (tests move the clock, then pass). */
  reminderPass(): Promise<number>;
  close(): Promise<void>;
}
/** /readyz answers 503 when the database has not answered by then (db.ts timeouts suit a turn). */
const READY_TIMEOUT_MS = 1_500;
/**
 * How long a client may take to send one request, headers and body (issue 20): a body that
 * trickles in holds a socket and memory, and Node's own limit is 300 s. Teams and browsers send
 * a request in well under a second.
 */
const REQUEST_TIMEOUT_MS = 15_000;
/** How long a shutdown waits for sends under way; a job cut short is retried by another instance. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Starts everything `npm start` runs: the database (PGlite or PostgreSQL), the Teams AI
 * application on its adapter, and express on POST /api/messages, GET /healthz and GET /readyz.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
  /** The job queue's timings; tests shorten them (a crashed worker's job is retried sooner). */
  jobTimings: {
    jobs?: JobsOptions;
    expireInSeconds?: number;
    reminderPassMs?: number;
    concurrency?: number;
    /** Tests: Graph credentials for the self-install while the bot's own auth stays off. */
    installerCredentials?: { clientId: string; clientSecret: string };
    /** Tests: a shorter REQUEST_TIMEOUT_MS, so that a trickled body is cut within the test. */
    requestTimeoutMs?: number;
  } = {},
): Promise<RunningServer> {
  const { installerCredentials, requestTimeoutMs = REQUEST_TIMEOUT_MS, ...timings } = jobTimings;
  const db = await openDb({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    // Also on PostgreSQL: DATA_DIR is where development keeps its generated key (store/key-file.ts).
    dataDir: config.DATA_DIR,
    ...(config.dataKey ? { dataKey: config.dataKey } : {}),
    ...(config.DATABASE_AUTH === "entra" ? { entra: { clientId: config.AZURE_CLIENT_ID } } : {}),
    onError: (err) => logger.error({ event: "db_idle_error", err: err.message }),
  });
  const adapter = createAdapter(
    {
      MicrosoftAppId: config.MicrosoftAppId ?? "",
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? "",
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? "",
    },
    // One retry layer for proactive sends: ours (src/proactive), not the connector client's too.
    connectorClientOptions,
  );
  adapter.onTurnError = turnErrorHandler(logger);
  let url = "";
  const background = new Background(logger);
  const app = await compose({
    db,
    adapter,
    botAppId: config.MicrosoftAppId ?? "",
    logger,
    clock,
    // Known once listening (PORT may be 0 in tests).
    publicUrl: () => config.PUBLIC_URL ?? url,
    defaultRegion: config.SIP_DEFAULT_REGION,
    admins: config.SIP_ADMINS,
    // Undefined unless a model is configured; the retrieval answer is always the fallback.
    generative: await createAnswerer(config, logger),
    retentionDays: config.RETENTION_DAYS,
    concurrency: config.JOB_CONCURRENCY,
    served: { ...(config.tenants ? { tenants: config.tenants } : {}), names: config.tenantNames },
    ...(config.federation ? { federation: config.federation } : {}),
    ...timings,
    ...installerOf(config, clock, logger, installerCredentials),
    // Jobs a turn queues are sent once Teams has its answer (deferredJobs): a card updated by a
    // job must not land before the turn's own answer, which would then overwrite it.
    wrapJobs: (port) => deferredJobs(port, background),
    later: (task, work) => background.run(task, work),
  });
  const { printLinks, repo } = app;
  // Federation (README "Federation"): off unless FEDERATION_* are set; then /fed/v1 is served
  // and the kallelse's "Vem" also asks the peers.
  const federation =
    config.federation &&
    startFederation(config.federation, {
      db,
      clock,
      logger,
      ...(config.tenants ? { tenants: config.tenants } : {}),
      inbox: app.services.federated,
    });
  const deps = { ...app.deps, adapter, ...(federation ? { peers: federation.client } : {}) };
  const bot = createBot(deps);
  const servesTenant = tenantGate(config.tenants, logger);

  const http = express();
  http.disable("x-powered-by");
  // No caching client reads these answers; hashing every card for an ETag is wasted work.
  http.disable("etag");
  // Liveness: the process answers. It does not ask the database: an orchestrator restarts an
  // instance that fails liveness, and restarting every instance does not bring a database back.
  http.get("/healthz", (_req, res) => void res.json({ status: "ok", database: db.kind }));
  // Readiness: database, migrations, job workers (http/readiness.ts).
  let jobsRunning = false;
  const bundled = await migrationIds();
  http.get(
    "/readyz",
    readiness({ db, bundled, jobsRunning: () => jobsRunning, timeoutMs: READY_TIMEOUT_MS }),
  );
  const publicUrl = () => config.PUBLIC_URL ?? url;
  http.use(
    printRoutes({
      links: printLinks,
      load: (id) => repo.printable(id),
      clock,
      answerUrl: (token) => `${publicUrl()}/svar/${token}`,
    }),
  );
  http.use(answerRoutes({ answers: app.services.answers, publicUrl, logger }));
  // The token before the body is read, its binding to the activity once the envelope is valid
  // (http/auth.ts); without credentials (local development) the adapter accepts anyone.
  const auth = config.authenticated ? botTokenChecks(authenticationOf(adapter), logger) : noTokenChecks;
  http.post("/api/messages", auth.token, ...readActivity, auth.boundToActivity, async (req, res) => {
    // Jobs queued by this turn are sent once Teams has its answer (proactive/background.ts).
    await background.afterTurn(() =>
      adapter.process(req, res, async (context) => {
        // A span and the latency of each turn (telemetry/signals.ts; a no-op unless configured).
        await observeTurn(context.activity, async () => {
          if (await servesTenant(context)) await bot.run(context);
        });
      }),
    );
  });
  http.all("/api/messages", postOnly);
  if (federation) http.use("/fed/v1", federation.routes);
  http.use(notFound, errorHandler(logger));

  const server: Server = await new Promise((resolve, reject) => {
    // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check often
    // enough that the limit is the limit. A timed-out request is answered 408 and closed by Node.
    const s = createServer(
      {
        requestTimeout: requestTimeoutMs,
        headersTimeout: requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs),
      },
      http,
    );
    s.listen(config.PORT, config.host, () => resolve(s));
    s.once("error", (err: NodeJS.ErrnoException) => {
      const why =
        err.code === "EADDRINUSE"
          ? "is already in use (is another SIP-lotsen or the Playground running?)"
          : `cannot be opened (${err.code})`;
      db.close().finally(() => reject(new StartupError(`PORT ${config.PORT} on ${config.host} ${why}`)));
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  logger.info({ event: "listening", url, database: db.kind, authenticated: config.authenticated });
  // compose() started the workers before the server listened; shutdown clears this first.
  jobsRunning = true;
  // Queue depth and the oldest due job's age, read when a metric reader collects (off: never).
  const unobserveQueues = observeQueues(() => queueStats(db, app.jobsSchema));

  const idle = async (withinMs = Infinity) => {
    const deadline = Date.now() + withinMs;
    for (;;) {
      if (!(await background.idle(Math.max(0, deadline - Date.now())))) return false;
      if (await jobsIdle(db, app.jobsSchema)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  };
  return {
    url,
    db,
    background: { idle },
    reminderPass: app.reminderPass,
    close: async () => {
      jobsRunning = false;
      unobserveQueues();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const settled = await background.idle(SHUTDOWN_GRACE_MS);
      if (!settled) logger.warn({ event: "shutdown_with_sends_pending" });
      app.stopPasses();
      // Jobs under way get the grace time; one cut short is retried by the next instance to run.
      await app.jobs.stop({ graceMs: SHUTDOWN_GRACE_MS });
      await db.close();
    },
  };
}

/**
 * The bot installing itself for invitees (README "Partners in another tenant"): with the bot's own
 * Entra app credentials, in the tenants that have a catalog id; otherwise off (paper as before).
 */
function installerOf(
  config: Config,
  clock: Clock,
  logger: Logger,
  credentials?: { clientId: string; clientSecret: string },
) {
  const own =
    config.MicrosoftAppId && config.MicrosoftAppPassword
      ? { clientId: config.MicrosoftAppId, clientSecret: config.MicrosoftAppPassword }
      : undefined;
  const creds = credentials ?? own;
  if (!creds || config.installApps.size === 0) return {};
  return { installer: graphInstaller({ ...creds, apps: config.installApps, clock, logger }) };
}
