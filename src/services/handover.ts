import type { Case } from "../cases/model.js";
import type { Plan } from "../cases/plan.js";
import { localeOf } from "../cards/locale.js";
import { handoverCard } from "../cards/plan-views.js";
import { changeConvener } from "../store/convener.js";
import type { ServiceDeps } from "./deps.js";
import type { Acting } from "./kallelse.js";

/** What "Kalla till uppföljning" by a lead who does not convene the case came to. */
export type HandOver = { kind: "taken"; case: Case } | { kind: "other_tenant" } | { kind: "refused" };

/**
 * The lead convenes the follow-up (SIP-RULES §7): a lead who is not the convener and presses
 * "Kalla till uppföljning" on a reminder takes the case over as its convener, so the kallelse's
 * tracking card and answers come to them; the former convener is told in their 1:1 chat (a job
 * after the turn, as the lead's card after a plan is saved).
 *
 * Decision: the former convener's old cards (tracking card, reminders) are no longer theirs: a
 * press or a refresh answers "not yours" as for anyone else (cases/access.ts), which the message
 * they get says ahead; keeping them a second view of the case would share answers with someone
 * who no longer convenes it.
 *
 * Decision (issue 12): a lead of another served tenant than the case's does not take it over;
 * the case's convener convenes the follow-up, is sent the follow-up reminder at once, and the
 * lead is told so on the reminder. Moving a
 * case to another tenant would have to move its invitees' and reminders' tenants with it in one
 * transaction, and the cards and "Mina SIP" of the old tenant's users would change owner under
 * them: not worth the risk for a step the convener can take.
 */
export function handover(deps: ServiceDeps) {
  const { db, refs, cards, jobs, logger, repo } = deps;

  return {
    /**
     * The case, now convened by `actor`, who must be the plan's lead in the case's tenant; the
     * caller (services/reminders.ts forActor) found the reminder theirs. "other_tenant" for a lead
     * of another served tenant (the decision above); "refused" when the case is closed or missing,
     * or someone else convenes it by now (another handover won the race).
     */
    async handOver(actor: Acting, c: Case, plan: Plan | undefined): Promise<HandOver> {
      const isLead = plan?.lead.userId === actor.userId && plan.lead.tenantId === actor.tenantId;
      if (!plan || !isLead) return { kind: "refused" };
      if (actor.tenantId !== c.tenantId) {
        // The convener hears of it: the follow-up reminder, due now, in their own chat (sent by the
        // reminder queue within a pass, retried, and only while the follow-up is not done).
        const asked = await deps.reminders.insertOnce(c.id, {
          kind: "follow_up_soon",
          recipient: { userId: c.convenerUserId, tenantId: c.tenantId },
          dueAt: deps.clock.now(),
          aboutDate: plan.followUpDate,
        });
        logger.info({ event: "handover_other_tenant", case: c.code, asked });
        return { kind: "other_tenant" };
      }
      const name = actor.name ?? plan.lead.name;
      const to = { userId: actor.userId, ...(name ? { name } : {}) };
      const done = await changeConvener(db, c.id, c.convenerUserId, to, actor.audit);
      if (!done || done.case.convenerUserId !== actor.userId) return { kind: "refused" };
      if (done.changed) {
        logger.info({ event: "convener_changed", case: c.code });
        await jobs.notifyHandover(c.id, c.convenerUserId);
      }
      return { kind: "taken", case: done.case };
    },

    /** The former convener's message (a job): who convenes the case now. */
    async sendHandoverCard(caseId: string, formerUserId: string): Promise<"sent" | "skipped" | "retry"> {
      const c = await repo.getCase(caseId);
      const ref = c && !c.closed ? await refs.get(c.tenantId, formerUserId) : undefined;
      if (!c || !ref) return "skipped";
      const card = handoverCard(localeOf(ref), { code: c.code, name: c.convenerName ?? "" });
      const result = await cards.sendCard(ref, card);
      logger.info({ event: "handover_told", case: c.code, status: result.status });
      if (result.status === "throttled" || result.status === "failed") return "retry";
      return result.status === "sent" ? "sent" : "skipped";
    },
  };
}
