import { ERASED, isSealed } from "./crypto.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";

/**
 * The federation outbox's bodies (federation/outbox.ts) hold case text — purpose, questions, a
 * decline reason — and wait in a pg-boss job for hours while a peer is down. They are sealed with
 * the key of what they are about, so retention's key destruction erases them too: an invitation,
 * withdrawal or reminder ("inv:", "wd:", "rem:" + our invitee id) with its case's key, an answer
 * ("ans:" + the peer invitation's row id) with that row's key.
 */
export function outboxSealing(db: Executor) {
  const keys = new DataKeys(db);

  /** Whose key seals the delivery `key`'s body; undefined when its row is gone. */
  async function owner(key: string): Promise<string | undefined> {
    const [kind, id = ""] = key.split(":");
    const [row] = await db.query<{ owner: string }>(
      kind === "ans"
        ? "SELECT id AS owner FROM federated_invitations WHERE id::text = $1"
        : "SELECT k.case_id AS owner FROM invitees i JOIN kallelser k ON k.id = i.kallelse_id WHERE i.id::text = $1",
      [id],
    );
    return row && String(row.owner);
  }

  return {
    /** The body sealed; a delivery whose row is gone cannot be sealed, so it is not queued. */
    async seal(key: string, text: string): Promise<string> {
      const id = await owner(key);
      if (!id) throw new Error(`no case or peer invitation for delivery ${key}`);
      return (await keys.forWrite(id, key.startsWith("ans:") ? "federated_invitation" : "case")).seal(text);
    },
    /** The body to send, or undefined once retention destroyed its key (the send is dropped). */
    async open(key: string, body: string): Promise<string | undefined> {
      if (!isSealed(body)) return body; // queued before bodies were sealed
      const id = await owner(key);
      const text = id ? (await keys.of(id)).open(body) : ERASED;
      return text === ERASED ? undefined : text;
    },
  };
}
export type OutboxSealing = ReturnType<typeof outboxSealing>;
