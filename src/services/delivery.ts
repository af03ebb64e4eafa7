import type { Case, Invitee, Kallelse } from "../cases/model.js";
import { balance } from "../cases/workflow.js";
import { invitationCard, trackingCard, withdrawnInvitationCard } from "../cards/case-views.js";
import type { PrintLink } from "../cards/print-link-views.js";
import { localeOf } from "../cards/locale.js";
import { STRINGS } from "../cards/render.js";
import { stockholmDate } from "../clock.js";
import { regionSettings, type Locale } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { countPrintable } from "../telemetry/signals.js";
import type { ServiceDeps } from "./deps.js";
import { installedRef, installFor } from "./self-install.js";
import {
  federatedInvitation,
  INVITATIONS_PATH,
  inviteKey,
  WITHDRAWALS_PATH,
  withdrawKey,
} from "./federated-protocol.js";

/** What became of one delivery attempt; "retry" asks the job queue to try again later. */
export type DeliveryOutcome = "sent" | "printable" | "skipped" | "retry";

/**
 * Invitations on their way: one invitee's card sent through the card sender (or, for a partner
 * the bot cannot reach, a printable invitation), withdrawn cards replaced, and the convener's
 * tracking card kept up to date. Called by the job queue (jobs.ts), never inside a turn's answer.
 */
export function deliveryService(deps: ServiceDeps) {
  const { repo, refs, cards, logger } = deps;

  /**
   * The convener's tracking card for a kallelse, as it stands now. `minted`: the link the
   * convener's press just made, shown on this render only (only its hash is stored).
   */
  async function tracking(
    c: Case,
    k: Kallelse,
    locale: Locale,
    scopeError?: string,
    minted?: { inviteeId: string; token: string },
  ) {
    const invitees = await repo.invitees(k.id);
    const live = await deps.printLinks.liveCounts(k.id, deps.clock.now());
    const links: PrintLink[] = invitees.flatMap((i) =>
      i.status === "printable"
        ? [
            {
              name: i.name,
              inviteeId: i.id,
              live: live.get(i.id) ?? 0,
              ...(minted?.inviteeId === i.id ? { minted: linkUrls(deps.publicUrl(), minted.token) } : {}),
            },
          ]
        : [],
    );
    const b = balance(invitees, regionSettings(c.region).balanceMaxProfessionalsPerFamilyMember);
    return trackingCard(locale, {
      kallelseId: k.id,
      caseCode: c.code,
      convenerUserId: c.convenerUserId,
      details: k.details,
      invitees,
      links,
      unreachable: invitees.filter((i) => i.kind === "teams" && i.status === "printable").map((i) => i.name),
      excluded: c.verdict?.excludedServices ?? [],
      ...(scopeError ? { scopeError } : {}),
      region: c.region,
      ...(c.closed ? { closed: { on: stockholmDate(new Date(c.closed.at)), reason: c.closed.reason } } : {}),
      ...(b.imbalanced ? { balanceWarning: fill(STRINGS[locale].cases.kallelse.balanceWarning, b) } : {}),
    });
  }

  /** Replaces the convener's tracking card in place; a failure is logged, not fatal. */
  async function updateTracking(c: Case, k: Kallelse): Promise<void> {
    if (!k.trackingConversationId || !k.trackingActivityId) return;
    const ref = await refs.get(c.tenantId, c.convenerUserId);
    if (!ref) return;
    const card = await tracking(c, k, localeOf(ref));
    const result = await cards.replaceCard(ref, k.trackingConversationId, k.trackingActivityId, card);
    logger.info({ event: "tracking_updated", case: c.code, status: result.status });
  }

  /** The invitee's reference, in their own tenant (a partner in another served tenant: issue 12). */
  const inviteeRef = (c: Case, invitee: Invitee) =>
    invitee.userId ? refs.get(invitee.tenantId ?? c.tenantId, invitee.userId) : Promise.resolve(undefined);

  /**
   * A withdrawn invitee's card in Teams, where one was delivered, now says so (case code only). A
   * peer's user is told by their instance: the withdrawal is queued there like the invitation.
   */
  async function replaceWithdrawn(c: Case, invitee: Invitee): Promise<void> {
    if (invitee.kind === "peer") return withdrawFromPeer(c, invitee);
    const ref = await inviteeRef(c, invitee);
    if (!ref || !invitee.conversationId || !invitee.activityId) return;
    const card = withdrawnInvitationCard(localeOf(ref), c.code, Boolean(c.closed));
    const result = await cards.replaceCard(ref, invitee.conversationId, invitee.activityId, card);
    logger.info({ event: "invitation_withdrawn", case: c.code, invitee: invitee.id, status: result.status });
  }

  /**
   * Sends one invitee their card. Read again first: one answered or withdrawn since it was queued
   * is not sent. A partner the bot cannot reach, or who blocked it, goes to paper at once; one
   * Teams refused for now (429, 5xx after the sender's retries) stays pending: "retry". The
   * convener's tracking card is updated once the kallelse's last card is out (one update, not one
   * per card), or at once when one waits for a retry.
   */
  async function deliver(inviteeId: string): Promise<DeliveryOutcome> {
    const found = await repo.inviteeWithCase(inviteeId);
    if (found?.invitee.status !== "pending") return "skipped";
    const { invitee, k, c } = found;
    const outcome = await send(c, k, invitee);
    const waiting = await repo.othersPending(k.id, invitee.id);
    if (outcome === "retry" || !waiting) await updateTracking(c, (await repo.getKallelse(k.id)) ?? k);
    return outcome;
  }

  async function send(c: Case, k: Kallelse, invitee: Invitee): Promise<DeliveryOutcome> {
    if (invitee.kind === "peer") return toPeer(c, k, invitee);
    // One named by AAD object id is found by it once the bot installed itself (self-install.ts).
    const ref = (await inviteeRef(c, invitee)) ?? (await installedRef(deps, c, invitee));
    let reason = invitee.kind === "external" ? "external" : "no_reference";
    if (invitee.kind === "teams" && !ref) {
      const installing = await installFor(deps, c, invitee);
      if (installing) return installing;
    }
    if (invitee.kind === "teams" && ref) {
      const card = invitationCard(localeOf(ref), {
        caseCode: c.code,
        convenerName: c.convenerName ?? "",
        details: k.details,
        invitee: { ...invitee, userId: ref.userId },
        region: c.region,
      });
      const result = await cards.sendCard(ref, card);
      logger.info({ event: "invitation_sent", case: c.code, invitee: invitee.id, status: result.status });
      if (result.status === "sent") {
        const { conversationId, activityId } = result;
        // One found by AAD object id goes by their Teams id from now on, as the reference does,
        // and by Teams' name for them rather than the one the convener wrote.
        const rekey =
          ref.userId !== invitee.userId
            ? { userId: ref.userId, ...(ref.displayName ? { name: ref.displayName } : {}) }
            : {};
        const at = { status: "invited" as const, conversationId, activityId, ...rekey };
        if (!(await repo.delivered(invitee.id, at, c.code))) {
          // Withdrawn while the card was on its way: it is replaced as soon as it is known.
          const now = await repo.invitee(invitee.id);
          if (now?.status === "withdrawn") await replaceWithdrawn(c, { ...now, userId: ref.userId });
        }
        return "sent";
      }
      if (result.status !== "blocked") {
        await repo.deferDelivery(invitee.id, result.status, c.code);
        return "retry";
      }
      reason = "blocked";
    }
    await toPaper(c, invitee.id, reason);
    return "printable";
  }

  /**
   * A peer's user: the invitation is queued to their instance (federation/outbox.ts) and stays
   * pending ("Skickas till …") until the peer took it or it was given up (peerOutcome). Queued
   * again after a restart, it is sent once: the outbox's key is the invitee's.
   */
  async function toPeer(c: Case, k: Kallelse, invitee: Invitee): Promise<DeliveryOutcome> {
    const fed = deps.federation;
    const queued =
      fed && invitee.peerKeyId && fed.peerName(invitee.peerKeyId)
        ? await fed.send(
            invitee.peerKeyId,
            INVITATIONS_PATH,
            federatedInvitation(c, k, invitee),
            inviteKey(invitee.id),
          )
        : false;
    logger.info({ event: "invitation_to_peer", case: c.code, invitee: invitee.id, queued });
    if (queued) return "sent";
    await toPaper(c, invitee.id, fed ? "peer_refused" : "federation_off");
    return "printable";
  }

  /**
   * Sent whatever became of the invitation: one the peer never took is kept there as withdrawn, so
   * a late copy of it sends nothing. The outbox's key makes a repeat (a job retried) one delivery.
   */
  async function withdrawFromPeer(c: Case, invitee: Invitee): Promise<void> {
    const fed = deps.federation;
    if (!fed || !invitee.peerKeyId) return;
    const body = { invitation: invitee.id, sipEnded: Boolean(c.closed) };
    const queued = await fed.send(invitee.peerKeyId, WITHDRAWALS_PATH, body, withdrawKey(invitee.id));
    logger.info({ event: "invitation_withdrawn", case: c.code, invitee: invitee.id, peer: true, queued });
  }

  /** The outbox's last word on a peer invitation: taken ("invited"), or paper and the answer link. */
  async function peerOutcome(inviteeId: string, outcome: "delivered" | "refused" | "given_up") {
    const found = await repo.inviteeWithCase(inviteeId);
    if (found?.invitee.status !== "pending") return;
    const { k, c } = found;
    if (outcome === "delivered") await repo.delivered(inviteeId, { status: "invited" }, c.code);
    else await toPaper(c, inviteeId, `peer_${outcome}`);
    await updateTracking(c, (await repo.getKallelse(k.id)) ?? k);
  }

  /** replaceWithdrawn for a job (jobs.ts), which carries ids only. */
  async function replaceWithdrawnById(caseId: string, inviteeId: string): Promise<void> {
    const c = await repo.getCase(caseId);
    const invitee = await repo.invitee(inviteeId);
    if (c && invitee?.status === "withdrawn") await replaceWithdrawn(c, invitee);
  }

  /**
   * The printable path. Decision: no link is made here. A token can be shown only when it is made
   * (its hash is all we keep), and the tracking card this delivery updates is replaced again by
   * later jobs and Teams' refresh; so the convener makes one with "Hämta utskrift" when about to
   * print or send the letter (bot/print-links.ts), and no unseen live link waits in the meantime.
   * Not changed when the invitee answered meanwhile or another delivery got there first.
   */
  async function toPaper(c: Case, inviteeId: string, reason: string): Promise<void> {
    if (await repo.delivered(inviteeId, { status: "printable", reason }, c.code)) countPrintable();
  }

  /** Retries used up (jobs.ts): paper, and the convener's tracking card says "kunde inte nås". */
  async function gaveUp(inviteeId: string): Promise<void> {
    const found = await repo.inviteeWithCase(inviteeId);
    if (found?.invitee.status !== "pending") return;
    const { invitee, k, c } = found;
    await toPaper(c, invitee.id, "retries_used_up");
    await updateTracking(c, k);
  }

  /** After a batch of sends for one kallelse: the tracking card shows where each one went. */
  async function trackingOf(kallelseId: string): Promise<void> {
    const k = await repo.getKallelse(kallelseId);
    const c = k && (await repo.getCase(k.caseId));
    if (k && c) await updateTracking(c, k);
  }

  return {
    tracking,
    updateTracking,
    replaceWithdrawn,
    replaceWithdrawnById,
    deliver,
    gaveUp,
    trackingOf,
    peerOutcome,
  };
}
export type DeliveryService = ReturnType<typeof deliveryService>;

/** The letter, its calendar file and the answer page: one token (services/answers.ts), one lifetime. */
function linkUrls(base: string, token: string) {
  const printUrl = `${base}/kallelse/${token}`;
  return { printUrl, icsUrl: `${printUrl}.ics`, answerUrl: `${base}/svar/${token}` };
}
