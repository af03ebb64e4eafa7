import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod/v4";
import type { Jobs } from "../jobs/queue.js";
import type { Background } from "../proactive/background.js";
import type { Db } from "../store/db.js";
import type { QueueStat } from "../telemetry/signals.js";
import type { CaseRepository } from "../store/cases.js";
import type { DeliveryService } from "./delivery.js";
import type { PlanService } from "./plan.js";
import type { ReminderService } from "./reminders.js";
import type { JobPort } from "./deps.js";

/**
 * The app's queues on pg-boss (src/jobs/): all work that is not the answer to a turn. Every
 * instance works every queue; a job is idempotent (its id comes from its key, and its handler reads
 * the stored state first), retried with backoff, and one that fails for good ends where the
 * convener is told.
 */
export const QUEUES = {
  /** One invitee's card (key: the invitee id, so queuing one twice sends once). */
  deliver: "invitation-deliver",
  /** A delivery whose retries are used up: the printable path, and the convener told. */
  deliverFailed: "invitation-deliver-failed",
  /** A withdrawn invitee's card in Teams replaced with one saying so. */
  withdrawn: "invitation-withdrawn",
  /** The convener's tracking card brought up to date (key: one per change). */
  tracking: "tracking-update",
  /** One due reminder's card (key: the reminder id, so claiming it twice sends once). */
  reminder: "reminder-deliver",
  /** A reminder whose retries are used up: the convener is told it did not arrive. */
  reminderFailed: "reminder-deliver-failed",
  /** The lead's card for a saved plan (key: case and plan version). */
  lead: "plan-lead",
  /** The former convener told that the lead took the case over (key: one per handover). */
  handover: "case-handover",
} as const;

/**
 * Retries of a refused send (429, or 5xx after the sender's own retries): about 5, 10, 20 and 40
 * minutes (jittered), so a brief outage costs minutes; then the invitee goes on paper and the
 * tracking card says "kunde inte nås". 403 and "no conversation" go to paper at once (delivery.ts).
 */
export const DELIVERY_RETRIES = { retryLimit: 4, retryDelay: 300, retryBackoff: true };
/** A crashed instance's job is retried by another after this long; one send takes seconds. */
const EXPIRE_SECONDS = 120;

const InviteeJob = z.object({ inviteeId: z.uuid() });
const WithdrawnJob = z.object({ caseId: z.uuid(), inviteeId: z.uuid() });
const TrackingJob = z.object({ kallelseId: z.uuid() });
const ReminderJob = z.object({ reminderId: z.uuid() });
const LeadJob = z.object({ caseId: z.uuid() });
const HandoverJob = z.object({ caseId: z.uuid(), formerUserId: z.string().min(1).max(256) });
/** How often due reminders are looked for: the issue asks for every due one within 60 s. */
export const REMINDER_PASS_MS = 30_000;

/** The services' side of the queues: what they send (JobPort). */
export function jobPort(jobs: Jobs): JobPort {
  return {
    async deliverInvitations(invitees) {
      for (const i of invitees) await jobs.send(QUEUES.deliver, { inviteeId: i.id }, { key: i.id });
    },
    async replaceWithdrawn(caseId, invitees) {
      for (const i of invitees) await jobs.send(QUEUES.withdrawn, { caseId, inviteeId: i.id }, { key: i.id });
    },
    async updateTracking(kallelseId) {
      // Each change is its own job: the card is read when the job runs, so it is never stale.
      await jobs.send(QUEUES.tracking, { kallelseId }, { key: `${kallelseId}:${randomUUID()}` });
    },
    async notifyLead(caseId, version) {
      await jobs.send(QUEUES.lead, { caseId }, { key: `${caseId}:${version}` });
    },
    async notifyHandover(caseId, formerUserId) {
      // Queued once per handover that changed the case: the key only has to be unique.
      await jobs.send(QUEUES.handover, { caseId, formerUserId }, { key: `${caseId}:${randomUUID()}` });
    },
  };
}

/**
 * Queues what a turn asks for only once the turn has been answered (Background.afterTurn): a
 * tracking card replaced by a job before Teams shows the turn's own answer would be overwritten by
 * it. What a stop loses in between is still pending in the database: the next start queues it.
 */
export function deferredJobs(port: JobPort, background: Background): JobPort {
  return {
    deliverInvitations: async (invitees) =>
      background.run("queue_deliveries", () => port.deliverInvitations(invitees)),
    replaceWithdrawn: async (caseId, invitees) =>
      background.run("queue_withdrawn", () => port.replaceWithdrawn(caseId, invitees)),
    updateTracking: async (kallelseId) =>
      background.run("queue_tracking", () => port.updateTracking(kallelseId)),
    notifyLead: async (caseId, version) =>
      background.run("queue_lead", () => port.notifyLead(caseId, version)),
    notifyHandover: async (caseId, formerUserId) =>
      background.run("queue_handover", () => port.notifyHandover(caseId, formerUserId)),
  };
}

/** True when no job is waiting to run now or running (a retry waiting for later does not count). */
export async function jobsIdle(db: Db, schema: string): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schema}.job WHERE state < 'completed' AND start_after <= now()`,
  );
  return Number(row?.n ?? 0) === 0;
}

/**
 * Jobs due and waiting per queue, and how long the oldest has waited since it fell due (metrics,
 * telemetry/signals.ts): one grouped query over pg-boss's waiting rows, read once an export interval.
 */
export async function queueStats(db: Db, schema: string): Promise<QueueStat[]> {
  const rows = await db.query<{ queue: string; depth: number; age: number | string | null }>(
    `SELECT q.name AS queue, count(j.id)::int AS depth,
       extract(epoch FROM now() - min(j.start_after))::float8 AS age
     FROM ${schema}.queue q
     LEFT JOIN ${schema}.job j ON j.name = q.name AND j.state < 'active' AND j.start_after <= now()
     GROUP BY q.name`,
  );
  return rows.map((r) => ({
    queue: r.queue,
    depth: Number(r.depth),
    oldestAgeSeconds: Math.max(0, Number(r.age ?? 0)),
  }));
}

/**
 * Defines the queues and works them on this instance, then queues the delivery of every invitee
 * still pending: one stored just before a crash, before its job was sent (keys make this a no-op
 * for those that have one).
 */
export async function workQueues(
  jobs: Jobs,
  deps: {
    delivery: DeliveryService;
    reminders: ReminderService;
    plan: PlanService;
    repo: CaseRepository;
    logger: Logger;
    concurrency?: number;
    expireInSeconds?: number;
    /** Between passes for due reminders; 0: only the pass at start (tests call passes themselves). */
    reminderPassMs?: number;
    /** The retention pass (services/retention.ts): at start, then once a day. */
    retention?: () => Promise<unknown>;
  },
): Promise<{ reminderPass(): Promise<number>; stop(): void }> {
  const { delivery, repo, logger } = deps;
  const base = { expireInSeconds: deps.expireInSeconds ?? EXPIRE_SECONDS };
  await jobs.define(QUEUES.deliverFailed, { retryLimit: 2, retryDelay: 60, retryBackoff: true, ...base });
  await jobs.define(QUEUES.deliver, { ...DELIVERY_RETRIES, ...base, deadLetter: QUEUES.deliverFailed });
  await jobs.define(QUEUES.withdrawn, { retryLimit: 3, retryDelay: 60, retryBackoff: true, ...base });
  await jobs.define(QUEUES.tracking, { retryLimit: 2, retryDelay: 30, retryBackoff: true, ...base });

  jobs.work(
    QUEUES.deliver,
    async (job) => {
      const outcome = await delivery.deliver(job.data.inviteeId);
      // Thrown, the attempt fails and pg-boss tries again later, with backoff.
      if (outcome === "retry") throw new Error("send refused for now");
    },
    { parse: InviteeJob.parse, concurrency: deps.concurrency ?? 1 },
  );
  jobs.work(
    QUEUES.deliverFailed,
    async (job) => {
      logger.warn({ event: "invitation_retries_used_up", invitee: job.data.inviteeId });
      await delivery.gaveUp(job.data.inviteeId);
    },
    { parse: InviteeJob.parse },
  );
  jobs.work(QUEUES.withdrawn, (job) => delivery.replaceWithdrawnById(job.data.caseId, job.data.inviteeId), {
    parse: WithdrawnJob.parse,
  });
  jobs.work(QUEUES.tracking, (job) => delivery.trackingOf(job.data.kallelseId), { parse: TrackingJob.parse });
  const ticks = await workReminders(jobs, { ...deps, base });

  const pending = await repo.pendingInvitees();
  const port = jobPort(jobs);
  await port.deliverInvitations(pending.map((id) => ({ id })));
  if (pending.length) logger.info({ event: "deliveries_queued_at_start", invitees: pending.length });
  const daily = deps.retention && repeat(deps.retention, DAY_MS, "retention_pass_failed", logger);
  return {
    reminderPass: ticks.reminderPass,
    stop: () => {
      ticks.stop();
      daily?.stop();
    },
  };
}

const DAY_MS = 86_400_000;

/**
 * Runs work now and every `ms` on this instance; a failure is logged and tried at the next turn.
 * Only a trigger: what is due lives in the database, and claiming it is safe across instances.
 */
function repeat(work: () => Promise<unknown>, ms: number, failed: string, logger: Logger) {
  void guarded(work, failed, logger)();
  return repeatLater(work, ms, logger, failed);
}
function repeatLater(
  work: () => Promise<unknown>,
  ms: number,
  logger: Logger,
  failed = "reminder_pass_failed",
) {
  const timer = setInterval(() => void guarded(work, failed, logger)(), ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
const guarded = (work: () => Promise<unknown>, failed: string, logger: Logger) => () =>
  work().catch((err: unknown) =>
    logger.error({ event: failed, err: err instanceof Error ? err.message : String(err) }),
  );

/**
 * Reminders: due rows are claimed and queued (one job each, key = reminder id, in the claiming
 * transaction) at start and every `reminderPassMs`; every instance runs passes, SKIP LOCKED keeps
 * them apart. Delivery retries like an invitation's, then the convener is told.
 */
const REMINDER_BATCH = 10;

async function workReminders(
  jobs: Jobs,
  deps: {
    reminders: ReminderService;
    plan: PlanService;
    logger: Logger;
    concurrency?: number;
    reminderPassMs?: number;
    base: { expireInSeconds: number };
  },
) {
  const { reminders, logger, base } = deps;
  await jobs.define(QUEUES.reminderFailed, { retryLimit: 2, retryDelay: 60, retryBackoff: true, ...base });
  await jobs.define(QUEUES.reminder, { ...DELIVERY_RETRIES, ...base, deadLetter: QUEUES.reminderFailed });
  await jobs.define(QUEUES.lead, { retryLimit: 4, retryDelay: 60, retryBackoff: true, ...base });
  await jobs.define(QUEUES.handover, { retryLimit: 4, retryDelay: 60, retryBackoff: true, ...base });
  jobs.work(
    QUEUES.reminder,
    async (job) => {
      if ((await reminders.deliver(job.data.reminderId)) === "retry") throw new Error("send refused for now");
    },
    // Ten claimed per fetch: a backlog is mostly fetching otherwise (bench/README.md, Reminders).
    { parse: ReminderJob.parse, concurrency: deps.concurrency ?? 1, batchSize: REMINDER_BATCH },
  );
  jobs.work(QUEUES.reminderFailed, (job) => reminders.gaveUp(job.data.reminderId), {
    parse: ReminderJob.parse,
  });
  jobs.work(
    QUEUES.lead,
    async (job) => {
      if ((await deps.plan.sendLeadCard(job.data.caseId)) === "retry")
        throw new Error("send refused for now");
    },
    { parse: LeadJob.parse },
  );
  jobs.work(
    QUEUES.handover,
    async (job) => {
      if ((await deps.plan.sendHandoverCard(job.data.caseId, job.data.formerUserId)) === "retry")
        throw new Error("send refused for now");
    },
    { parse: HandoverJob.parse },
  );

  const reminderPass = () =>
    reminders.dispatchDue((tx, ids) =>
      jobs.sendMany(
        QUEUES.reminder,
        ids.map((reminderId) => ({ data: { reminderId }, key: reminderId })),
        tx,
      ),
    );
  // The pass at start is awaited: every reminder already due is queued before the server listens.
  await reminderPass().catch((err: unknown) =>
    logger.error({ event: "reminder_pass_failed", err: err instanceof Error ? err.message : String(err) }),
  );
  const every = deps.reminderPassMs ?? REMINDER_PASS_MS;
  const passes = every > 0 ? repeatLater(reminderPass, every, logger) : undefined;
  return { reminderPass, stop: () => passes?.stop() };
}
