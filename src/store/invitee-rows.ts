import { randomUUID } from "node:crypto";
import type { Invitee, InviteeStatus } from "../cases/model.js";
import { openOpt, sealOpt, type Sealer } from "./crypto.js";
import type { Db } from "./db.js";

export interface NewInvitee extends Omit<Invitee, "id" | "kallelseId" | "seq" | "status"> {
  status: InviteeStatus;
}

/**
 * How invitees are stored: the columns every query returns, and rows to and from Invitee. Name,
 * organisation, e-mail, contribution and decline reason are sealed with the case's key (crypto.ts).
 */
export const INVITEE_COLUMNS = `id, kallelse_id, seq, kind, user_id, name, organisation, email, org_type, participation,
  contribution, status, decline_reason, replaces, conversation_id, activity_id, delivery_attempts, tenant_id,
  peer_key_id, peer_person_id`;
export type InviteeRow = Record<string, string | number | null>;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
export function toInvitee(r: InviteeRow, s: Sealer): Invitee {
  const optional = {
    userId: str(r.user_id),
    organisation: openOpt(s, r.organisation),
    email: openOpt(s, r.email),
    declineReason: openOpt(s, r.decline_reason),
    replaces: str(r.replaces),
    conversationId: str(r.conversation_id),
    activityId: str(r.activity_id),
    tenantId: str(r.tenant_id),
    peerKeyId: str(r.peer_key_id),
    peerPersonId: str(r.peer_person_id),
  };
  return {
    id: String(r.id),
    kallelseId: String(r.kallelse_id),
    seq: Number(r.seq),
    kind: r.kind as Invitee["kind"],
    name: s.open(String(r.name)),
    orgType: r.org_type as Invitee["orgType"],
    participation: r.participation as Invitee["participation"],
    contribution: s.open(String(r.contribution)),
    status: r.status as Invitee["status"],
    // Absent, not undefined: the type says optional, and cards test for presence.
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(Number(r.delivery_attempts) > 0 ? { deliveryAttempts: Number(r.delivery_attempts) } : {}),
  };
}

export async function insertInvitee(
  tx: Pick<Db, "query">,
  kallelseId: string,
  seq: number,
  inv: NewInvitee,
  /** The case's sealer. */
  s: Sealer,
): Promise<Invitee> {
  const [row] = await tx.query<InviteeRow>(
    `INSERT INTO invitees (id, kallelse_id, seq, kind, user_id, name, organisation, email, org_type, participation,
       contribution, status, replaces, peer_key_id, peer_person_id, tenant_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $16,
       -- Without a tenant of its own (an external party) the row keeps the case's.
       COALESCE($14, (SELECT c.tenant_id FROM kallelser k JOIN cases c ON c.id = k.case_id WHERE k.id = $2)))
     RETURNING ${INVITEE_COLUMNS}`,
    [
      randomUUID(),
      kallelseId,
      seq,
      inv.kind,
      inv.userId ?? null,
      s.seal(inv.name),
      sealOpt(s, inv.organisation),
      sealOpt(s, inv.email),
      inv.orgType,
      inv.participation,
      s.seal(inv.contribution),
      inv.status,
      inv.replaces ?? null,
      inv.tenantId ?? null,
      inv.peerKeyId ?? null,
      inv.peerPersonId ?? null,
    ],
  );
  if (!row) throw new Error("invitee insert returned no row");
  return toInvitee(row, s);
}
