import type { Invitee } from "../cases/model.js";
import { AuditLog } from "./audit.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";
import { INVITEE_COLUMNS, toInvitee, type InviteeRow } from "./invitee-rows.js";

/**
 * Where an invitee's card stands on its way out: "pending" until sent, "invited" once Teams has
 * it, "printable" when it must go on paper. CaseRepository exposes these; they live here to keep
 * that file small. Every status change is conditional on "pending", so a delivery that Teams
 * confirms late never overwrites an answer given in the meantime.
 */

/** Whether another invitee of the kallelse still waits for its card: one indexed probe. */
export async function othersPending(db: Executor, kallelseId: string, inviteeId: string): Promise<boolean> {
  const rows = await db.query(
    "SELECT 1 FROM invitees WHERE kallelse_id = $1 AND status = 'pending' AND id <> $2 LIMIT 1",
    [kallelseId, inviteeId],
  );
  return rows.length > 0;
}

/** Ids of the invitees still waiting for their card, oldest first. */
export async function pendingInvitees(db: Executor): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM invitees WHERE status = 'pending' ORDER BY updated_at, seq",
  );
  return rows.map((r) => r.id);
}

export interface Delivery {
  status: "invited" | "printable";
  conversationId?: string;
  activityId?: string;
  /** Why paper (for the audit): an external party, no conversation, blocked, or retries used up. */
  reason?: string;
  /**
   * The invitee's Teams user id, once known for one named by their AAD object id (the bot installed
   * itself for them): from then on they, their answers and reminders go by it, as everyone's do.
   */
  userId?: string;
  /** Their name as Teams gives it, then: it replaces the one the convener wrote for them. */
  name?: string;
}

/**
 * Records a delivery. The status moves only from "pending": the partner may have answered the
 * card before the connector's 200 reached us. Where the card lives is stored either way, so it can
 * still be updated in place. Returns whether the status changed (then it is audited).
 */
export async function recordDelivery(
  db: Executor,
  id: string,
  d: Delivery,
  caseCode: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ids = [d.conversationId ?? null, d.activityId ?? null];
    const before =
      d.userId || d.name
        ? (
            await tx.query<{ user_id: string | null; kallelse_id: string }>(
              "SELECT user_id, kallelse_id FROM invitees WHERE id = $1",
              [id],
            )
          )[0]
        : undefined;
    // Teams' name for them is the case's text like the one it replaces: sealed with the case's key.
    const name =
      d.name && before ? (await new DataKeys(tx).ofKallelse(before.kallelse_id, true)).seal(d.name) : null;
    const changed = await tx.query(
      `UPDATE invitees SET status = $2, conversation_id = COALESCE($3, conversation_id),
         activity_id = COALESCE($4, activity_id), user_id = COALESCE($5, user_id),
         name = COALESCE($6, name), next_attempt_at = NULL, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, d.status, ...ids, d.userId ?? null, name],
    );
    // Their reminders ("not answered yet") follow them to the Teams id.
    if (changed.length && before?.user_id && before.user_id !== d.userId)
      await tx.query(
        "UPDATE reminders SET recipient_user_id = $3 WHERE invitee_id = $1 AND recipient_user_id = $2",
        [id, before.user_id, d.userId],
      );
    if (!changed.length) {
      await tx.query(
        `UPDATE invitees SET conversation_id = COALESCE($2, conversation_id),
           activity_id = COALESCE($3, activity_id) WHERE id = $1`,
        [id, ...ids],
      );
      return false;
    }
    await new AuditLog(tx).append({
      actor: "system",
      action: `invitation.${d.status}`,
      subject: caseCode,
      detail: { invitee: id, ...(d.reason ? { reason: d.reason } : {}) },
    });
    return true;
  });
}

/**
 * A send Teams refused for now (throttled, or failed after the sender's retries): the invitee stays
 * "pending" and its delivery job is tried again later, with backoff (services/jobs.ts). The attempt
 * is counted so the tracking card can say "nytt försök". Returns false when it was no longer pending.
 */
export async function deferDelivery(
  db: Executor,
  id: string,
  reason: "throttled" | "failed" | "installing",
  caseCode: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ delivery_attempts: number }>(
      `UPDATE invitees SET delivery_attempts = delivery_attempts + 1, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING delivery_attempts`,
      [id],
    );
    if (!row) return false;
    await new AuditLog(tx).append({
      actor: "system",
      action: "invitation.deferred",
      subject: caseCode,
      detail: { invitee: id, reason, attempt: Number(row.delivery_attempts) },
    });
    return true;
  });
}

/**
 * A narrowed consent (CaseRepository.narrowScope), inside its transaction: every invitee of the
 * case's kallelser whose service is now excluded and who still takes part (not declined, not handed
 * on) becomes "withdrawn", so no delivery sends them and they cannot answer; their printable links
 * end at `now`, as PrintLinks.revoke ends them. Audited per invitee. Returns them, withdrawn: where
 * a card was delivered (conversationId, activityId), it is to be replaced in place.
 */
export async function withdrawOutOfScope(
  tx: Executor,
  c: { id: string; code: string },
  excluded: readonly string[],
  actor: string,
  now: Date,
): Promise<Invitee[]> {
  const rows = await tx.query<InviteeRow>(
    `UPDATE invitees SET status = 'withdrawn', next_attempt_at = NULL, updated_at = now()
      WHERE kallelse_id IN (SELECT id FROM kallelser WHERE case_id = $1)
        AND org_type = ANY($2) AND status IN ('pending', 'invited', 'printable', 'accepted')
    RETURNING ${INVITEE_COLUMNS}`,
    [c.id, [...excluded]],
  );
  const s = await new DataKeys(tx).of(c.id);
  const withdrawn = rows.map((r) => toInvitee(r, s)).sort((a, b) => a.seq - b.seq);
  for (const i of withdrawn) {
    const links = await tx.query(
      "UPDATE print_links SET expires_at = $2 WHERE invitee_id = $1 AND expires_at > $2 RETURNING 1",
      [i.id, now.toISOString()],
    );
    const audit = new AuditLog(tx);
    await audit.append({ actor, action: "invitation.withdrawn", subject: c.code, detail: { invitee: i.id } });
    if (links.length)
      await audit.append({
        actor,
        action: "print_link.revoked",
        subject: c.code,
        detail: { invitee: i.id, links: links.length },
      });
  }
  return withdrawn;
}
