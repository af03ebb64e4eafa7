import express, { type RequestHandler, type Response, type Router } from "express";
import type { Logger } from "pino";
import { z } from "zod/v4";
import type { Clock } from "../clock.js";
import type { AuditLog } from "../store/audit.js";
import type { FederationStore } from "../store/federation.js";
import { inboundRoutes, type FederationInbox } from "./inbound.js";
import { visibleTenants, type FederationSettings, type Peer } from "./settings.js";
import { verifyRequest } from "./signature.js";
import { observeFederation } from "../telemetry/federation.js";
import {
  ANSWERS_PATH,
  INVITATIONS_PATH,
  REMINDERS_PATH,
  WITHDRAWALS_PATH,
} from "../services/federated-protocol.js";

/** The routes telemetry names (any other path is "other": a path is not echoed). */
const ROUTES = ["/directory", INVITATIONS_PATH, ANSWERS_PATH, WITHDRAWALS_PATH, REMINDERS_PATH].map((p) =>
  p.replace("/fed/v1", ""),
);

/**
 * A directory is for finding the colleague you mean, not for listing everyone (issue 20): at least
 * three letters, at most ten names, and at most 30 queries a minute per peer.
 */
export const DIRECTORY_LIMIT = 10;
export const DIRECTORY_MIN_QUERY = 3;
export const DIRECTORY_QUERIES_PER_MINUTE = 30;
/** Names hold no digits: a query with one is refused, so no number (a personnummer) is searched. */
export const DirectoryQuery = z.object({
  q: z
    .string()
    .trim()
    .min(DIRECTORY_MIN_QUERY)
    .max(100)
    .regex(/^[^\d]*$/, "a name holds no digits")
    // Letters, not length: "a -" would otherwise pass as three characters and match everyone.
    .refine((q) => (q.match(/\p{L}/gu) ?? []).length >= DIRECTORY_MIN_QUERY, "at least three letters"),
});

export interface FederationRouteDeps {
  settings: FederationSettings;
  store: FederationStore;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** The tenants this instance serves (config.tenants); undefined: every tenant (development). */
  tenants?: ReadonlySet<string>;
  /** Invitations and answers from peers (services/federated.ts); left out, those paths are 404. */
  inbox?: FederationInbox;
}

/** The verified peer of a request, set by `verified` for the handlers after it. */
const peerOf = (res: Response): Peer => res.locals.peer as Peer;

/**
 * `/fed/v1/*`, mounted only when federation is configured (server.ts): without it these paths are
 * unknown (404). Every request is verified in full (signature, time, digest) before its nonce is
 * stored, so a tampered copy cannot burn the genuine request's nonce.
 *
 * Decision: verified requests (also replays) are written to the audit log; refused ones only to
 * the log, since anyone on the internet could otherwise grow the append-only table at will.
 */
export function federationRoutes(deps: FederationRouteDeps): Router {
  const { settings, store, audit, clock, logger } = deps;
  const router = express.Router();
  // A span and a count per request, by route and result, with the verified peer's key id.
  router.use(observeFederation(ROUTES));
  // The raw bytes: the digest is over the body as sent, not over a re-serialised parse.
  router.use(express.raw({ type: () => true, limit: "64kb" }));

  const verified: RequestHandler = safe(async (req, res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifyRequest(
      { method: req.method, targetUri: settings.publicUrl + req.originalUrl, headers: req.headers, body },
      settings.peers,
      clock,
    );
    if (!verdict.ok) {
      logger.warn({
        event: "federation_refused",
        path: req.path,
        status: verdict.status,
        reason: verdict.error,
      });
      res.status(verdict.status).json({ error: verdict.error });
      return;
    }
    const { peer } = verdict;
    if (!(await store.claimNonce(peer.keyId, verdict.nonce, verdict.expires, clock.now()))) {
      logger.warn({ event: "federation_replay", path: req.path, peer: peer.keyId });
      await audit.append({
        actor: `peer:${peer.keyId}`,
        action: "federation.replay_refused",
        subject: peer.keyId,
        detail: { method: req.method, path: req.path },
      });
      res.status(409).json({ error: "nonce_replayed" });
      return;
    }
    res.locals.peer = peer;
    next();
  });

  // Everything under /fed/v1 is verified first: an unsigned request learns nothing, not even a 404.
  router.use(verified);
  router.get(
    "/directory",
    safe(async (req, res) => {
      const peer = peerOf(res);
      const { count, windowEnds } = await store.countQuery(peer.keyId, clock.now());
      if (count > DIRECTORY_QUERIES_PER_MINUTE) {
        const retryAfter = Math.max(1, Math.ceil((windowEnds.getTime() - clock.now().getTime()) / 1000));
        // Logged per peer, not audited: a peer over its limit could otherwise grow the audit table.
        logger.warn({ event: "federation_directory_limited", peer: peer.keyId, count });
        res.status(429).set("Retry-After", String(retryAfter)).json({ error: "too_many_requests" });
        return;
      }
      const query = DirectoryQuery.safeParse(req.query);
      const people = query.success
        ? await store.directory(visibleTenants(peer, deps.tenants), query.data.q, DIRECTORY_LIMIT)
        : [];
      // Ids and counts only: the query is a name.
      await audit.append({
        actor: `peer:${peer.keyId}`,
        action: "federation.directory_answered",
        subject: peer.keyId,
        detail: { status: query.success ? 200 : 400, results: people.length },
      });
      logger.info({ event: "federation_directory", peer: peer.keyId, results: people.length });
      if (!query.success) {
        res.status(400).json({ error: "malformed_query" });
        return;
      }
      res.json({ organisation: settings.name, people });
    }),
  );
  router.all("/directory", (_req, res) => {
    res.status(405).set("Allow", "GET").json({ error: "method_not_allowed" });
  });
  if (deps.inbox) inboundRoutes(router, { inbox: deps.inbox, audit, logger, peerOf });
  return router;
}

/** Express 4 does not catch a rejected handler: hand the error to the error handler. */
function safe(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    Promise.resolve(handler(req, res, next)).catch(next);
  };
}
