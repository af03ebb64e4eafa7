import type { Logger } from "pino";
import { z } from "zod/v4";
import type { Clock } from "../clock.js";
import type { Jobs, Tx } from "../jobs/queue.js";
import type { AuditLog } from "../store/audit.js";
import type { FederationSettings } from "./settings.js";
import { signRequest } from "./signature.js";

export const OUTBOX_QUEUE = "federation.send";
export const FIRST_RETRY_S = 10;
export const MAX_RETRY_S = 300;
export const GIVE_UP_MS = 24 * 60 * 60 * 1000;
/** Answers that retrying cannot change: the request itself is wrong for the peer. */
const PERMANENT = new Set([400, 404, 405, 413, 415, 422]);

const OutboxJob = z.object({
  peer: z.string().min(1),
  path: z.string().regex(/^\/fed\/v1\/[a-z]+$/),
  body: z.string(),
  key: z.string().min(1),
  firstAt: z.iso.datetime(),
  attempt: z.number().int().min(0),
});
type OutboxJob = z.infer<typeof OutboxJob>;

export type Outcome = "delivered" | "refused" | "given_up";

/** Seconds before attempt `attempt + 1`: 10, 20, 40 … at most 300. */
export const retryDelayS = (attempt: number) => Math.min(FIRST_RETRY_S * 2 ** attempt, MAX_RETRY_S);

/**
 * Durable signed POSTs to peers (invitations and answers will go through it): one pg-boss job per
 * attempt. A peer that is down is tried again after 10 s, doubling up to 5 min, for 24 h by our
 * clock; then `onOutcome` hears "given_up". pg-boss's own backoff has no cap and reads the
 * database's clock, so each next attempt is a new job with its own startAfter instead.
 * Every attempt signs afresh (new nonce and created), so the receiver must dedupe on the
 * payload's own id: a delivery is at least once.
 */
export async function startOutbox(
  jobs: Jobs,
  o: {
    settings: FederationSettings;
    clock: Clock;
    logger: Logger;
    audit: AuditLog;
    onOutcome?: (key: string, outcome: Outcome) => Promise<void>;
    /** Asked before every attempt: false drops the delivery unsent (an invitation withdrawn meanwhile). */
    wanted?: (key: string) => Promise<boolean>;
    /**
     * Seals a body before it is queued and opens it before each attempt (store/outbox-sealing.ts):
     * a job waits for hours while a peer is down, and its case text must go with the case's key.
     * `open` gives undefined once the key is destroyed: the delivery is dropped unsent.
     */
    sealing?: {
      seal(key: string, text: string): Promise<string>;
      open(key: string, body: string): Promise<string | undefined>;
    };
    timeoutMs?: number;
    fetch?: typeof fetch;
  },
) {
  const { settings, clock, logger, audit } = o;
  const send = o.fetch ?? fetch;
  const key = { keyId: settings.keyId, privateKey: settings.privateKey };
  // A throw (our database down mid-attempt) is retried by pg-boss; peers' failures are not thrown.
  await jobs.define(OUTBOX_QUEUE, { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 });

  async function attempt(job: OutboxJob): Promise<void> {
    if (o.wanted && !(await o.wanted(job.key))) {
      await audit.append({
        actor: "system",
        action: "federation.sent",
        subject: job.key,
        detail: { peer: job.peer, path: job.path, attempt: job.attempt, outcome: "dropped" },
      });
      logger.info({ event: "federation_send_dropped", peer: job.peer, key: job.key });
      return;
    }
    const text = o.sealing ? await o.sealing.open(job.key, job.body) : job.body;
    if (text === undefined) {
      logger.info({ event: "federation_send_erased", peer: job.peer, key: job.key });
      return;
    }
    const peer = settings.peers.find((p) => p.keyId === job.peer);
    let status = 0;
    if (peer) {
      const url = `${peer.url}${job.path}`;
      try {
        const body = { contentType: "application/json", text };
        const headers = await signRequest({ method: "POST", url, body }, key, clock);
        const res = await send(url, {
          method: "POST",
          headers,
          body: text,
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
        status = res.status;
        await res.body?.cancel();
      } catch {
        status = 0; // down, refused or too slow: tried again
      }
    }
    const outcome: Outcome | undefined =
      status >= 200 && status < 300
        ? "delivered"
        : !peer || PERMANENT.has(status)
          ? "refused"
          : clock.now().getTime() - Date.parse(job.firstAt) >= GIVE_UP_MS
            ? "given_up"
            : undefined;
    await audit.append({
      actor: "system",
      action: `federation.sent`,
      subject: job.key,
      detail: {
        peer: job.peer,
        path: job.path,
        attempt: job.attempt,
        status,
        ...(outcome ? { outcome } : {}),
      },
    });
    if (outcome) {
      logger.info({
        event: "federation_send_done",
        peer: job.peer,
        key: job.key,
        outcome,
        attempts: job.attempt + 1,
      });
      await o.onOutcome?.(job.key, outcome);
      return;
    }
    const next = { ...job, attempt: job.attempt + 1 };
    const startAfter = new Date(clock.now().getTime() + retryDelayS(job.attempt) * 1000);
    logger.warn({
      event: "federation_send_retry",
      peer: job.peer,
      key: job.key,
      status,
      attempt: next.attempt,
    });
    await jobs.send(OUTBOX_QUEUE, next, { key: `${job.key}#${next.attempt}`, startAfter });
  }
  jobs.work<OutboxJob>(OUTBOX_QUEUE, (job) => attempt(job.data), { parse: (d) => OutboxJob.parse(d) });

  return {
    /**
     * Queues `payload` for the peer with `peerKeyId`; `key` names the delivery (an invitation id):
     * queued twice, it is sent once. With `tx`, it is queued with the change that caused it.
     */
    async send(peerKeyId: string, path: string, payload: unknown, deliveryKey: string, tx?: Tx) {
      const job: OutboxJob = {
        peer: peerKeyId,
        path,
        body: o.sealing
          ? await o.sealing.seal(deliveryKey, JSON.stringify(payload))
          : JSON.stringify(payload),
        key: deliveryKey,
        firstAt: clock.now().toISOString(),
        attempt: 0,
      };
      await jobs.send(OUTBOX_QUEUE, OutboxJob.parse(job), { key: `${deliveryKey}#0` }, tx);
    },
  };
}
export type Outbox = Awaited<ReturnType<typeof startOutbox>>;
