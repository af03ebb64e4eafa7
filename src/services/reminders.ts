import type { Actor } from "../cases/access.js";
import type { Case, CloseReason } from "../cases/model.js";
import { at0800, FOLLOW_UP_KINDS, PEER_RECIPIENT } from "../cases/plan.js";
import { localeOf } from "../cards/locale.js";
import {
  closeReasonText,
  deviationDraft,
  reminderCard,
  reminderUnreachableCard,
  type ReminderView,
} from "../cards/plan-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import { stockholmDate } from "../clock.js";
import type { Executor } from "../store/db.js";
import type { Reminder } from "../store/reminders.js";
import { fill } from "../sip/text.js";
import { countReminder, countRemindersDue } from "../telemetry/signals.js";
import { longDate, type Locale } from "../sip/index.js";
import type { ServiceDeps } from "./deps.js";
import { REMINDERS_PATH, remindKey } from "./federated-protocol.js";
import type { Acting, KallelseService } from "./kallelse.js";

/** Claimed reminders per transaction: a backlog is worked in batches, never read whole. */
const BATCH = 100;

export type ReminderOutcome = "sent" | "skipped" | "retry" | "unreachable";

/**
 * Reminders (SIP-RULES §7, issue 11): due rows are claimed and handed to the job queue, each sent
 * once through the one card sender to the lead's (invitee's, convener's) 1:1 chat, and acted on
 * from the card by the lead or the convener only. Whether a reminder still matters is read when
 * it is due: a follow-up marked done or an answer given since ends it unsent.
 */
export function reminderService(deps: ServiceDeps, kallelse: KallelseService) {
  const { reminders, plans, repo, refs, cards, clock, logger } = deps;

  /**
   * One pass: reminders due now that no longer matter (a follow-up done, an answer given, a
   * kallelse sent) end unsent; the rest are claimed in batches and handed to `queue` in the
   * claiming transaction. The log line counts those handed on to be sent.
   */
  async function dispatchDue(queue: (tx: Executor, ids: string[]) => Promise<void>): Promise<number> {
    await reminders.cancelStale(clock.now());
    let count = 0;
    for (let n = BATCH; n === BATCH; count += n) n = await reminders.claimDue(clock.now(), BATCH, queue);
    logger.info({ event: "reminders_dispatched", count });
    countRemindersDue(count);
    return count;
  }

  /** The card's content for a reminder: the invitee it names, a deviation draft where one fits. */
  async function viewOf(r: Reminder, c: Case, locale: Locale, open: boolean): Promise<ReminderView> {
    const invitee = r.inviteeId ? await repo.invitee(r.inviteeId) : undefined;
    const plan = FOLLOW_UP_KINDS.includes(r.kind) ? await plans.get(c.id) : undefined;
    const deviation = deviationDraft(locale, {
      code: c.code,
      kind: r.kind,
      ...(invitee ? { invitee } : {}),
      ...(r.aboutDate ? { invitedOn: r.aboutDate } : {}),
      ...(plan ? { interventions: plan.interventions } : {}),
      today: stockholmDate(clock.now()),
    });
    return {
      reminderId: r.id,
      code: c.code,
      kind: r.kind,
      aboutDate: r.aboutDate ?? stockholmDate(r.dueAt),
      ...(invitee ? { name: invitee.name } : {}),
      actionable: r.kind !== "invitee_unanswered",
      open,
      ...(deviation ? { deviation } : {}),
    };
  }

  /** The recipient cannot be reached: the reminder ends there and the convener is told. */
  async function unreachable(r: Reminder, c: Case): Promise<ReminderOutcome> {
    if (!(await reminders.move(r.id, ["queued"], "unreachable"))) return "skipped";
    logger.warn({ event: "reminder_unreachable", case: c.code, kind: r.kind });
    const convener = await refs.get(c.tenantId, c.convenerUserId);
    if (!convener || r.recipient.userId === c.convenerUserId) return "unreachable";
    const plan = await plans.get(c.id);
    const invitee = r.inviteeId ? await repo.invitee(r.inviteeId) : undefined;
    const name = invitee?.name ?? plan?.lead.name ?? "";
    await cards.sendCard(convener, reminderUnreachableCard(localeOf(convener), { code: c.code, name }));
    return "unreachable";
  }

  /** Sends one claimed reminder (a job); "retry" asks the queue to try again later. */
  async function deliver(id: string): Promise<ReminderOutcome> {
    const found = await reminders.withDue(id);
    const r = found?.reminder;
    if (r?.status !== "queued") return "skipped";
    const c = await repo.getCase(r.caseId);
    if (!c || !found?.stillDue) {
      await reminders.move(id, ["queued"], "cancelled");
      return "skipped";
    }
    if (r.recipient.tenantId.startsWith(PEER_RECIPIENT)) return toPeer(r, c);
    const ref = await refs.get(r.recipient.tenantId, r.recipient.userId);
    if (!ref) return unreachable(r, c);
    const card = reminderCard(localeOf(ref), await viewOf(r, c, localeOf(ref), true));
    const result = await cards.sendCard(ref, card);
    logger.info({ event: "reminder_sent", case: c.code, kind: r.kind, status: result.status });
    if (result.status === "blocked") return unreachable(r, c);
    if (result.status !== "sent") return "retry";
    const { conversationId, activityId } = result;
    await reminders.move(id, ["queued"], "sent", {
      sent: { conversationId, activityId, at: clock.now() },
      audit: { actor: "system", action: "reminder.sent", subject: c.code, detail: { kind: r.kind } },
    });
    return "sent";
  }

  /**
   * A federation peer's user is reminded by their instance (services/federated-notices.ts): the
   * reminder is sent once queued on the outbox (which retries), and only while the peer has the
   * invitation unanswered; on paper or answered it ends unsent. The convener's own reminder
   * follows days later either way.
   */
  async function toPeer(r: Reminder, c: Case): Promise<ReminderOutcome> {
    const invitee = r.inviteeId ? await repo.invitee(r.inviteeId) : undefined;
    const invitedOn = r.aboutDate ?? stockholmDate(r.dueAt);
    const queued =
      invitee?.status === "invited" && invitee.peerKeyId && deps.federation
        ? await deps.federation.send(
            invitee.peerKeyId,
            REMINDERS_PATH,
            { invitation: invitee.id, invitedOn },
            remindKey(invitee.id),
          )
        : false;
    logger.info({ event: "reminder_to_peer", case: c.code, kind: r.kind, queued });
    if (!queued) {
      await reminders.move(r.id, ["queued"], "cancelled");
      return "skipped";
    }
    const audit = {
      actor: "system",
      action: "reminder.sent",
      subject: c.code,
      detail: { kind: r.kind, peer: true },
    };
    await reminders.move(r.id, ["queued"], "sent", { audit });
    return "sent";
  }

  /** Retries used up (a dead letter): as unreachable. */
  async function gaveUp(id: string): Promise<void> {
    const r = await reminders.get(id);
    const c = r && (await repo.getCase(r.caseId));
    if (r && c) await unreachable(r, c);
  }

  /**
   * A reminder for the one who may act on it: the case's convener in the case's tenant, or the
   * plan's lead in theirs, which may be another served tenant (issue 12). A user id is unique only
   * within its tenant, so both are matched: the lead's id in another tenant is a stranger.
   */
  async function forActor(actor: Actor, id: string) {
    const r = await reminders.get(id);
    const c = r && (await repo.getCase(r.caseId));
    if (!r || !c || r.kind === "invitee_unanswered" || actor.userId === "") return undefined;
    const plan = await plans.get(c.id);
    const isConvener = actor.tenantId === c.tenantId && actor.userId === c.convenerUserId;
    const isLead = actor.tenantId === plan?.lead.tenantId && actor.userId === plan.lead.userId;
    return isConvener || isLead ? { r, c, plan } : undefined;
  }

  type Acted = { kind: "not_yours" } | { kind: "card"; card: Card };
  const answer = async (
    r: Reminder,
    c: Case,
    locale: Locale,
    extra: Partial<ReminderView>,
  ): Promise<Acted> => ({
    kind: "card",
    card: reminderCard(locale, { ...(await viewOf(r, c, locale, false)), ...extra }),
  });

  return {
    dispatchDue,
    /** One reminder job, counted by its outcome (telemetry/signals.ts). */
    async deliver(id: string): Promise<ReminderOutcome> {
      const outcome = await deliver(id);
      countReminder(outcome);
      return outcome;
    },
    gaveUp,

    /** "Markera klar": a follow-up reminder ends that follow-up's reminders; others end themselves. */
    async done(actor: Acting, id: string, locale: Locale): Promise<Acted> {
      const found = await forActor(actor, id);
      if (!found) return { kind: "not_yours" };
      const { r, c } = found;
      const audit = {
        actor: actor.audit,
        action: "reminder.done",
        subject: c.code,
        detail: { kind: r.kind },
      };
      if (FOLLOW_UP_KINDS.includes(r.kind))
        await plans.followUpDone(
          c.id,
          { actor: actor.audit, caseCode: c.code },
          clock.now(),
          stockholmDate(clock.now()),
        );
      await reminders.move(id, ["sent", "queued", "pending"], "done", { audit });
      return answer(r, c, locale, { outcome: STRINGS[locale].plan.markedDone });
    },

    /** "Skjut upp": the same reminder again at 08:00 on a later day; this one is done. */
    async postpone(actor: Acting, id: string, newDate: string | undefined, locale: Locale): Promise<Acted> {
      const found = await forActor(actor, id);
      if (!found) return { kind: "not_yours" };
      const { r, c } = found;
      const t = STRINGS[locale].plan;
      if (!newDate || newDate <= stockholmDate(clock.now()))
        return {
          kind: "card",
          card: reminderCard(locale, { ...(await viewOf(r, c, locale, true)), error: t.pickDate }),
        };
      const moved = await reminders.move(id, ["sent", "queued", "pending"], "done", {
        audit: {
          actor: actor.audit,
          action: "reminder.postponed",
          subject: c.code,
          detail: { kind: r.kind, to: newDate },
        },
      });
      if (moved)
        await reminders.insert(c.id, [
          {
            kind: r.kind,
            recipient: r.recipient,
            dueAt: at0800(newDate),
            aboutDate: r.aboutDate ?? newDate,
            ...(r.inviteeId ? { inviteeId: r.inviteeId } : {}),
          },
        ]);
      return answer(r, c, locale, { outcome: fill(t.postponed, { date: longDate(newDate, locale) }) });
    },

    /** "Avsluta SIP" with its reason: the case closes as from the tracking card (kallelse.ts). */
    async close(actor: Acting, id: string, reason: CloseReason | undefined, locale: Locale): Promise<Acted> {
      const found = await forActor(actor, id);
      if (!found) return { kind: "not_yours" };
      const { r, c } = found;
      const t = STRINGS[locale].plan;
      if (!reason)
        return {
          kind: "card",
          card: reminderCard(locale, { ...(await viewOf(r, c, locale, true)), error: t.pickReason }),
        };
      await kallelse.close(actor, c, reason);
      await reminders.move(id, ["sent", "queued", "pending", "cancelled"], "done");
      return answer(r, c, locale, {
        outcome: fill(t.closedText, { code: c.code, reason: closeReasonText(locale, reason) }),
        closed: true,
      });
    },

    /** A reminder and its case for the lead or the convener ("Kalla till uppföljning"). */
    forActor,
    /** The reminder's card as acted on, with the outcome of what the handler did. */
    card: async (r: Reminder, c: Case, locale: Locale, extra: Partial<ReminderView>) =>
      reminderCard(locale, { ...(await viewOf(r, c, locale, true)), ...extra }),
  };
}
export type ReminderService = ReturnType<typeof reminderService>;
