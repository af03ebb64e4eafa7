import { randomBytes } from "node:crypto";
import type { Db } from "./db.js";

/** 32 random bytes in base64url: always 43 characters of A–Z, a–z, 0–9, "-" and "_". */
export const PRINT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const isPrintToken = (s: string): boolean => PRINT_TOKEN.test(s);

/**
 * Unguessable, expiring links to one invitee's printable invitation (table print_links). The token
 * is all a URL carries: it names nobody, and only this table ties it to an invitee.
 */
export class PrintLinks {
  constructor(private readonly db: Pick<Db, "query">) {}

  /** A new token for the invitee, valid until expiresAt. */
  async create(inviteeId: string, expiresAt: Date): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.db.query("INSERT INTO print_links (token, invitee_id, expires_at) VALUES ($1, $2, $3)", [
      token,
      inviteeId,
      expiresAt.toISOString(),
    ]);
    return token;
  }

  /**
   * Ends every live link of the invitee at once (the convener's "Återkalla länk": a letter sent to
   * the wrong address, a partner who left). Returns how many were live. Rows are kept, expired,
   * so a revoked link answers exactly like an expired one.
   */
  async revoke(inviteeId: string, now: Date): Promise<number> {
    const rows = await this.db.query<{ token: string }>(
      "UPDATE print_links SET expires_at = $2 WHERE invitee_id = $1 AND expires_at > $2 RETURNING token",
      [inviteeId, now.toISOString()],
    );
    return rows.length;
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
}
