import { canView, type Actor } from "../cases/access.js";
import type { Invitee } from "../cases/model.js";
import {
  answer,
  answerFromPeer,
  answerOnPaper,
  effectiveParticipation,
  type AnswerOutcome,
  type InviteAction,
  type PaperAction,
  type PeerAction,
} from "../cases/workflow.js";
import type { ServiceDeps } from "./deps.js";
import type { Acting } from "./kallelse.js";

/**
 * A partner's answer on their invitation card: accept, decline, send a substitute, forward. Only
 * the invited person may see or answer (cases/access.ts); of two presses one changes anything.
 */
export function invitationService(deps: ServiceDeps) {
  const { repo, jobs, logger } = deps;

  const load = (inviteeId: string) => repo.inviteeWithCase(inviteeId);
  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

  /** An outcome of workflow.ts stored; the next invitee and the tracking card queued. */
  async function apply(
    loaded: Loaded,
    outcome: AnswerOutcome,
    audit: string,
    via?: "answer_link" | "recorded",
  ): Promise<{ kind: "not_yours" } | { kind: "unchanged" | "changed"; invitee: Invitee }> {
    const { invitee, k, c } = loaded;
    if (outcome.kind === "not_yours") return { kind: "not_yours" };
    if (outcome.kind === "already_answered") return { kind: "unchanged", invitee };
    const n = outcome.next;
    const next = n && {
      kind: n.kind,
      ...(n.userId ? { userId: n.userId } : {}),
      name: n.name,
      // A peer's colleague (or a substitute a peer user named) is of the same organisation.
      ...(n.peerKeyId && n.peerPersonId ? { peerKeyId: n.peerKeyId, peerPersonId: n.peerPersonId } : {}),
      ...(invitee.kind === "peer" && invitee.organisation ? { organisation: invitee.organisation } : {}),
      orgType: invitee.orgType,
      // A substitute takes part as the invitee does now: convened only if a principal (v3).
      participation: effectiveParticipation(invitee, c.region),
      contribution: invitee.contribution,
      status: "pending" as const,
    };
    const change = {
      status: outcome.status,
      ...(outcome.declineReason ? { declineReason: outcome.declineReason } : {}),
      ...(next ? { next } : {}),
    };
    const changed = await repo.answer(invitee, change, audit, c.code, via);
    // A concurrent press got there first: what is stored.
    if (!changed) return { kind: "unchanged", invitee: (await repo.invitee(invitee.id)) ?? invitee };
    logger.info({
      event: "invitation_answered",
      case: c.code,
      invitee: invitee.id,
      status: outcome.status,
      ...(via ? { via } : {}),
    });
    if (changed.added) await jobs.deliverInvitations([changed.added]);
    // The convener sees the answer at once, even while another invitation waits for a retry.
    await jobs.updateTracking(k.id);
    return { kind: "changed", invitee: changed.updated };
  }

  return {
    /** The invitation, only for its invitee: undefined when it does not exist, "not_yours" for others. */
    async open(actor: Actor, inviteeId: string): Promise<Loaded | "not_yours" | undefined> {
      const loaded = await load(inviteeId);
      if (!loaded) return undefined;
      return canView(actor, { kind: "invitation", invitee: loaded.invitee, case: loaded.c })
        ? loaded
        : "not_yours";
    },

    /** Who took over from an invitee who substituted or forwarded, for their card's answer line. */
    async nextName(invitee: Invitee): Promise<string | undefined> {
      if (invitee.status !== "substituted" && invitee.status !== "forwarded") return undefined;
      return (await repo.invitees(invitee.kallelseId)).find((i) => i.replaces === invitee.id)?.name;
    },

    /**
     * Applies an answer. The substitute's or colleague's invitation and the convener's tracking card
     * go out through the job queue, after this answer.
     */
    async answer(actor: Acting, loaded: Loaded, action: InviteAction) {
      return apply(loaded, answer(loaded.invitee, loaded.c, actor, action), actor.audit);
    },

    /** A peer user's answer, from their instance (`peer:<keyId>` in the audit); undefined: no such invitee. */
    async answerFromPeer(peerKeyId: string, inviteeId: string, action: PeerAction) {
      const loaded = await load(inviteeId);
      if (!loaded) return undefined;
      return apply(loaded, answerFromPeer(loaded.invitee, peerKeyId, action), `peer:${peerKeyId}`);
    },

    /**
     * A paper invitee's answer: through their answer link (`by` link, audited as "answer_link"), or
     * recorded by the convener from a phone call (audited as the convener). Same rule, same effects.
     */
    async answerOnPaper(
      by: { kind: "link" } | { kind: "convener"; actor: Acting },
      loaded: Loaded,
      action: PaperAction,
    ) {
      const outcome = answerOnPaper(loaded.invitee, loaded.c, by, action);
      return by.kind === "link"
        ? apply(loaded, outcome, "answer_link", "answer_link")
        : apply(loaded, outcome, by.actor.audit, "recorded");
    },
  };
}
export type InvitationService = ReturnType<typeof invitationService>;
