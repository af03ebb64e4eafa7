import type { Invitee } from "../cases/model.js";
import { AuditLog } from "./audit.js";
import { sealOpt } from "./crypto.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";
import {
  INVITEE_COLUMNS,
  insertInvitee,
  toInvitee,
  type InviteeRow,
  type NewInvitee,
} from "./invitee-rows.js";

export interface AnswerChange {
  status: Invitee["status"];
  declineReason?: string;
  next?: NewInvitee;
}

/**
 * An invitee's answer (CaseRepository.answer), applied only if the invitee is still unanswered: of
 * two presses (or two racing answers) exactly one changes anything. A substitute or colleague is
 * added in the same transaction, sealed with the case's key. Undefined when nothing changed.
 */
export function applyAnswer(
  db: Executor,
  invitee: Invitee,
  change: AnswerChange,
  actor: string,
  caseCode: string,
  via?: "answer_link" | "recorded",
): Promise<{ updated: Invitee; added?: Invitee } | undefined> {
  return db.transaction(async (tx) => {
    const s = await new DataKeys(tx).ofKallelse(invitee.kallelseId, true);
    const [row] = await tx.query<InviteeRow>(
      `UPDATE invitees SET status = $2, decline_reason = $3, updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'invited', 'printable') RETURNING ${INVITEE_COLUMNS}`,
      [invitee.id, change.status, sealOpt(s, change.declineReason)],
    );
    if (!row) return undefined;
    let added: Invitee | undefined;
    if (change.next) {
      const [{ seq }] = (await tx.query<{ seq: number }>(
        "SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM invitees WHERE kallelse_id = $1",
        [invitee.kallelseId],
      )) as [{ seq: number }];
      // A substitute or colleague in Teams is of the invitee's organisation, so of their tenant.
      const tenantId = change.next.tenantId ?? (change.next.kind === "teams" ? invitee.tenantId : undefined);
      const next = { ...change.next, ...(tenantId ? { tenantId } : {}), replaces: invitee.id };
      added = await insertInvitee(tx, invitee.kallelseId, Number(seq), next, s);
    }
    await new AuditLog(tx).append({
      actor,
      action: `invitation.${change.status}`,
      subject: caseCode,
      detail: { invitee: invitee.id, ...(added ? { added: added.id } : {}), ...(via ? { via } : {}) },
    });
    return { updated: toInvitee(row, s), ...(added ? { added } : {}) };
  });
}
