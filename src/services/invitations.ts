import { canView, type Actor } from "../cases/access.js";
import type { Invitee } from "../cases/model.js";
import { answer, type InviteAction } from "../cases/workflow.js";
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
    async answer(
      actor: Acting,
      loaded: Loaded,
      action: InviteAction,
    ): Promise<{ kind: "not_yours" } | { kind: "unchanged" | "changed"; invitee: Invitee }> {
      const { invitee, k, c } = loaded;
      const outcome = answer(invitee, c, actor, action);
      if (outcome.kind === "not_yours") return { kind: "not_yours" };
      if (outcome.kind === "already_answered") return { kind: "unchanged", invitee };
      const next = outcome.next && {
        kind: outcome.next.kind,
        ...(outcome.next.userId ? { userId: outcome.next.userId } : {}),
        name: outcome.next.name,
        orgType: invitee.orgType,
        participation: invitee.participation,
        contribution: invitee.contribution,
        status: "pending" as const,
      };
      const changed = await repo.answer(
        invitee,
        {
          status: outcome.status,
          ...(outcome.declineReason ? { declineReason: outcome.declineReason } : {}),
          ...(next ? { next } : {}),
        },
        actor.audit,
        c.code,
      );
      // A concurrent press got there first: what is stored.
      if (!changed) return { kind: "unchanged", invitee: (await repo.invitee(invitee.id)) ?? invitee };
      logger.info({
        event: "invitation_answered",
        case: c.code,
        invitee: invitee.id,
        status: outcome.status,
      });
      if (changed.added) await jobs.deliverInvitations([changed.added]);
      // The convener sees the answer at once, even while another invitation waits for a retry.
      await jobs.updateTracking(k.id);
      return { kind: "changed", invitee: changed.updated };
    },
  };
}
export type InvitationService = ReturnType<typeof invitationService>;
