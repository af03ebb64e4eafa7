import { randomUUID } from "node:crypto";
import { REMINDER_KINDS, type ReminderKind, type ReminderSpec } from "../cases/plan.js";
import { AuditLog, type AuditEntryInput } from "./audit.js";
import type { Executor } from "./db.js";

export type ReminderStatus = "pending" | "queued" | "sent" | "done" | "cancelled" | "unreachable";

export interface Reminder {
  id: string;
  caseId: string;
  kind: ReminderKind;
  recipient: { userId: string; tenantId: string };
  dueAt: Date;
  aboutDate?: string;
  inviteeId?: string;
  status: ReminderStatus;
}

const toReminder = (r: Record<string, unknown>): Reminder => ({
  id: String(r.id),
  caseId: String(r.case_id),
  kind: (REMINDER_KINDS as readonly unknown[]).includes(r.kind) ? (r.kind as ReminderKind) : "follow_up_due",
  recipient: { userId: String(r.recipient_user_id), tenantId: String(r.recipient_tenant_id) },
  dueAt: new Date(r.due_at as string),
  ...(r.about_date ? { aboutDate: isoDate(r.about_date) } : {}),
  ...(r.invitee_id ? { inviteeId: String(r.invitee_id) } : {}),
  status: r.status as ReminderStatus,
});

/** `date` columns are read as text: the drivers would turn them into Dates in the server's zone. */
const isoDate = (v: unknown) => String(v).slice(0, 10);
const COLUMNS = `id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at,
  about_date::text AS about_date, invitee_id, status`;

/**
 * Whether a reminder still matters, as one SQL condition on `r` (one rule, used before claiming
 * and again before sending): its case is open, and — a follow-up: the plan still has that date and
 * it is not marked done; consent ending: the plan still has that end date; an unanswered
 * invitation: it is still waiting for its answer; turning 18: the case's consent still has that
 * date; a discharge or first-contact deadline: no kallelse has gone out yet (we record no
 * separate "first contact", README).
 */
const STILL_DUE = `EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND c.status = 'open') AND CASE
  WHEN r.kind IN ('follow_up_soon', 'follow_up_due', 'follow_up_overdue') THEN EXISTS (
    SELECT 1 FROM plans p WHERE p.case_id = r.case_id AND p.follow_up_done_at IS NULL
      AND p.follow_up_date = r.about_date)
  WHEN r.kind = 'consent_ending' THEN EXISTS (
    SELECT 1 FROM plans p WHERE p.case_id = r.case_id AND p.consent_until = r.about_date)
  WHEN r.kind = 'reconsent_18' THEN EXISTS (
    SELECT 1 FROM cases c WHERE c.id = r.case_id AND c.verdict->>'reconsentOn' = r.about_date::text)
  WHEN r.invitee_id IS NOT NULL THEN EXISTS (
    SELECT 1 FROM invitees i WHERE i.id = r.invitee_id AND i.status IN ('pending', 'invited', 'printable'))
  ELSE NOT EXISTS (SELECT 1 FROM kallelser k WHERE k.case_id = r.case_id)
END`;

/** A new reminder's columns id … about_date, in the order both inserts name them. */
const columnsOf = (caseId: string, s: ReminderSpec) => [
  randomUUID(),
  caseId,
  s.kind,
  s.recipient.userId,
  s.recipient.tenantId,
  s.dueAt.toISOString(),
  s.aboutDate,
];

/**
 * Reminder rows: written with the change that causes them (a plan saved, a follow-up marked done, a
 * case closed), in its transaction; claimed once due by the dispatcher, which queues one delivery
 * job per row in the same transaction (services/reminders.ts).
 */
export class ReminderRepository {
  constructor(private readonly db: Executor) {}

  async insert(caseId: string, specs: readonly ReminderSpec[]): Promise<void> {
    for (const s of specs)
      await this.db.query(
        `INSERT INTO reminders (id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at, about_date, invitee_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [...columnsOf(caseId, s), s.inviteeId ?? null],
      );
  }

  /**
   * One reminder unless the same (kind, recipient, date) still waits to be sent: a button pressed
   * twice asks once. True when it was written.
   */
  async insertOnce(caseId: string, s: ReminderSpec): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO reminders (id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at, about_date)
       SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::timestamptz, $7::date
       WHERE NOT EXISTS (SELECT 1 FROM reminders WHERE case_id = $2 AND kind = $3 AND recipient_user_id = $4
         AND recipient_tenant_id = $5 AND about_date = $7::date AND status IN ('pending', 'queued'))
       RETURNING 1`,
      columnsOf(caseId, s),
    );
    return rows.length === 1;
  }

  /** Pending reminders of these kinds go to someone else (a plan naming its lead); how many. */
  async readdress(
    caseId: string,
    kinds: readonly ReminderKind[],
    to: { userId: string; tenantId: string },
  ): Promise<number> {
    const rows = await this.db.query(
      `UPDATE reminders SET recipient_user_id = $3, recipient_tenant_id = $4
       WHERE case_id = $1 AND status = 'pending' AND kind = ANY($2::text[]) RETURNING id`,
      [caseId, [...kinds], to.userId, to.tenantId],
    );
    return rows.length;
  }

  /** Pending reminders of these kinds end (the plan changed, the follow-up is done, the case closed). */
  async cancel(caseId: string, kinds: readonly ReminderKind[] = REMINDER_KINDS): Promise<number> {
    const rows = await this.db.query(
      `UPDATE reminders SET status = 'cancelled'
       WHERE case_id = $1 AND status = 'pending' AND kind = ANY($2::text[]) RETURNING id`,
      [caseId, [...kinds]],
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` due reminders (oldest first) and hands their ids to `queue` in the same
   * transaction. SKIP LOCKED: instances claiming at once each get other rows, never the same one.
   */
  async claimDue(now: Date, limit: number, queue: (tx: Executor, ids: string[]) => Promise<void>) {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `SELECT id FROM reminders WHERE status = 'pending' AND due_at <= $1
         ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), limit],
      );
      const ids = rows.map((r) => String(r.id));
      if (!ids.length) return 0;
      await tx.query("UPDATE reminders SET status = 'queued' WHERE id = ANY($1::uuid[])", [ids]);
      await queue(tx, ids);
      return ids.length;
    });
  }

  /** Due reminders that no longer matter end unsent (one statement); how many. */
  async cancelStale(now: Date): Promise<number> {
    const rows = await this.db.query(
      `UPDATE reminders r SET status = 'cancelled'
       WHERE r.status = 'pending' AND r.due_at <= $1 AND NOT (${STILL_DUE}) RETURNING r.id`,
      [now.toISOString()],
    );
    return rows.length;
  }

  /** A reminder and whether it still matters now, in one query: read again just before it is sent. */
  async withDue(id: string): Promise<{ reminder: Reminder; stillDue: boolean } | undefined> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS}, (${STILL_DUE}) AS still_due FROM reminders r WHERE r.id = $1`,
      [id],
    );
    return row && { reminder: toReminder(row), stillDue: row.still_due === true };
  }

  async get(id: string): Promise<Reminder | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM reminders WHERE id = $1`, [id]);
    return row && toReminder(row);
  }

  /**
   * Moves a reminder from one of `from` to `to`, with its audit entry in the same statement;
   * false when it was in none of them (another press or instance got there first).
   */
  async move(
    id: string,
    from: readonly ReminderStatus[],
    to: ReminderStatus,
    opts: { sent?: { conversationId: string; activityId: string; at: Date }; audit?: AuditEntryInput } = {},
  ): Promise<boolean> {
    const { sent, audit } = opts;
    const update = `UPDATE reminders SET status = $3,
        conversation_id = coalesce($4, conversation_id), activity_id = coalesce($5, activity_id),
        sent_at = coalesce($6, sent_at)
      WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`;
    const params = [
      id,
      [...from],
      to,
      sent?.conversationId ?? null,
      sent?.activityId ?? null,
      sent?.at.toISOString() ?? null,
    ];
    if (!audit) return (await this.db.query(update, params)).length > 0;
    // One statement: the move and its audit entry commit together, or neither does.
    const entry = AuditLog.insertFor("moved", audit, params.length + 1);
    const rows = await this.db.query(`WITH moved AS (${update}) ${entry.sql} RETURNING 1`, [
      ...params,
      ...entry.params,
    ]);
    return rows.length > 0;
  }

  /** Reminders of a case, for the tests and the plan card: kind, due and status. */
  async ofCase(caseId: string): Promise<Reminder[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM reminders WHERE case_id = $1 ORDER BY due_at, kind`,
      [caseId],
    );
    return rows.map(toReminder);
  }
}
