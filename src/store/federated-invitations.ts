import { randomUUID } from "node:crypto";
import { openJson, openOpt, sealJson, sealOpt, type Sealer } from "./crypto.js";
import { compactDataKeys, DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";

/** An invitation a peer sent to one of our users (federated_invitations), as this side keeps it. */
export interface FederatedInvitationRow {
  id: string;
  keyId: string;
  /** The peer's own id for it (its invitee id): what the answer names. */
  ref: string;
  tenantId: string;
  userId: string;
  /** What crossed, as received (services/federated.ts parses it again when read); null: withdrawn before it came. */
  invitation: unknown;
  status:
    "received" | "sending" | "invited" | "accepted" | "declined" | "substituted" | "forwarded" | "withdrawn";
  declineReason?: string;
  nextName?: string;
  conversationId?: string;
  activityId?: string;
  /** The answer could not be delivered to the convener's instance (refused, or given up). */
  answerUndelivered: boolean;
  /** Withdrawn because the SIP ended (the card's wording). */
  sipEnded: boolean;
}

type Raw = Record<string, unknown>;
const COLUMNS = `id, key_id, ref, tenant_id, user_id, invitation, status, decline_reason, next_name,
  conversation_id, activity_id, answer_undelivered_at, sip_ended`;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
/**
 * What of a peer's invitation stays in clear (ids, the case code, dates and kinds "Mina SIP" and
 * retention read); every other string, the convener's text and the names, is sealed with the row's
 * own key (crypto.ts), as are the decline reason and the next person's name.
 */
const INVITATION_CLEAR = new Set([
  "id",
  "person",
  "caseCode",
  "orgType",
  "participation",
  "date",
  "time",
  "kind",
]);
function toRow(r: Raw, s: Sealer): FederatedInvitationRow {
  const optional = {
    declineReason: openOpt(s, r.decline_reason),
    nextName: openOpt(s, r.next_name),
    conversationId: str(r.conversation_id),
    activityId: str(r.activity_id),
  };
  return {
    id: String(r.id),
    keyId: String(r.key_id),
    ref: String(r.ref),
    tenantId: String(r.tenant_id),
    userId: String(r.user_id),
    invitation: openJson(s, r.invitation),
    status: String(r.status) as FederatedInvitationRow["status"],
    answerUndelivered: r.answer_undelivered_at != null,
    sipEnded: r.sip_ended === true,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/**
 * The receiving side of federated invitations. Every change is conditional on the status it
 * moves from, so of two copies of one POST (a retry crossing a slow answer) only one sends a card.
 */
export class FederatedInvitations {
  private readonly keys: DataKeys;
  constructor(private readonly db: Executor) {
    this.keys = new DataKeys(db);
  }

  /** A row read back, its texts opened with its own key (fetched for this call only). */
  private async opened(row: Raw | undefined): Promise<FederatedInvitationRow | undefined> {
    return row && toRow(row, await this.keys.of(String(row.id)));
  }

  /** Stores an invitation once per (peer, ref); a repeat returns the stored row. */
  async receive(
    inv: { keyId: string; ref: string; tenantId: string; userId: string; invitation: unknown },
    now: Date,
  ): Promise<FederatedInvitationRow> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const key = new DataKeys(tx).fresh(id, "federated_invitation");
      const sealed = sealJson(key.sealer, inv.invitation, INVITATION_CLEAR);
      const rows = await tx.query(
        `INSERT INTO federated_invitations (id, key_id, ref, tenant_id, user_id, invitation, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'received', $7) ON CONFLICT (key_id, ref) DO NOTHING RETURNING 1`,
        [id, inv.keyId, inv.ref, inv.tenantId, inv.userId, JSON.stringify(sealed), now],
      );
      if (rows.length) await key.save();
    });
    const row = await this.byRef(inv.keyId, inv.ref);
    if (!row) throw new Error("federated invitation insert returned no row");
    return row;
  }

  async get(id: string): Promise<FederatedInvitationRow | undefined> {
    const [row] = await this.db.query<Raw>(`SELECT ${COLUMNS} FROM federated_invitations WHERE id = $1`, [
      id,
    ]);
    return this.opened(row);
  }

  /**
   * Claims the sending of the card: from "received", or from "sending" claimed before `staleBefore`
   * (the instance died between claim and send). False: sent, answered, or being sent right now.
   */
  async claimSend(id: string, now: Date, staleBefore: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE federated_invitations SET status = 'sending', sending_at = $2
       WHERE id = $1 AND (status = 'received' OR (status = 'sending' AND sending_at < $3)) RETURNING 1`,
      [id, now, staleBefore],
    );
    return rows.length === 1;
  }

  /**
   * The convener withdrew the invitation: the row (with where its card lives) when this changed
   * it, "kept" when it came before its invitation (a row without one, so the late invitation sends
   * nothing), undefined when it was withdrawn already.
   */
  async withdraw(
    keyId: string,
    ref: string,
    sipEnded: boolean,
    now: Date,
  ): Promise<FederatedInvitationRow | "kept" | undefined> {
    // Twice: an invitation inserted between the update and the insert is then updated.
    for (let i = 0; i < 2; i++) {
      const [row] = await this.db.query<Raw>(
        `UPDATE federated_invitations SET status = 'withdrawn', sip_ended = $3
         WHERE key_id = $1 AND ref = $2 AND status <> 'withdrawn' RETURNING ${COLUMNS}`,
        [keyId, ref, sipEnded],
      );
      if (row) return this.opened(row);
      const kept = await this.db.query(
        `INSERT INTO federated_invitations (id, key_id, ref, tenant_id, user_id, invitation, status, created_at)
         VALUES ($1, $2, $3, '', '', NULL, 'withdrawn', $4) ON CONFLICT (key_id, ref) DO NOTHING RETURNING 1`,
        [randomUUID(), keyId, ref, now],
      );
      if (kept.length === 1) return "kept";
    }
    return undefined;
  }

  /** Marks the answer undelivered once; the row when this marked it. */
  async answerUndelivered(id: string, now: Date): Promise<FederatedInvitationRow | undefined> {
    const [row] = await this.db.query<Raw>(
      `UPDATE federated_invitations SET answer_undelivered_at = $2
       WHERE id = $1 AND answer_undelivered_at IS NULL RETURNING ${COLUMNS}`,
      [id, now],
    );
    return this.opened(row);
  }

  /**
   * Claims the one reminder of an unanswered invitation (true), or releases the claim when the
   * card could not be sent (`claim` false), so the peer's retry can remind again.
   */
  async reminded(id: string, now: Date, claim = true): Promise<boolean> {
    const rows = claim
      ? await this.db.query(
          `UPDATE federated_invitations SET reminded_at = $2
           WHERE id = $1 AND status = 'invited' AND reminded_at IS NULL RETURNING 1`,
          [id, now],
        )
      : await this.db.query(`UPDATE federated_invitations SET reminded_at = NULL WHERE id = $1 RETURNING 1`, [
          id,
        ]);
    return rows.length === 1;
  }

  /** The row of a peer's invitation by the peer's own id for it. */
  async byRef(keyId: string, ref: string): Promise<FederatedInvitationRow | undefined> {
    const [row] = await this.db.query<Raw>(
      `SELECT ${COLUMNS} FROM federated_invitations WHERE key_id = $1 AND ref = $2`,
      [keyId, ref],
    );
    return this.opened(row);
  }

  /** Moves `from` → `to` (with where the card lives, or the reason); false when it was not `from`. */
  async move(
    id: string,
    from: FederatedInvitationRow["status"],
    to: FederatedInvitationRow["status"],
    o: { conversationId?: string; activityId?: string; declineReason?: string; nextName?: string } = {},
  ): Promise<boolean> {
    const s =
      o.declineReason || o.nextName ? await this.keys.forWrite(id, "federated_invitation") : undefined;
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
        s ? sealOpt(s, o.declineReason) : null,
        s ? sealOpt(s, o.nextName) : null,
      ],
    );
    return rows.length === 1;
  }
}

/**
 * Retention on the invitee's side: this instance never learns when the convener's case closes, so
 * a peer's invitation is deleted whole once its meeting day is older than `cutoff` (the same
 * RETENTION_DAYS, counted from the meeting). Its buttons then answer "finns inte längre". A
 * withdrawal that came without its invitation is kept as long, counted from its arrival.
 */
export async function eraseFederatedInvitations(db: Executor, cutoff: Date): Promise<number> {
  const ids = await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `DELETE FROM federated_invitations
       WHERE (invitation->'details'->>'date')::date < ($1::timestamptz AT TIME ZONE 'Europe/Stockholm')::date
          OR (invitation IS NULL AND created_at < $1)
       RETURNING id`,
      [cutoff.toISOString()],
    );
    // Each row's texts were sealed with its own key (crypto.ts): gone with it, in the WAL too.
    await new DataKeys(tx).destroy(rows.map((r) => r.id));
    return rows;
  });
  if (ids.length) await compactDataKeys(db);
  return ids.length;
}
