import type { Case } from "../cases/model.js";
import type { ReminderKind } from "../cases/plan.js";
import { AuditLog } from "./audit.js";
import { toCase } from "./case-rows.js";
import { sealOpt } from "./crypto.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";

/** Reminders addressed to whoever convenes the case: they move with the case to its new convener. */
const CONVENER_KINDS: readonly ReminderKind[] = [
  "convener_unanswered",
  "discharge_deadline",
  "first_contact",
];

/**
 * A case handed to a new convener (SIP-RULES §7: the lead convenes the follow-up), in one
 * transaction under the case's row lock: the convener's id and name change; the tracking cards of
 * the case's kallelser lose their place, since they lie in the former convener's chat and an
 * update must not put the new convener's view there; the convener's pending reminders follow; an
 * audit entry with ids only. `changed` is false when `from` no longer convenes the case (a second
 * press, a concurrent one); undefined for a case that is missing or closed.
 */
export function changeConvener(
  db: Executor,
  caseId: string,
  from: string,
  to: { userId: string; name?: string },
  actor: string,
): Promise<{ case: Case; changed: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query("SELECT * FROM cases WHERE id = $1 FOR UPDATE", [caseId]);
    const s = await new DataKeys(tx).forWrite(caseId, "case");
    const current = row && toCase(row, s);
    if (!current || current.closed) return undefined;
    if (current.convenerUserId !== from) return { case: current, changed: false };
    const [updated] = await tx.query(
      "UPDATE cases SET convener_user_id = $2, convener_name = $3 WHERE id = $1 RETURNING *",
      [caseId, to.userId, sealOpt(s, to.name)],
    );
    if (!updated) throw new Error("case vanished under its row lock");
    await tx.query(
      "UPDATE kallelser SET tracking_conversation_id = NULL, tracking_activity_id = NULL WHERE case_id = $1",
      [caseId],
    );
    await tx.query(
      `UPDATE reminders SET recipient_user_id = $2
       WHERE case_id = $1 AND status = 'pending' AND recipient_user_id = $3 AND kind = ANY($4::text[])`,
      [caseId, to.userId, from, CONVENER_KINDS],
    );
    await new AuditLog(tx).append({
      actor,
      action: "case.convener_changed",
      subject: current.code,
      detail: { from, to: to.userId, reason: "follow_up" },
    });
    return { case: toCase(updated, s), changed: true };
  });
}
