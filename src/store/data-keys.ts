import type { KeyObject } from "node:crypto";
import { checkOpens, newDataKey, sealCheck, sealer, unwrapKey, wrapKey, type Sealer } from "./crypto.js";
import { StartupError } from "./data-dir-lock.js";
import type { Executor } from "./db.js";

/** Whose text a data key seals: a case, or a peer's invitation to one of our users. */
export type KeyOwner = "case" | "federated_invitation";

function masterOf(db: Executor): KeyObject {
  if (!db.masterKey) throw new Error("this database was opened without a data key (DATA_KEY_FILE)");
  return db.masterKey;
}

/**
 * The data_keys table (migration 016): one random key per case or peer's invitation, wrapped by the
 * master key. A sealer is fetched per call and never cached beyond it, so once retention deleted a
 * key no copy of it lives on in this process.
 */
export class DataKeys {
  constructor(private readonly db: Executor) {}

  /**
   * A new key for `id`: seal the row's text with `sealer`, insert the row, then `save()` the key in
   * the same transaction — only when the row was inserted (an idempotent insert may write nothing).
   */
  fresh(id: string, owner: KeyOwner): { sealer: Sealer; save(): Promise<void> } {
    const key = newDataKey();
    const wrapped = wrapKey(masterOf(this.db), id, key);
    return {
      sealer: sealer(id, key),
      save: async () => {
        await this.db.query("INSERT INTO data_keys (id, owner, wrapped) VALUES ($1, $2, $3)", [
          id,
          owner,
          wrapped,
        ]);
      },
    };
  }

  /** The sealer of `id`; without a stored key (erased, or text from before issue 20) it only opens. */
  async of(id: string): Promise<Sealer> {
    const [row] = await this.db.query<{ wrapped: Uint8Array }>(
      "SELECT wrapped FROM data_keys WHERE id = $1",
      [id],
    );
    return sealer(id, row ? unwrapKey(masterOf(this.db), id, Buffer.from(row.wrapped)) : undefined);
  }

  /**
   * The sealer of `id` for writing. A case from before migration 016 has no key yet: it gets one
   * now (its older texts stay plain and are read as such); of two writers at once, one key wins.
   */
  async forWrite(id: string, owner: KeyOwner): Promise<Sealer> {
    const [row] = await this.db.query("SELECT 1 FROM data_keys WHERE id = $1", [id]);
    if (!row)
      await this.db.query(
        "INSERT INTO data_keys (id, owner, wrapped) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        [id, owner, wrapKey(masterOf(this.db), id, newDataKey())],
      );
    return this.of(id);
  }

  /** The sealer of the case a kallelse belongs to (invitee rows carry the kallelse, not the case). */
  async ofKallelse(kallelseId: string, write = false): Promise<Sealer> {
    const [row] = await this.db.query<{ case_id: string }>("SELECT case_id FROM kallelser WHERE id = $1", [
      kallelseId,
    ]);
    if (!row) throw new Error(`kallelse ${kallelseId} not found`);
    return write ? this.forWrite(String(row.case_id), "case") : this.of(String(row.case_id));
  }

  /** Destroys keys, in the caller's transaction: their text can never be opened again. */
  async destroy(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.db.query("DELETE FROM data_keys WHERE id = ANY($1::uuid[])", [ids]);
  }
}

/**
 * Rewrites data_keys into new files, so a deleted key's wrapped bytes leave the table's files too
 * (a DELETE only marks the row dead; VACUUM FULL copies the live rows and drops the old file).
 * Outside any transaction: VACUUM cannot run inside one. The table is small, its lock brief.
 */
export async function compactDataKeys(db: Pick<Executor, "exec">): Promise<void> {
  await db.exec("VACUUM FULL data_keys");
}

/**
 * At start: the master key must be the one this database's keys were wrapped with. The first start
 * stores a check sealed with it; a later start with another key (a changed or lost DATA_KEY_FILE)
 * stops naming the variable, instead of failing on the first case it reads.
 */
export async function verifyMasterKey(db: Executor): Promise<void> {
  const master = masterOf(db);
  await db.query("INSERT INTO data_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", [
    sealCheck(master),
  ]);
  const [row] = await db.query<{ sealed: Uint8Array }>("SELECT sealed FROM data_key_check WHERE id = 1");
  if (!row || !checkOpens(master, Buffer.from(row.sealed)))
    throw new StartupError(
      "DATA_KEY_FILE: this is not the key the database's case texts were sealed with (restore the original key file)",
    );
}
