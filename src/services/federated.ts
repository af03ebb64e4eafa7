import type { Actor } from "../cases/access.js";
import type { Invitee } from "../cases/model.js";
import { invitationCard, withdrawnInvitationCard } from "../cards/case-views.js";
import { localeOf } from "../cards/locale.js";
import { STRINGS } from "../cards/render.js";
import { fill } from "../sip/text.js";
import type { Locale } from "../sip/index.js";
import { AuditLog } from "../store/audit.js";
import { FederatedInvitations, type FederatedInvitationRow } from "../store/federated-invitations.js";
import { FederationStore } from "../store/federation.js";
import type { DeliveryService } from "./delivery.js";
import type { ServiceDeps } from "./deps.js";
import { federatedNotices } from "./federated-notices.js";
import {
  ANSWERS_PATH,
  answerKey,
  FederatedInvitationSchema,
  type FederatedAnswer,
  type FederatedInvitation,
} from "./federated-protocol.js";
import type { InvitationService } from "./invitations.js";

export type ReceiveResult = "delivered" | "unknown_person" | "unreachable" | "retry";
/**
 * The invitee's answer as pressed here: a colleague handed to is a local user (this instance's
 * directory, their tenant); the wire carries them as the opaque id peers know them by.
 */
export type LocalAnswer =
  | { kind: "accept" }
  | { kind: "decline"; reason: string }
  | { kind: "substitute"; name: string; userId?: string }
  | { kind: "forward"; name: string; userId: string };
const STATUS_OF = {
  accept: "accepted",
  decline: "declined",
  substitute: "substituted",
  forward: "forwarded",
} as const;
const ANSWERED_HERE: readonly FederatedInvitationRow["status"][] = Object.values(STATUS_OF);
/**
 * A claim to send a card older than this was lost (the instance died between claim and send): the
 * peer's next retry may claim it again. Longer than one send with the card sender's own retries.
 */
export const SENDING_LEASE_MS = 10 * 60 * 1000;

/**
 * Federated invitations (README "Federation"). On the invitee's side: a peer's invitation is
 * stored once per reference, its card sent to our user through our own sender, and only that user
 * can answer; the answer goes back signed through the outbox. On the convener's side: a peer's
 * answer is applied with the same rule as a local one, and the outbox's outcomes are recorded.
 */
export function federatedService(
  deps: ServiceDeps,
  invitations: InvitationService,
  delivery: DeliveryService,
) {
  const { refs, cards, logger, clock } = deps;
  const rows = new FederatedInvitations(deps.db);
  const people = new FederationStore(deps.db);
  const audit = new AuditLog(deps.db);

  /** What the peer sent, parsed again as read back (it was checked on receipt). */
  const invitationOf = (row: FederatedInvitationRow) => FederatedInvitationSchema.parse(row.invitation);

  /** The stored invitation as the invitation card shows it: "from" names the peer as we call it. */
  function card(
    locale: Locale,
    row: FederatedInvitationRow,
    error = "",
    /** The invitee's own text, shown again after a refused answer (never stored). */
    typed: { reason?: string; substituteName?: string } = {},
  ) {
    const inv = invitationOf(row);
    if (row.status === "withdrawn") return withdrawnInvitationCard(locale, inv.caseCode, row.sipEnded);
    const peer = deps.federation?.peerName(row.keyId) ?? "";
    const invitee: Invitee = {
      id: row.id,
      kallelseId: row.ref,
      seq: 1,
      kind: "teams",
      userId: row.userId,
      tenantId: row.tenantId,
      ...inv.invitee,
      status: ANSWERED_HERE.includes(row.status) ? (row.status as Invitee["status"]) : "invited",
      ...(row.declineReason ? { declineReason: row.declineReason } : {}),
    };
    const convenerName = peer ? `${inv.convenerName} (${peer})` : inv.convenerName;
    const undelivered = fill(STRINGS[locale].cases.invite.answerUndelivered, {
      peer,
      convener: inv.convenerName,
    });
    return invitationCard(
      locale,
      {
        caseCode: inv.caseCode,
        convenerName,
        details: inv.details,
        invitee: { ...invitee, ...(row.nextName ? { nextName: row.nextName } : {}) },
        // The convener's region is not sent: what some region allows stands (workflow.ts).
        region: "any",
      },
      error || (row.answerUndelivered ? undelivered : ""),
      typed,
    );
  }

  /** Ours, for the invitee only: the same tenant and user as the directory entry it was sent to. */
  const isOwner = (actor: Actor, row: FederatedInvitationRow) =>
    actor.userId === row.userId && actor.tenantId === row.tenantId;
  const notices = federatedNotices(deps, card);

  return {
    receiveWithdrawal: notices.receiveWithdrawal,
    receiveReminder: notices.receiveReminder,

    /** A peer's invitation, received: stored once, its card sent once (a repeat sends nothing). */
    async receiveInvitation(keyId: string, inv: FederatedInvitation): Promise<ReceiveResult> {
      const person = await people.person(inv.person);
      if (!person) return "unknown_person";
      // A tenant taken out of ALLOWED_TENANTS, or one this peer may not see, is gone for it: the
      // same 404 as an unknown person, and nothing stored or sent (issue 20).
      if (!deps.federation?.maySee(keyId, person.tenantId)) {
        logger.warn({ event: "federation_tenant_refused", peer: keyId, path: "invitations" });
        return "unknown_person";
      }
      const row = await rows.receive({ keyId, ref: inv.id, ...person, invitation: inv }, clock.now());
      const result = await sendCard(row);
      await audit.append({
        actor: `peer:${keyId}`,
        action: "federation.invitation_received",
        subject: inv.caseCode,
        detail: { invitation: row.id, result },
      });
      logger.info({ event: "federated_invitation", peer: keyId, invitation: row.id, result });
      return result;
    },

    /** The invitation for its invitee; "not_yours" for anyone else; undefined when there is none. */
    async open(actor: Actor, id: string): Promise<FederatedInvitationRow | "not_yours" | undefined> {
      const row = await rows.get(id);
      if (!row) return undefined;
      return isOwner(actor, row) ? row : "not_yours";
    },

    card,

    /**
     * The invitee's answer: stored once (a second press changes nothing) and queued back to the
     * convener's instance, signed, with the same retries as the invitation.
     */
    async answer(actor: Actor & { audit: string }, row: FederatedInvitationRow, local: LocalAnswer) {
      if (!isOwner(actor, row)) return { kind: "not_yours" as const };
      const to = STATUS_OF[local.kind];
      const answer = await wireAnswer(row, local);
      const o =
        answer.kind === "decline"
          ? { declineReason: answer.reason }
          : answer.kind === "accept"
            ? {}
            : { nextName: answer.name };
      // Only from "invited": a second press, or a racing one, finds it answered and changes nothing.
      const changed = await rows.move(row.id, "invited", to, o);
      const now = (await rows.get(row.id)) ?? row;
      if (!changed) return { kind: "unchanged" as const, row: now };
      const queued = await deps.federation?.send(
        row.keyId,
        ANSWERS_PATH,
        { invitation: row.ref, answer },
        answerKey(row.id),
      );
      await audit.append({
        actor: actor.audit,
        action: `federation.invitation_${to}`,
        subject: invitationOf(row).caseCode,
        detail: { invitation: row.id, queued: Boolean(queued) },
      });
      logger.info({ event: "federated_answer", invitation: row.id, status: to, queued: Boolean(queued) });
      return { kind: "changed" as const, row: now };
    },

    /** A peer's answer for one of our invitees (convener's side), with the local answer's rule. */
    async receiveAnswer(keyId: string, a: FederatedAnswer): Promise<"recorded" | "unchanged" | "not_found"> {
      // Our convener's tenant must be served now. The peer need not be listed for it: the
      // invitation went from us to the peer, which answers only what it was sent.
      const found = await deps.repo.inviteeWithCase(a.invitation);
      if (found && !deps.federation?.serves(found.c.tenantId)) {
        logger.warn({ event: "federation_tenant_refused", peer: keyId, path: "answers" });
        return "not_found";
      }
      const done = await invitations.answerFromPeer(keyId, a.invitation, a.answer);
      if (!done || done.kind === "not_yours") return "not_found";
      return done.kind === "changed" ? "recorded" : "unchanged";
    },

    /**
     * Whether a queued delivery is still to be sent (federation/outbox.ts asks before every
     * attempt): an invitation withdrawn (consent narrowed, SIP ended) or answered meanwhile is not.
     */
    async wanted(key: string): Promise<boolean> {
      const [kind, id = ""] = key.split(":");
      // A reminder only while the invitee has the card and has not answered.
      if (kind === "rem") return (await deps.repo.invitee(id))?.status === "invited";
      if (kind !== "inv") return true;
      return (await deps.repo.invitee(id))?.status === "pending";
    },

    /** The outbox's outcome for one of our deliveries (federation/outbox.ts onOutcome). */
    async sent(key: string, outcome: "delivered" | "refused" | "given_up"): Promise<void> {
      const [kind, id = ""] = key.split(":");
      if (kind === "inv") await delivery.peerOutcome(id, outcome);
      // An answer the convener's instance never took: the invitee's card keeps it and says so.
      else if (kind === "ans" && outcome !== "delivered") await notices.answerUndelivered(id, outcome);
      // A withdrawal or reminder the peer did not take changes nothing here; the convener's own
      // "not answered" reminder follows anyway. Logged for the admins (ids only).
      else if (outcome !== "delivered") logger.warn({ event: "federated_notice_undelivered", key, outcome });
    },
  };

  /** The answer as it crosses: a colleague as the opaque id, in the invitee's own tenant. */
  async function wireAnswer(row: FederatedInvitationRow, a: LocalAnswer): Promise<FederatedAnswer["answer"]> {
    if (a.kind === "accept" || a.kind === "decline") return a;
    if (!a.userId) return { kind: "substitute", name: a.name };
    return { kind: a.kind, name: a.name, person: await people.personIdOf(row.tenantId, a.userId) };
  }

  /** Sends the card unless one went out already; of two racing copies, one claims the send. */
  async function sendCard(row: FederatedInvitationRow): Promise<ReceiveResult> {
    if (row.status !== "received" && row.status !== "sending") return "delivered";
    // Another copy is sending it right now: the sender asks again later and then hears "delivered".
    // A claim older than the lease was lost in a crash and is taken over.
    const now = clock.now();
    if (!(await rows.claimSend(row.id, now, new Date(now.getTime() - SENDING_LEASE_MS)))) return "retry";
    const ref = await refs.get(row.tenantId, row.userId);
    if (!ref) {
      await rows.move(row.id, "sending", "received");
      return "unreachable";
    }
    const result = await cards.sendCard(ref, card(localeOf(ref), row));
    if (result.status !== "sent") {
      await rows.move(row.id, "sending", "received");
      return result.status === "blocked" ? "unreachable" : "retry";
    }
    const at = { conversationId: result.conversationId, activityId: result.activityId };
    if (!(await rows.move(row.id, "sending", "invited", at))) {
      // Withdrawn while the card was on its way: the card just sent says so at once.
      const latest = await rows.get(row.id);
      if (latest?.status === "withdrawn")
        await cards.replaceCard(ref, at.conversationId, at.activityId, card(localeOf(ref), latest));
    }
    return "delivered";
  }
}
export type FederatedService = ReturnType<typeof federatedService>;
