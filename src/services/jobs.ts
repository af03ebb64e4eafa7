import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod/v4";
import type { Jobs } from "../jobs/queue.js";
import type { Background } from "../proactive/background.js";
import type { Db } from "../store/db.js";
import type { CaseRepository } from "../store/cases.js";
import type { DeliveryService } from "./delivery.js";
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
 * Defines the queues and works them on this instance, then queues the delivery of every invitee
 * still pending: one stored just before a crash, before its job was sent (keys make this a no-op
 * for those that have one).
 */
export async function workQueues(
  jobs: Jobs,
  deps: {
    delivery: DeliveryService;
    repo: CaseRepository;
    logger: Logger;
    concurrency?: number;
    expireInSeconds?: number;
  },
): Promise<void> {
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

  const pending = await repo.pendingInvitees();
  const port = jobPort(jobs);
  await port.deliverInvitations(pending.map((id) => ({ id })));
  if (pending.length) logger.info({ event: "deliveries_queued_at_start", invitees: pending.length });
}
