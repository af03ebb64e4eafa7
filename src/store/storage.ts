import { randomUUID } from "node:crypto";
import type { Storage, StoreItem, StoreItems } from "botbuilder";
import type { Db } from "./db.js";

/** Thrown by PgStorage.write when an item's eTag no longer matches the stored one. */
export class ETagConflictError extends Error {
  readonly code = "ETAG_CONFLICT";
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = "ETagConflictError";
  }
}

interface Row {
  key: string;
  doc: Record<string, unknown>;
  etag: string;
}

/**
 * botbuilder Storage over the bot_state table, with MemoryStorage's eTag rules:
 * - an item without eTag, or with eTag "*", is written unconditionally;
 * - an item with an eTag is written only if the stored row has that eTag, or no row exists yet;
 *   otherwise write() throws ETagConflictError (code "ETAG_CONFLICT").
 * Every successful write stores a fresh random eTag; read() returns it as the item's `eTag`.
 * Unlike MemoryStorage, a write of several keys is all-or-nothing (one transaction).
 */
export class PgStorage implements Storage {
  constructor(private readonly db: Db) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError("Keys are required when reading.");
    if (keys.length === 0) return {};
    // `= ANY($1::text[])` uses the primary key; both drivers encode a JS string array as text[].
    const rows = await this.db.query<Row>(
      "SELECT key, doc, etag FROM bot_state WHERE key = ANY($1::text[])",
      [keys],
    );
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...row.doc, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError("Changes are required when writing.");
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const [key, item] of entries) await writeOne(tx, key, item);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError("Keys are required when deleting.");
    if (keys.length === 0) return;
    await this.db.query("DELETE FROM bot_state WHERE key = ANY($1::text[])", [keys]);
  }
}

// Every decision happens inside a single SQL statement, never as read-then-write in JS: the row
// lock taken by UPDATE … WHERE etag = $x makes concurrent writers of one eTag queue, and each one
// after the first re-checks the WHERE against the new row and matches nothing.
async function writeOne(tx: Pick<Db, "query">, key: string, item: StoreItem): Promise<void> {
  const { eTag, ...doc } = item as StoreItem & { eTag?: unknown };
  const json = JSON.stringify(doc);
  const next = randomUUID();

  if (!eTag || eTag === "*") {
    await tx.query(
      `INSERT INTO bot_state (key, doc, etag) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, etag = excluded.etag, updated_at = now()`,
      [key, json, next],
    );
    return;
  }

  const updated = await tx.query(
    `UPDATE bot_state SET doc = $2::jsonb, etag = $3, updated_at = now()
     WHERE key = $1 AND etag = $4 RETURNING key`,
    [key, json, next, typeof eTag === "string" ? eTag : null], // a non-string eTag matches no row
  );
  if (updated.length === 1) return;

  // No row with that eTag: fine if there is no row at all (an eTag on a new key is MemoryStorage's
  // "!old" case). ON CONFLICT DO NOTHING settles a concurrent insert of the same key: one wins.
  const inserted = await tx.query(
    `INSERT INTO bot_state (key, doc, etag) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [key, json, next],
  );
  if (inserted.length === 1) return;
  throw new ETagConflictError(key);
}
