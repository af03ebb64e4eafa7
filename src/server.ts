import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TeamsAdapter } from "@microsoft/teams-ai";
import express from "express";
import type { Logger } from "pino";
import { createBot, type BotDeps } from "./bot/app.js";
import { caseContext } from "./bot/case-context.js";
import { resumeDeliveries } from "./bot/deliveries.js";
import { turnErrorHandler } from "./bot/errors.js";
import { tenantGate } from "./bot/tenant-gate.js";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { authenticationOf, botTokenChecks, noTokenChecks } from "./http/auth.js";
import { errorHandler, notFound, postOnly } from "./http/errors.js";
import { readActivity } from "./http/inbound.js";
import { printRoutes } from "./http/print-routes.js";
import { loadArticles } from "./knowledge/articles.js";
import { createAnswerer } from "./knowledge/planner.js";
import { KnowledgeIndex } from "./knowledge/search.js";
import { Synonyms } from "./knowledge/terms.js";
import { Background } from "./proactive/background.js";
import { connectorClientOptions, createSender } from "./proactive/sender.js";
import { CaseRepository } from "./store/cases.js";
import { FlagRepository } from "./store/flags.js";
import { ConversationRefs } from "./store/conversation-refs.js";
import { PrintLinks } from "./store/print-links.js";
import { StartupError } from "./store/data-dir-lock.js";
import { openDb, type Db } from "./store/db.js";
import { PgStorage } from "./store/storage.js";

export interface RunningServer {
  url: string;
  db: Db;
  /** Sends still under way after their turn was answered; close() waits for them. */
  background: Background;
  close(): Promise<void>;
}

/** How often invitations left pending by a stop are looked for (their lease is longer). */
const SWEEP_EVERY_MS = 5 * 60_000;
/** /healthz answers 503 when the database has not answered SELECT 1 by then. */
const HEALTH_TIMEOUT_MS = 1_500;
/** How long a shutdown waits for sends under way. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Starts everything `npm start` runs: the database (PGlite or PostgreSQL), the Teams AI
 * application on its adapter, and express on POST /api/messages and GET /healthz.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const db = await openDb({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    onError: (err) => logger.error({ event: "db_idle_error", err: err.message }),
  });
  const adapter = new TeamsAdapter(
    {
      MicrosoftAppId: config.MicrosoftAppId ?? "",
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? "",
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? "",
    },
    undefined,
    undefined,
    // One retry layer for proactive sends: ours (src/proactive), not the connector client's too.
    connectorClientOptions,
  );
  adapter.onTurnError = turnErrorHandler(logger);
  let url = "";
  // The knowledge index is built from knowledge/ at every start: editing an article needs no code.
  const { articles, problems } = loadArticles();
  for (const problem of problems) logger.warn({ event: "knowledge_article_skipped", problem });
  const knowledge = KnowledgeIndex.build(articles, Synonyms.load());
  logger.info({ event: "knowledge_indexed", articles: knowledge.size });
  const printLinks = new PrintLinks(db);
  const repo = new CaseRepository(db);
  const background = new Background(logger);
  const deps: BotDeps = {
    storage: new PgStorage(db),
    refs: new ConversationRefs(db),
    repo,
    flags: new FlagRepository(db),
    knowledge,
    // Undefined unless a model is configured; the retrieval answer is always the fallback.
    generative: createAnswerer(config, logger),
    printLinks,
    // A flag onward is sent while Teams waits for the card submit's answer (~5 s): keep retries few.
    sender: createSender({ adapter, botAppId: config.MicrosoftAppId ?? "", logger, maxRetries: 2 }),
    background,
    // Known once listening (PORT may be 0 in tests).
    publicUrl: () => config.PUBLIC_URL ?? url,
    clock,
    logger,
    defaultRegion: config.SIP_DEFAULT_REGION,
    adapter,
  };
  const bot = createBot(deps);
  const servesTenant = tenantGate(config.tenants, logger);

  const http = express();
  http.disable("x-powered-by");
  // A load balancer must hear "unavailable" quickly even when the database hangs (db.ts timeouts
  // are longer, sized for a turn): give up after HEALTH_TIMEOUT_MS.
  http.get("/healthz", async (_req, res) => {
    try {
      await withTimeout(db.query("SELECT 1"), HEALTH_TIMEOUT_MS);
      res.json({ status: "ok", database: db.kind });
    } catch {
      res.status(503).json({ status: "unavailable", database: db.kind });
    }
  });
  http.use(printRoutes({ links: printLinks, load: (id) => repo.printable(id), clock }));
  // The token before the body is read, its binding to the activity once the envelope is valid
  // (http/auth.ts); without credentials (local development) the adapter accepts anyone.
  const auth = config.authenticated ? botTokenChecks(authenticationOf(adapter), logger) : noTokenChecks;
  http.post("/api/messages", auth.token, ...readActivity, auth.boundToActivity, async (req, res) => {
    // Invitations queued by this turn go out once Teams has its answer (proactive/background.ts).
    await background.afterTurn(() =>
      adapter.process(req, res, async (context) => {
        if (await servesTenant(context)) await bot.run(context);
      }),
    );
  });
  http.all("/api/messages", postOnly);
  http.use(notFound, errorHandler(logger));

  const server: Server = await new Promise((resolve, reject) => {
    const s = http.listen(config.PORT, config.host, () => resolve(s));
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

  // Invitations a stop left unsent go out now and on every sweep (deliveries.ts).
  const ctx = caseContext(deps);
  const sweep = () =>
    background.run("resume_deliveries", async () => void (await resumeDeliveries(deps, ctx)));
  sweep();
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS).unref();
  return {
    url,
    db,
    background,
    close: async () => {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // What is still sending after the grace time is sent again by the next start's sweep.
      const settled = await background.idle(SHUTDOWN_GRACE_MS);
      if (!settled) logger.warn({ event: "shutdown_with_sends_pending" });
      await db.close();
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
