import { createHash, randomBytes } from "node:crypto";
import { AuditLog } from "./audit.js";
import type { Db } from "./db.js";

/** 32 random bytes in base64url: always 43 characters of A–Z, a–z, 0–9, "-" and "_". */
export const PRINT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const isPrintToken = (s: string): boolean => PRINT_TOKEN.test(s);

/**
 * What print_links stores of a token: SHA-256, hex. A database reader (a backup, a DBA) gets no
 * usable link, and the token cannot be shown again: the convener gets it once, when it is made.
 * No salt and no slow hash: those defend guessable secrets such as passwords, and a token is 256
 * random bits, so inverting the hash means guessing the token itself.
 */
const tokenHash = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Unguessable, expiring links to one invitee's printable invitation (table print_links). The token
 * is all a URL carries: it names nobody, and only this table (by its hash) ties it to an invitee.
 */
export class PrintLinks {
  constructor(private readonly db: Pick<Db, "query" | "transaction">) {}

  /**
   * A new token for the invitee, valid until expiresAt, returned once: only its hash is kept.
   * `audit` is given when a person asked for it (the convener's "Hämta utskrift").
   */
  async create(
    inviteeId: string,
    expiresAt: Date,
    audit?: { actor: string; caseCode: string },
  ): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.db.transaction(async (tx) => {
      await tx.query("INSERT INTO print_links (token_hash, invitee_id, expires_at) VALUES ($1, $2, $3)", [
        tokenHash(token),
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
      const rows = await tx.query(
        "UPDATE print_links SET expires_at = $2 WHERE invitee_id = $1 AND expires_at > $2 RETURNING 1",
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
      "SELECT invitee_id FROM print_links WHERE token_hash = $1 AND expires_at > $2",
      [tokenHash(token), now.toISOString()],
    );
    return rows[0]?.invitee_id;
  }

  /** How many live links each invitee of a kallelse has (those with none are left out). */
  async liveCounts(kallelseId: string, now: Date): Promise<Map<string, number>> {
    const rows = await this.db.query<{ invitee_id: string; n: number }>(
      `SELECT p.invitee_id, count(*)::int AS n FROM print_links p
       JOIN invitees i ON i.id = p.invitee_id
       WHERE i.kallelse_id = $1 AND p.expires_at > $2 GROUP BY p.invitee_id`,
      [kallelseId, now.toISOString()],
    );
    return new Map(rows.map((r) => [r.invitee_id, r.n]));
  }
}
