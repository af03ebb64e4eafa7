import type { Db } from "./db.js";

export interface AuditEntryInput {
  /** Who: a user's AAD object id or Teams id, or "system" for the bot's own jobs. Never a name. */
  actor: string;
  /** What, as an event name: "case.created", "invitation.accepted", … */
  action: string;
  /** Which: a case code or other id. Never a personnummer. */
  subject: string;
  /** Ids and codes only; it can never be corrected or deleted afterwards. */
  detail?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  id: number;
  at: Date;
}

interface Row {
  id: number | bigint;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

/**
 * The append-only audit trail. A database trigger refuses UPDATE, DELETE and TRUNCATE, so this
 * class offers only append and list. Pass a transaction's handle to record an entry atomically
 * with the change it describes.
 */
export class AuditLog {
  constructor(private readonly db: Pick<Db, "query">) {}

  async append(entry: AuditEntryInput): Promise<AuditEntry> {
    const rows = await this.db.query<Row>(
      `INSERT INTO audit_log (actor, action, subject, detail) VALUES ($1, $2, $3, $4::jsonb)
       RETURNING id, at, actor, action, subject, detail`,
      [entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail ?? {})],
    );
    const row = rows[0];
    if (!row) throw new Error("audit_log insert returned no row");
    return fromRow(row);
  }

  /**
   * The entry as the tail of one statement, written for each row `from` (a CTE name) yields:
   * `WITH moved AS (UPDATE … RETURNING id) ${sql}` records a change and its entry in one
   * statement, atomic without a transaction's BEGIN and COMMIT (a reminder's send, on PGlite).
   */
  static insertFor(from: string, entry: AuditEntryInput, firstParam: number) {
    const p = (i: number) => `$${firstParam + i}`;
    return {
      sql: `INSERT INTO audit_log (actor, action, subject, detail)
        SELECT ${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}::jsonb FROM ${from}`,
      params: [entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail ?? {})],
    };
  }

  /** Several entries in one INSERT (statistics rows gathered over a moment). */
  async appendMany(entries: readonly AuditEntryInput[]): Promise<void> {
    if (!entries.length) return;
    const values = entries.map(
      (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`,
    );
    const params = entries.flatMap((e) => [e.actor, e.action, e.subject, JSON.stringify(e.detail ?? {})]);
    await this.db.query(
      `INSERT INTO audit_log (actor, action, subject, detail) VALUES ${values.join(", ")}`,
      params,
    );
  }

  /** Every entry about one subject, oldest first. */
  async list(subject: string): Promise<AuditEntry[]> {
    const rows = await this.db.query<Row>(
      "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE subject = $1 ORDER BY id",
      [subject],
    );
    return rows.map(fromRow);
  }
}

// bigserial ids stay far below 2^53, so a number is exact.
const fromRow = (row: Row): AuditEntry => ({ ...row, id: Number(row.id) });
