import { randomUUID } from "node:crypto";
import type { Db, Executor } from "./db.js";

/** An invitation a peer sent to one of our users (federated_invitations), as this side keeps it. */
export interface FederatedInvitationRow {
  id: string;
  keyId: string;
  /** The peer's own id for it (its invitee id): what the answer names. */
  ref: string;
  tenantId: string;
  userId: string;
  /** What crossed, as received (services/federated.ts parses it again when read). */
  invitation: unknown;
  status: "received" | "sending" | "invited" | "accepted" | "declined" | "substituted" | "forwarded";
  declineReason?: string;
  nextName?: string;
  conversationId?: string;
  activityId?: string;
}

type Raw = Record<string, unknown>;
const COLUMNS = `id, key_id, ref, tenant_id, user_id, invitation, status, decline_reason, next_name,
  conversation_id, activity_id`;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
function toRow(r: Raw): FederatedInvitationRow {
  const optional = {
    declineReason: str(r.decline_reason),
    nextName: str(r.next_name),
    conversationId: str(r.conversation_id),
    activityId: str(r.activity_id),
  };
  return {
    id: String(r.id),
    keyId: String(r.key_id),
    ref: String(r.ref),
    tenantId: String(r.tenant_id),
    userId: String(r.user_id),
    invitation: r.invitation,
    status: String(r.status) as FederatedInvitationRow["status"],
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/**
 * The receiving side of federated invitations. Every change is conditional on the status it
 * moves from, so of two copies of one POST (a retry crossing a slow answer) only one sends a card.
 */
export class FederatedInvitations {
  constructor(private readonly db: Pick<Db, "query">) {}

  /** Stores an invitation once per (peer, ref); a repeat returns the stored row. */
  async receive(
    inv: { keyId: string; ref: string; tenantId: string; userId: string; invitation: unknown },
    now: Date,
  ): Promise<FederatedInvitationRow> {
    await this.db.query(
      `INSERT INTO federated_invitations (id, key_id, ref, tenant_id, user_id, invitation, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'received', $7) ON CONFLICT (key_id, ref) DO NOTHING`,
      [randomUUID(), inv.keyId, inv.ref, inv.tenantId, inv.userId, JSON.stringify(inv.invitation), now],
    );
    const [row] = await this.db.query<Raw>(
      `SELECT ${COLUMNS} FROM federated_invitations WHERE key_id = $1 AND ref = $2`,
      [inv.keyId, inv.ref],
    );
    if (!row) throw new Error("federated invitation insert returned no row");
    return toRow(row);
  }

  async get(id: string): Promise<FederatedInvitationRow | undefined> {
    const [row] = await this.db.query<Raw>(`SELECT ${COLUMNS} FROM federated_invitations WHERE id = $1`, [
      id,
    ]);
    return row && toRow(row);
  }

  /** Moves `from` → `to` (with where the card lives, or the reason); false when it was not `from`. */
  async move(
    id: string,
    from: FederatedInvitationRow["status"],
    to: FederatedInvitationRow["status"],
    o: { conversationId?: string; activityId?: string; declineReason?: string; nextName?: string } = {},
  ): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE federated_invitations SET status = $3, conversation_id = COALESCE($4, conversation_id),
         activity_id = COALESCE($5, activity_id), decline_reason = COALESCE($6, decline_reason),
         next_name = COALESCE($7, next_name)
       WHERE id = $1 AND status = $2 RETURNING 1`,
      [
        id,
        from,
        to,
        o.conversationId ?? null,
        o.activityId ?? null,
        o.declineReason ?? null,
        o.nextName ?? null,
      ],
    );
    return rows.length === 1;
  }
}

/**
 * Retention on the invitee's side: this instance never learns when the convener's case closes, so
 * a peer's invitation is deleted whole once its meeting day is older than `cutoff` (the same
 * RETENTION_DAYS, counted from the meeting). Its buttons then answer "finns inte längre".
 */
export async function eraseFederatedInvitations(db: Pick<Executor, "query">, cutoff: Date): Promise<number> {
  const rows = await db.query(
    `DELETE FROM federated_invitations
     WHERE (invitation->'details'->>'date')::date < ($1::timestamptz AT TIME ZONE 'Europe/Stockholm')::date
     RETURNING 1`,
    [cutoff.toISOString()],
  );
  return rows.length;
}
