import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TeamsAdapter } from "@microsoft/teams-ai";
import express, { type ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import { createBot, type BotDeps } from "./bot/app.js";
import { caseContext } from "./bot/case-context.js";
import { resumeDeliveries } from "./bot/deliveries.js";
import { turnErrorHandler } from "./bot/errors.js";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { activityProblems } from "./http/activity.js";
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

  const http = express();
  http.disable("x-powered-by");
  http.get("/healthz", async (_req, res) => {
    try {
      await db.query("SELECT 1");
      res.json({ status: "ok", database: db.kind });
    } catch {
      res.status(503).json({ status: "unavailable", database: db.kind });
    }
  });
  http.use(printRoutes({ links: printLinks, load: (id) => repo.printable(id), clock }));
  http.post("/api/messages", (req, res, next) => {
    // Without a token there is nothing to validate: answer 401 before reading the body.
    if (config.authenticated && !req.headers.authorization) res.status(401).json({ error: "Unauthorized" });
    else next();
  });
  http.post("/api/messages", express.json({ limit: "256kb" }), async (req, res) => {
    const problems = activityProblems(req.body);
    if (problems.length) {
      res.status(400).json({ error: "Invalid activity", problems });
      return;
    }
    // Invitations queued by this turn go out once Teams has its answer (proactive/background.ts).
    await background.afterTurn(() =>
      adapter.process(req, res, (context) => bot.run(context).then(() => undefined)),
    );
  });
  http.use(((err, _req, res, _next) => {
    const status = typeof err?.status === "number" && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ event: "http_error", err: err?.message });
    res
      .status(status)
      .json({ error: status === 400 ? "Invalid JSON" : status === 413 ? "Too large" : "Error" });
  }) as ErrorRequestHandler);

  const server: Server = await new Promise((resolve) => {
    const s = http.listen(config.PORT, config.host, () => resolve(s));
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
