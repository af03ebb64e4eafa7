import { randomUUID } from "node:crypto";
import { nameKey } from "./conversation-refs.js";
import type { Db } from "./db.js";

/** A local user as the directory shows them to a peer: an opaque id and a name, nothing else. */
export interface DirectoryEntry {
  id: string;
  name: string;
}

const swedish = new Intl.Collator("sv");

/** What federation keeps: nonces of verified requests, and the opaque ids of local users. */
export class FederationStore {
  constructor(private readonly db: Pick<Db, "query">) {}

  /**
   * Stores a verified request's nonce; false when it was seen before (a replay). Expired nonces
   * are pruned first: their signatures are refused as expired, so they need not be remembered.
   */
  async claimNonce(keyId: string, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.db.query("DELETE FROM federation_nonces WHERE expires_at < $1", [now]);
    const rows = await this.db.query(
      `INSERT INTO federation_nonces (key_id, nonce, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
      [keyId, nonce, expiresAt],
    );
    return rows.length === 1;
  }

  /**
   * Counts one directory query of a peer in the current minute and returns the minute's count and
   * its end. One statement, so two instances counting at once both see the other's query.
   */
  async countQuery(keyId: string, now: Date): Promise<{ count: number; windowEnds: Date }> {
    const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    await this.db.query("DELETE FROM federation_rate WHERE window_start < $1", [start]);
    const rows = await this.db.query<{ count: number }>(
      `INSERT INTO federation_rate (key_id, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key_id, window_start) DO UPDATE SET count = federation_rate.count + 1
       RETURNING count`,
      [keyId, start],
    );
    return { count: rows[0]?.count ?? 1, windowEnds: new Date(start.getTime() + 60_000) };
  }

  /**
   * Users with a word of their name starting with `query` (as ConversationRefs.searchByName),
   * in the served tenants (undefined: every tenant, development only), with their opaque ids.
   */
  async directory(
    tenants: readonly string[] | undefined,
    query: string,
    limit: number,
  ): Promise<DirectoryEntry[]> {
    const key = nameKey(query);
    if (key === "") return []; // an empty search would list everyone
    const found = await this.db.query<{ tenant_id: string; user_id: string; display_name: string }>(
      `SELECT tenant_id, user_id, display_name FROM conversation_refs
       WHERE ($1::text[] IS NULL OR tenant_id = ANY($1::text[])) AND display_name IS NOT NULL
         AND (name_key LIKE $2::text || '%' OR name_key LIKE '% ' || $2::text || '%')
       ORDER BY name_key, tenant_id, user_id
       LIMIT $3`,
      [tenants ? [...tenants] : null, key, Math.min(Math.max(Math.trunc(limit), 1), 10)],
    );
    if (!found.length) return [];
    const tenantIds = found.map((r) => r.tenant_id);
    const userIds = found.map((r) => r.user_id);
    await this.db.query(
      `INSERT INTO federation_people (id, tenant_id, user_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [found.map(() => randomUUID()), tenantIds, userIds],
    );
    const ids = await this.db.query<{ id: string; tenant_id: string; user_id: string }>(
      `SELECT p.id, p.tenant_id, p.user_id FROM federation_people p
       JOIN unnest($1::text[], $2::text[]) AS w(tenant_id, user_id)
         ON p.tenant_id = w.tenant_id AND p.user_id = w.user_id`,
      [tenantIds, userIds],
    );
    const idOf = new Map(ids.map((r) => [`${r.tenant_id}\u0000${r.user_id}`, r.id]));
    return found
      .flatMap((r) => {
        const id = idOf.get(`${r.tenant_id}\u0000${r.user_id}`);
        return id ? [{ id, name: r.display_name }] : [];
      })
      .sort((a, b) => swedish.compare(a.name, b.name));
  }

  /** Names a peer's directory gave for its opaque ids: a picked "Vem" is stored with its name. */
  async rememberPeerPeople(keyId: string, people: readonly DirectoryEntry[], now: Date): Promise<void> {
    if (!people.length) return;
    await this.db.query(
      `INSERT INTO federation_peer_people (key_id, person_id, name, seen_at)
       SELECT $1::text, p, n, $4::timestamptz FROM unnest($2::text[], $3::text[]) AS u(p, n)
       ON CONFLICT (key_id, person_id) DO UPDATE SET name = EXCLUDED.name, seen_at = EXCLUDED.seen_at`,
      [keyId, people.map((p) => p.id), people.map((p) => p.name), now],
    );
  }

  /** The name a peer gave for one of its opaque ids, when its directory showed it to us. */
  async peerPersonName(keyId: string, personId: string): Promise<string | undefined> {
    const rows = await this.db.query<{ name: string }>(
      "SELECT name FROM federation_peer_people WHERE key_id = $1 AND person_id = $2",
      [keyId, personId],
    );
    return rows[0]?.name;
  }

  /** The opaque id of a local user, made now if the directory never gave one (a colleague handed to). */
  async personIdOf(tenantId: string, userId: string): Promise<string> {
    await this.db.query(
      `INSERT INTO federation_people (id, tenant_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [randomUUID(), tenantId, userId],
    );
    const rows = await this.db.query<{ id: string }>(
      "SELECT id FROM federation_people WHERE tenant_id = $1 AND user_id = $2",
      [tenantId, userId],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error("federation person insert returned no row");
    return id;
  }

  /** The local user behind an opaque id (an invitation names its invitee this way). */
  async person(id: string): Promise<{ tenantId: string; userId: string } | undefined> {
    const rows = await this.db.query<{ tenant_id: string; user_id: string }>(
      "SELECT tenant_id, user_id FROM federation_people WHERE id = $1",
      [id],
    );
    const row = rows[0];
    return row && { tenantId: row.tenant_id, userId: row.user_id };
  }
}
