import type { CloudAdapter } from "botbuilder";
import type { Logger } from "pino";
import type { BotDeps } from "./bot/app.js";
import type { Clock } from "./clock.js";
import { outboxSealing } from "./store/outbox-sealing.js";
import { federationPort, startOutbox, type FederationSettings, type Outbox } from "./federation/index.js";
import { JOBS_DEFAULTS, startJobs, type Jobs, type JobsOptions } from "./jobs/queue.js";
import { loadArticles } from "./knowledge/articles.js";
import type { GenerativeAnswerer } from "./knowledge/generative.js";
import { KnowledgeIndex } from "./knowledge/search.js";
import { Synonyms } from "./knowledge/terms.js";
import { cardSender } from "./proactive/card-sender.js";
import { createSender } from "./proactive/sender.js";
import type { AppInstaller } from "./services/deps.js";
import { createServices, type JobPort, type ServedTenants, type Services } from "./services/index.js";
import { jobPort, workQueues } from "./services/jobs.js";
import { retentionPass } from "./services/retention.js";
import type { RegionKey } from "./sip/index.js";
import { CaseRepository } from "./store/cases.js";
import { ConversationRefs } from "./store/conversation-refs.js";
import type { Db } from "./store/db.js";
import { FlagRepository } from "./store/flags.js";
import { PlanRepository } from "./store/plans.js";
import { PrintLinks } from "./store/print-links.js";
import { ReminderRepository } from "./store/reminders.js";
import { AuditLog } from "./store/audit.js";

export interface Composition {
  deps: BotDeps;
  services: Services;
  jobs: Jobs;
  /** pg-boss's schema, where jobsIdle (services/jobs.ts) looks. */
  jobsSchema: string;
  printLinks: PrintLinks;
  repo: CaseRepository;
  /** One pass over due reminders now (tests; the server runs them every REMINDER_PASS_MS). */
  reminderPass(): Promise<number>;
  /** Ends the periodic passes (before the job queue stops). */
  stopPasses(): void;
}

/**
 * The one place the app is put together from a database and an adapter: repositories, the one
 * card sender, the job queue and its workers, the services, the knowledge index. The server and
 * the tests both use it, so what is tested is what runs.
 */
export async function compose(o: {
  db: Db;
  adapter: CloudAdapter;
  botAppId: string;
  logger: Logger;
  clock: Clock;
  publicUrl: () => string;
  defaultRegion: RegionKey;
  /** SIP_ADMINS: who may run `stats` in Teams; none when left out. */
  admins?: readonly string[];
  generative?: GenerativeAnswerer;
  jobs?: JobsOptions;
  /** How long a job may run before it counts as crashed and is retried (services/jobs.ts). */
  expireInSeconds?: number;
  /** Sends a job runs at once on this instance. */
  concurrency?: number;
  /** RETENTION_DAYS (services/retention.ts); the daily pass runs when set. */
  retentionDays?: number;
  /** Between passes for due reminders (services/jobs.ts); 0: only the pass at start. */
  reminderPassMs?: number;
  /** Runs work after the turn's answer (services/deps.ts `later`); left out, at once. */
  later?: (task: string, work: () => Promise<void>) => void;
  /** Wraps what services queue (the server defers it until the turn is answered). */
  wrapJobs?: (port: JobPort) => JobPort;
  /** The tenants served and their names (config.ts): the kallelse's "Vem" searches them all. */
  served?: ServedTenants;
  /** Federation (README "Federation"): invitations to peers' users go out through the outbox. */
  federation?: FederationSettings;
  /** The bot installing itself for invitees it never met (proactive/installer.ts); absent: off. */
  installer?: AppInstaller;
}): Promise<Composition> {
  const { db, logger, clock } = o;
  // The knowledge index is built from knowledge/ at every start: editing an article needs no code.
  const { articles, problems } = loadArticles();
  for (const problem of problems) logger.warn({ event: "knowledge_article_skipped", problem });
  const knowledge = KnowledgeIndex.build(articles, Synonyms.load());
  logger.info({ event: "knowledge_indexed", articles: knowledge.size });

  const refs = new ConversationRefs(db);
  const repo = new CaseRepository(db);
  const printLinks = new PrintLinks(db);
  // Sends run in jobs, not while Teams waits for an answer; a flag's card is sent inside a turn
  // (~5 s), so the sender's own retries stay few and the queue retries the rest.
  const sender = createSender({ adapter: o.adapter, botAppId: o.botAppId, logger, maxRetries: 2 });
  const jobs = await startJobs(db, logger, o.jobs);
  // The outbox needs the services (its outcomes update invitees) and they need it: bound late.
  let outbox: Outbox | undefined;
  const federation = o.federation && federationPort(o.federation, () => outbox, logger, o.served?.tenants);
  const services = createServices(
    {
      db,
      repo,
      flags: new FlagRepository(db),
      refs,
      printLinks,
      plans: new PlanRepository(db),
      reminders: new ReminderRepository(db),
      cards: cardSender(sender, refs),
      jobs: o.wrapJobs ? o.wrapJobs(jobPort(jobs)) : jobPort(jobs),
      publicUrl: o.publicUrl,
      clock,
      logger,
      defaultRegion: o.defaultRegion,
      ...(o.later ? { later: o.later } : {}),
      ...(federation ? { federation } : {}),
      ...(o.installer ? { installer: o.installer } : {}),
    },
    o.served,
  );
  if (o.federation)
    outbox = await startOutbox(jobs, {
      settings: o.federation,
      clock,
      logger: logger.child({ component: "federation" }),
      audit: new AuditLog(db),
      onOutcome: (key, outcome) => services.federated.sent(key, outcome),
      wanted: (key) => services.federated.wanted(key),
      sealing: outboxSealing(db),
    });
  const passes = await workQueues(jobs, {
    delivery: services.delivery,
    reminders: services.reminders,
    plan: services.plan,
    repo,
    ...(o.reminderPassMs !== undefined ? { reminderPassMs: o.reminderPassMs } : {}),
    ...(o.retentionDays
      ? { retention: () => retentionPass({ db, clock, logger, retentionDays: o.retentionDays ?? 90 }) }
      : {}),
    logger,
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    ...(o.expireInSeconds ? { expireInSeconds: o.expireInSeconds } : {}),
  });
  const deps: BotDeps = {
    services,
    knowledge,
    ...(o.generative ? { generative: o.generative } : {}),
    clock,
    logger,
    defaultRegion: o.defaultRegion,
    admins: o.admins ?? [],
  };
  const jobsSchema = o.jobs?.schema ?? JOBS_DEFAULTS.schema;
  return {
    deps,
    services,
    jobs,
    jobsSchema,
    printLinks,
    repo,
    reminderPass: passes.reminderPass,
    stopPasses: passes.stop,
  };
}
