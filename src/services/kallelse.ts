import { canAct, canView, type Actor } from "../cases/access.js";
import type {
  Case,
  CaseVerdict,
  CloseReason,
  Invitee,
  Kallelse,
  KallelseDetails,
  OrgType,
} from "../cases/model.js";
import { printLinkExpiry, scopeEnds } from "../cases/workflow.js";
import { PEER_RECIPIENT, unansweredReminders } from "../cases/plan.js";
import { stockholmDate } from "../clock.js";
import { missingSides, reminderDays, type RegionKey, type Side } from "../sip/index.js";
import type { NewInvitee } from "../store/cases.js";
import type { DeliveryService } from "./delivery.js";
import type { ServiceDeps } from "./deps.js";
import { verdictWriter } from "./reconsent.js";

/** Who acts, as every service takes it: the access actor plus the id the audit log names. */
export interface Acting extends Actor {
  /** The audit log's actor: the AAD object id when Teams sends one. */
  audit: string;
  name?: string;
}

/**
 * What a partial withdrawal did: narrowed the scope (or nothing new, a second press or an ended
 * SIP), or ended the SIP because a whole side is left out (`missing`); the handler renders it.
 */
export type NarrowOutcome =
  | { kind: "not_found" }
  | { kind: "narrowed"; case: Case }
  | { kind: "ended_no_joint_plan"; case: Case; missing: Side[] };

/**
 * A SIP case and its kallelser: created from a consent verdict, sent, narrowed, ended; printable
 * links revoked and renewed. Access is checked here (cases/access.ts) before anything is read out
 * or changed; the handlers only translate cards to these calls and results back to cards.
 */
export function kallelseService(deps: ServiceDeps, delivery: DeliveryService) {
  const { repo, jobs, logger, clock } = deps;

  /** A case only for its own convener (cases/access.ts); undefined for anyone else. */
  async function ownCase(actor: Actor, caseId: string): Promise<Case | undefined> {
    const c = await repo.getCase(caseId);
    return c && canAct(actor, { kind: "case", case: c }) ? c : undefined;
  }

  /** A kallelse and its case, for the convener (act) or to look at (view). */
  async function kallelse(actor: Actor, kallelseId: string, need: "act" | "view" = "act") {
    const k = await repo.getKallelse(kallelseId);
    const c = k && (await repo.getCase(k.caseId));
    if (!k || !c) return undefined;
    const subject = { kind: "kallelse" as const, case: c };
    return (need === "act" ? canAct(actor, subject) : canView(actor, subject)) ? { k, c } : undefined;
  }

  /**
   * The SIP ends with its reason (SIP-RULES §7): every standing invitation is withdrawn and every
   * pending reminder cancelled, in one transaction (store/case-scope.ts). The caller checked who
   * may: the convener, or the lead from a reminder.
   */
  async function close(actor: Acting, c: Case, reason: CloseReason) {
    const closed = await repo.close(c, reason, actor.audit, clock.now());
    if (!closed) return undefined;
    logger.info({
      event: "case_closed",
      case: c.code,
      reason,
      changed: closed.changed,
      withdrawn: closed.withdrawn.length,
    });
    await jobs.replaceWithdrawn(c.id, closed.withdrawn);
    return closed.case;
  }

  /**
   * Teams invitees who have not answered are reminded a few days after the invitation, then the
   * convener (SIP-RULES §8); whether they answered is read when each reminder is due.
   */
  async function remindUnanswered(c: Case, invitees: readonly Invitee[]) {
    const days = reminderDays(c.region);
    const today = stockholmDate(clock.now());
    const convener = { userId: c.convenerUserId, tenantId: c.tenantId };
    const specs = invitees.flatMap((i) => {
      // A peer's user is reminded by their instance (services/reminders.ts asks it): the
      // recipient names the peer and the opaque id its directory gave, never a Teams id.
      const who =
        i.kind === "peer" && i.peerKeyId && i.peerPersonId
          ? { id: i.id, userId: i.peerPersonId, tenantId: `${PEER_RECIPIENT}${i.peerKeyId}` }
          : i.kind === "teams" && i.userId
            ? { id: i.id, userId: i.userId, ...(i.tenantId ? { tenantId: i.tenantId } : {}) }
            : undefined;
      return who ? unansweredReminders(who, convener, today, days) : [];
    });
    await deps.reminders.insert(c.id, specs);
  }

  return {
    ownCase,
    kallelse,
    tracking: delivery.tracking,

    /**
     * A case for a consent verdict: a case taken over from a flag (`caseId`) gets the verdict, any
     * other press creates one. The verdict card's key makes a second press find its case: created
     * false, nothing written or sent.
     */
    async open(
      actor: Acting,
      input: { caseId?: string; verdictKey?: string; verdict: CaseVerdict; region: RegionKey },
    ): Promise<{ kind: "not_found" } | { kind: "closed" | "repeated" | "created"; case: Case }> {
      if (input.caseId !== undefined) {
        const taken = await ownCase(actor, input.caseId);
        if (!taken) return { kind: "not_found" };
        if (taken.closed) return { kind: "closed", case: taken };
        // With its turning-18 reminders, if any (reconsent.ts).
        const set = await verdictWriter(deps).setVerdict(taken, input.verdict, actor.audit, input.verdictKey);
        return { kind: set ? "created" : "repeated", case: taken };
      }
      const opened = await verdictWriter(deps).createCaseOnce(
        input.verdictKey,
        {
          tenantId: actor.tenantId,
          region: input.region,
          convenerUserId: actor.userId,
          ...(actor.name ? { convenerName: actor.name } : {}),
          verdict: input.verdict,
        },
        actor.audit,
      );
      logger.info({
        event: opened.created ? "case_created" : "case_create_repeated",
        case: opened.case.code,
      });
      return { kind: opened.created ? "created" : "repeated", case: opened.case };
    },

    /**
     * Stores a kallelse and its invitees, all pending, and queues their delivery: the convener is
     * answered at once and the tracking card is updated as cards arrive. The form's key makes a
     * second submit answer with the first kallelse and send nothing again.
     */
    async send(
      actor: Acting,
      c: Case,
      input: {
        details: KallelseDetails;
        invitees: NewInvitee[];
        formKey?: string;
        /** Where the form was pressed: the tracking card replaces it there. */
        trackingAt?: { conversationId: string; activityId: string };
      },
    ): Promise<{ kallelse: Kallelse; created: boolean }> {
      const stored = await repo.createKallelse(
        c.code,
        c.id,
        input.details,
        input.invitees,
        actor.audit,
        input.formKey,
      );
      if (!stored.created) {
        logger.info({ event: "kallelse_repeated", case: c.code });
        return { kallelse: stored.kallelse, created: false };
      }
      const at = input.trackingAt;
      const k = at
        ? { ...stored.kallelse, trackingConversationId: at.conversationId, trackingActivityId: at.activityId }
        : stored.kallelse;
      if (at) await repo.setTracking(k.id, at.conversationId, at.activityId);
      await jobs.deliverInvitations(stored.invitees);
      await remindUnanswered(c, stored.invitees);
      logger.info({ event: "kallelse_stored", case: c.code, invitees: stored.invitees.length });
      return { kallelse: k, created: true };
    },

    /**
     * "Återkalla samtycke delvis": the scope narrows and the SIP goes on, excluded invitees
     * withdrawn; or, when the new scope leaves a whole side out (workflow.ts scopeEnds), the SIP
     * ends as on a full withdrawal, with its own reason, in the same transaction.
     */
    async narrow(actor: Acting, c: Case, services: readonly OrgType[]): Promise<NarrowOutcome> {
      const narrowed = await repo.narrowScope(c, services, actor.audit, clock.now(), scopeEnds);
      if (!narrowed) return { kind: "not_found" };
      const ended = narrowed.changed && narrowed.case.closed?.reason === "no_joint_plan";
      logger.info({
        event: ended ? "case_closed" : "scope_narrowed",
        case: c.code,
        ...(ended ? { reason: "no_joint_plan" } : {}),
        changed: narrowed.changed,
        withdrawn: narrowed.withdrawn.length,
      });
      await jobs.replaceWithdrawn(c.id, narrowed.withdrawn);
      if (!ended) return { kind: "narrowed", case: narrowed.case };
      const excluded = narrowed.case.verdict?.excludedServices ?? [];
      return { kind: "ended_no_joint_plan", case: narrowed.case, missing: missingSides(excluded) };
    },

    /** "Samtycket återkallat helt": the SIP ends (SIP-RULES §7); every standing invitation withdrawn. */
    withdrawConsent: (actor: Acting, c: Case) => close(actor, c, "consent_withdrawn"),
    close,

    /** The latest kallelse of the convener's case and its invitees: a follow-up is prefilled from them. */
    async latest(actor: Actor, caseId: string) {
      const c = await ownCase(actor, caseId);
      const k = c && (await repo.latestKallelse(c.id));
      return c && k
        ? { c, k, invitees: await repo.invitees(k.id), plan: await deps.plans.get(c.id) }
        : undefined;
    },

    /** A printable invitee of this kallelse, for the convener's link buttons. */
    async printable(actor: Actor, kallelseId: string, inviteeId: string) {
      const found = await repo.inviteeWithCase(inviteeId);
      if (!found || found.k.id !== kallelseId || found.invitee.status !== "printable") return undefined;
      return canAct(actor, { kind: "kallelse", case: found.c }) ? found : undefined;
    },

    /** Ends an invitee's printable links (a letter to a wrong address, a partner who left). */
    async revokeLink(actor: Acting, c: Case, invitee: Invitee) {
      const revoked = await deps.printLinks.revoke(invitee.id, clock.now(), {
        actor: actor.audit,
        caseCode: c.code,
      });
      logger.info({ event: "print_link_revoked", case: c.code, invitee: invitee.id, links: revoked });
    },

    /**
     * A new printable link, returned to be shown once: only its hash is stored. Every press makes
     * one (a double press, two); "Återkalla länken" ends them all, and each expires as always.
     */
    async mintLink(actor: Acting, c: Case, k: Kallelse, invitee: Invitee): Promise<string> {
      const token = await deps.printLinks.create(invitee.id, printLinkExpiry(k.details.date, clock.now()), {
        actor: actor.audit,
        caseCode: c.code,
      });
      logger.info({ event: "print_link_created", case: c.code, invitee: invitee.id });
      return token;
    },
  };
}
export type KallelseService = ReturnType<typeof kallelseService>;
