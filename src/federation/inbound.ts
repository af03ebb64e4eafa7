import type { Request, RequestHandler, Response, Router } from "express";
import type { Logger } from "pino";
import type { z } from "zod/v4";
import { containsPersonnummer } from "../bot/pnr-guard.js";
import type { FederatedService } from "../services/federated.js";
import {
  ANSWERS_PATH,
  FederatedAnswerSchema,
  FederatedInvitationSchema,
  FederatedReminderSchema,
  FederatedWithdrawalSchema,
  INVITATIONS_PATH,
  REMINDERS_PATH,
  WITHDRAWALS_PATH,
} from "../services/federated-protocol.js";
import type { AuditLog } from "../store/audit.js";
import type { Peer } from "./settings.js";

/** What the POST routes hand on: the federated service's receiving side. */
export type FederationInbox = Pick<
  FederatedService,
  "receiveInvitation" | "receiveAnswer" | "receiveWithdrawal" | "receiveReminder"
>;

const STATUS = {
  delivered: 200,
  recorded: 200,
  unchanged: 200,
  // The sender cannot change these by trying again: it goes to paper (outbox.ts PERMANENT).
  unknown_person: 404,
  not_found: 404,
  unreachable: 422,
  retry: 503,
} as const;

/**
 * POST /fed/v1/invitations, /answers, /withdrawals and /reminders, after `verified` (routes.ts). The body is parsed
 * with zod; one holding a personnummer anywhere is refused with 400 and nothing of it is kept
 * (the guard runs on both sides). Both are audited with ids and outcomes only.
 */
export function inboundRoutes(
  router: Router,
  o: { inbox: FederationInbox; audit: AuditLog; logger: Logger; peerOf: (res: Response) => Peer },
) {
  const { inbox, audit, logger, peerOf } = o;

  function post<S extends z.ZodType>(
    path: string,
    schema: S,
    handle: (keyId: string, body: z.infer<S>) => Promise<keyof typeof STATUS>,
  ) {
    const route = path.replace("/fed/v1", "");
    router.post(
      route,
      safe(async (req: Request, res: Response) => {
        const peer = peerOf(res);
        const raw = parseJson(req.body);
        const refused = containsPersonnummer(raw) ? "personnummer" : undefined;
        const parsed = refused ? undefined : schema.safeParse(raw);
        const result = parsed?.success ? await handle(peer.keyId, parsed.data) : undefined;
        const status = result ? STATUS[result] : 400;
        await audit.append({
          actor: `peer:${peer.keyId}`,
          action: `federation.${route.slice(1)}_received`,
          subject: peer.keyId,
          detail: { status, ...(result ? { result } : { refused: refused ?? "malformed" }) },
        });
        logger.info({ event: "federation_post", path: route, peer: peer.keyId, status });
        if (!result) {
          res.status(400).json({ error: refused ?? "malformed_request" });
          return;
        }
        res.status(status).json({ result });
      }),
    );
    router.all(route, (_req, res) => {
      res.status(405).set("Allow", "POST").json({ error: "method_not_allowed" });
    });
  }

  post(INVITATIONS_PATH, FederatedInvitationSchema, (keyId, inv) => inbox.receiveInvitation(keyId, inv));
  post(ANSWERS_PATH, FederatedAnswerSchema, (keyId, a) => inbox.receiveAnswer(keyId, a));
  post(WITHDRAWALS_PATH, FederatedWithdrawalSchema, (keyId, w) => inbox.receiveWithdrawal(keyId, w));
  post(REMINDERS_PATH, FederatedReminderSchema, (keyId, r) => inbox.receiveReminder(keyId, r));
}

function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Express 4 does not catch a rejected handler: hand the error to the error handler. */
function safe(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    Promise.resolve(handler(req, res, next)).catch(next);
  };
}
