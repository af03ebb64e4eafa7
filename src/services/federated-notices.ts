import { withdrawnInvitationCard } from "../cards/case-views.js";
import { localeOf } from "../cards/locale.js";
import { reminderCard } from "../cards/plan-views.js";
import type { Card } from "../cards/render.js";
import type { Locale } from "../sip/index.js";
import { AuditLog } from "../store/audit.js";
import { FederatedInvitations, type FederatedInvitationRow } from "../store/federated-invitations.js";
import type { ServiceDeps } from "./deps.js";
import {
  FederatedInvitationSchema,
  type FederatedReminder,
  type FederatedWithdrawal,
} from "./federated-protocol.js";

/**
 * What happens to a peer's invitation after its card went out, on the invitee's side (README
 * "Federation"): the convener withdraws it, reminds the invitee who has not answered, or never
 * takes the invitee's answer. Each changes the stored row once and the invitee's card in place.
 */
export function federatedNotices(
  deps: ServiceDeps,
  card: (locale: Locale, row: FederatedInvitationRow) => Card,
) {
  const { refs, cards, logger, clock } = deps;
  const rows = new FederatedInvitations(deps.db);
  const audit = new AuditLog(deps.db);
  /** The row's user is in a tenant served now, and this peer may see it; logged when not. */
  const maySee = (keyId: string, row: FederatedInvitationRow, path: string) => {
    const ok = Boolean(deps.federation?.maySee(keyId, row.tenantId));
    if (!ok) logger.warn({ event: "federation_tenant_refused", peer: keyId, path });
    return ok;
  };
  const codeOf = (row: FederatedInvitationRow) => FederatedInvitationSchema.parse(row.invitation).caseCode;

  /** Replaces the invitee's card where one was delivered; a failure is logged (refresh shows it). */
  async function replace(row: FederatedInvitationRow, make: (locale: Locale) => Card, event: string) {
    const ref = await refs.get(row.tenantId, row.userId);
    if (!ref || !row.conversationId || !row.activityId) return;
    const result = await cards.replaceCard(ref, row.conversationId, row.activityId, make(localeOf(ref)));
    logger.info({ event, invitation: row.id, status: result.status });
  }

  return {
    /**
     * The convener withdrew the invitation: stored once, the card replaced by the notice (a card on
     * its way right now is replaced by services/federated.ts once sent). One that came before its
     * invitation is kept, so the late invitation sends nothing.
     */
    async receiveWithdrawal(
      keyId: string,
      w: FederatedWithdrawal,
    ): Promise<"recorded" | "unchanged" | "not_found"> {
      // The recipient's tenant is checked as for the invitation (issue 20); a withdrawal that
      // came first names nobody yet and is kept as before.
      const before = await rows.byRef(keyId, w.invitation);
      if (before?.invitation && !maySee(keyId, before, "withdrawals")) return "not_found";
      const row = await rows.withdraw(keyId, w.invitation, w.sipEnded, clock.now());
      if (!row) return "unchanged";
      const code = row === "kept" ? undefined : codeOf(row);
      if (row !== "kept" && code)
        await replace(
          row,
          (l) => withdrawnInvitationCard(l, code, w.sipEnded),
          "federated_invitation_withdrawn",
        );
      await audit.append({
        actor: `peer:${keyId}`,
        action: "federation.invitation_withdrawn",
        subject: code ?? keyId,
        detail: { invitation: row === "kept" ? "before_invitation" : row.id },
      });
      return "recorded";
    },

    /**
     * The convener's instance says the invitee has not answered: reminded once, in their own chat,
     * as a local invitee is (services/reminders.ts). Answered or withdrawn meanwhile: nothing.
     */
    async receiveReminder(
      keyId: string,
      r: FederatedReminder,
    ): Promise<"delivered" | "unchanged" | "not_found" | "unreachable" | "retry"> {
      const row = await rows.byRef(keyId, r.invitation);
      if (!row?.invitation || !maySee(keyId, row, "reminders")) return "not_found";
      if (!(await rows.reminded(row.id, clock.now()))) return "unchanged";
      const code = codeOf(row);
      const ref = await refs.get(row.tenantId, row.userId);
      const reminder = (locale: Locale) =>
        reminderCard(locale, {
          reminderId: row.id,
          code,
          kind: "invitee_unanswered",
          aboutDate: r.invitedOn,
          actionable: false,
          open: false,
        });
      const status = ref ? (await cards.sendCard(ref, reminder(localeOf(ref)))).status : "blocked";
      logger.info({ event: "federated_reminder", peer: keyId, invitation: row.id, status });
      if (status === "sent") {
        await audit.append({
          actor: `peer:${keyId}`,
          action: "federation.reminder_sent",
          subject: code,
          detail: { invitation: row.id },
        });
        return "delivered";
      }
      await rows.reminded(row.id, clock.now(), false);
      return status === "blocked" ? "unreachable" : "retry";
    },

    /**
     * The invitee's answer never reached the convener's instance (refused, or given up after 24 h):
     * their card keeps the answer and tells them to answer the convener directly; audited.
     */
    async answerUndelivered(rowId: string, outcome: string): Promise<void> {
      const row = await rows.answerUndelivered(rowId, clock.now());
      if (!row) return;
      await audit.append({
        actor: "system",
        action: "federation.answer_undelivered",
        subject: codeOf(row),
        detail: { invitation: row.id, outcome },
      });
      logger.warn({ event: "federated_answer_undelivered", invitation: row.id, outcome });
      await replace(row, (l) => card(l, row), "federated_answer_undelivered_card");
    },
  };
}
