import { randomBytes } from "node:crypto";
import { AuditLog } from "./audit.js";
import type { Db } from "./db.js";

/** 32 random bytes in base64url: always 43 characters of A–Z, a–z, 0–9, "-" and "_". */
export const PRINT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const isPrintToken = (s: string): boolean => PRINT_TOKEN.test(s);

/**
 * Unguessable, expiring links to one invitee's printable invitation (table print_links). The token
 * is all a URL carries: it names nobody, and only this table ties it to an invitee.
 */
export class PrintLinks {
  constructor(private readonly db: Pick<Db, "query" | "transaction">) {}

  /**
   * A new token for the invitee, valid until expiresAt. `audit` is given when a person asked for
   * it (the convener's "Ny länk"); the first link comes with the delivery's own audit entry.
   */
  async create(
    inviteeId: string,
    expiresAt: Date,
    audit?: { actor: string; caseCode: string },
  ): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.db.transaction(async (tx) => {
      await tx.query("INSERT INTO print_links (token, invitee_id, expires_at) VALUES ($1, $2, $3)", [
        token,
        inviteeId,
        expiresAt.toISOString(),
      ]);
      if (audit)
        await new AuditLog(tx).append({
          actor: audit.actor,
          action: "print_link.created",
          subject: audit.caseCode,
          detail: { invitee: inviteeId },
        });
    });
    return token;
  }

  /**
   * Ends every live link of the invitee at once (the convener's "Återkalla länken": a letter sent
   * to the wrong address, a partner who left), with its audit entry. Returns how many were live.
   * Rows are kept, expired, so a revoked link answers exactly like an expired one.
   */
  async revoke(inviteeId: string, now: Date, audit: { actor: string; caseCode: string }): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ token: string }>(
        "UPDATE print_links SET expires_at = $2 WHERE invitee_id = $1 AND expires_at > $2 RETURNING token",
        [inviteeId, now.toISOString()],
      );
      if (rows.length)
        await new AuditLog(tx).append({
          actor: audit.actor,
          action: "print_link.revoked",
          subject: audit.caseCode,
          detail: { invitee: inviteeId, links: rows.length },
        });
      return rows.length;
    });
  }

  /** The invitee id, if the token exists and has not expired at `now`; malformed tokens never reach SQL. */
  async resolve(token: string, now: Date): Promise<string | undefined> {
    if (!isPrintToken(token)) return undefined;
    const rows = await this.db.query<{ invitee_id: string }>(
      "SELECT invitee_id FROM print_links WHERE token = $1 AND expires_at > $2",
      [token, now.toISOString()],
    );
    return rows[0]?.invitee_id;
  }

  /** The live printable-invitation token of each invitee of a kallelse that has one. */
  async liveTokens(kallelseId: string, now: Date): Promise<Map<string, string>> {
    const rows = await this.db.query<{ invitee_id: string; token: string }>(
      `SELECT DISTINCT ON (p.invitee_id) p.invitee_id, p.token FROM print_links p
       JOIN invitees i ON i.id = p.invitee_id
       WHERE i.kallelse_id = $1 AND p.expires_at > $2 ORDER BY p.invitee_id, p.expires_at DESC`,
      [kallelseId, now.toISOString()],
    );
    return new Map(rows.map((r) => [r.invitee_id, r.token]));
  }
}
