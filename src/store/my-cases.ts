import { CLOSE_REASONS, type CloseReason } from "../cases/model.js";
import type { Executor } from "./db.js";

/** One case as "Mina SIP" reads it: the user's roles in it and the facts its lines are made from. */
export interface MyCaseRow {
  code: string;
  closed?: CloseReason;
  createdAt: string;
  convener: boolean;
  lead: boolean;
  participant: boolean;
  /** A consent verdict is set (a case taken over from a flag waits for one). */
  hasVerdict: boolean;
  /** The latest kallelse's meeting date, "YYYY-MM-DD", when a kallelse was sent. */
  meetingDate?: string;
  /** Invitees of the latest kallelse who have not answered (pending or invited). */
  unanswered: number;
  /** The user's own invitation in the latest kallelse waits for their answer. */
  toAnswer: boolean;
  plan?: { followUpDate: string; followUpDone: boolean };
  /** A peer's invitation to the user, not a case here: the peer's key id and the answer so far. */
  peer?: { keyId: string; answer: PeerAnswer; undelivered: boolean };
}

/** The statuses of a peer's invitation that "Mina SIP" lists (see PEER below). */
export const PEER_ANSWERS = ["invited", "accepted", "declined", "substituted", "forwarded"] as const;
export type PeerAnswer = (typeof PEER_ANSWERS)[number];

/*
 * The user's cases: as convener (same tenant), as lead (the plan names them with their tenant), as
 * a Teams participant invited in their own tenant, the case's or another served one (issue 12;
 * any invitation not withdrawn). The tenant is always part of the match: a user id is unique
 * only within its tenant.
 */
const MINE = `
  WITH roles AS (
    SELECT id AS case_id, 'convener' AS role FROM cases WHERE tenant_id = $1 AND convener_user_id = $2
    UNION ALL
    SELECT case_id, 'lead' FROM plans WHERE lead_tenant_id = $1 AND lead_user_id = $2
    UNION ALL
    SELECT k.case_id, 'participant' FROM invitees i
      JOIN kallelser k ON k.id = i.kallelse_id
     WHERE i.tenant_id = $1 AND i.kind = 'teams' AND i.user_id = $2 AND i.status <> 'withdrawn'
  ),
  mine AS (
    SELECT case_id, bool_or(role = 'convener') AS convener, bool_or(role = 'lead') AS lead,
           bool_or(role = 'participant') AS participant
      FROM roles GROUP BY case_id
  )`;

/*
 * A peer's invitations to the user (federated_invitations, issue 12 part 2), same tenant and user.
 * Listed once the card reached them ("invited") and after they answered; not while it is on its
 * way (received, sending: they have not been told), nor once withdrawn, as a withdrawn local
 * invitation is not. A list, so a status added later stays out until it is decided here.
 */
const PEER = `
  peer AS (
    SELECT id, key_id, status, invitation, created_at, answer_undelivered_at FROM federated_invitations
     WHERE tenant_id = $1 AND user_id = $2 AND invitation IS NOT NULL
       AND status IN (${PEER_ANSWERS.map((s) => `'${s}'`).join(", ")})
  )`;

interface Row {
  code: string;
  status: string;
  closed_reason: string | null;
  created_at: string | Date;
  convener: boolean;
  lead: boolean;
  participant: boolean;
  has_verdict: boolean;
  meeting_date: string | null;
  unanswered: number;
  to_answer: boolean;
  follow_up_date: string | null;
  follow_up_done: boolean | null;
  peer_key_id: string | null;
  peer_status: string | null;
  peer_undelivered: boolean | null;
}

/** Read-only queries behind "Mina SIP"; nothing here changes a case. */
export class MyCases {
  constructor(private readonly db: Executor) {}

  /** How many cases the user has a role in, peers' invitations to them included. */
  async count(user: { tenantId: string; userId: string }): Promise<number> {
    const [r] = await this.db.query<{ n: number }>(
      `${MINE}, ${PEER} SELECT ((SELECT count(*) FROM mine) + (SELECT count(*) FROM peer))::int AS n`,
      [user.tenantId, user.userId],
    );
    return Number(r?.n ?? 0);
  }

  /**
   * One page of the user's cases, newest first. A peer's invitation is paged with the cases, by
   * when it arrived (a local case by when it was created): one list, so count, order and "Visa
   * fler" stay simple and an invitation is never pushed out of sight by many older cases.
   */
  async page(
    user: { tenantId: string; userId: string },
    offset: number,
    limit: number,
  ): Promise<MyCaseRow[]> {
    const rows = await this.db.query<Row>(
      `${MINE}, ${PEER},
       listed AS (
         SELECT m.case_id AS id, false AS is_peer, c.created_at FROM mine m JOIN cases c ON c.id = m.case_id
         UNION ALL
         SELECT id, true, created_at FROM peer
       ),
       page AS (SELECT * FROM listed ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4)
       SELECT c.id, c.code, c.status, c.closed_reason, c.created_at, m.convener, m.lead, m.participant,
              c.verdict IS NOT NULL AS has_verdict, lk.details->>'date' AS meeting_date,
              (SELECT count(*)::int FROM invitees i
                WHERE i.kallelse_id = lk.id AND i.status IN ('pending', 'invited')) AS unanswered,
              EXISTS (SELECT 1 FROM invitees i WHERE i.kallelse_id = lk.id AND i.kind = 'teams'
                         AND i.user_id = $2 AND i.status = 'invited') AS to_answer,
              pl.follow_up_date::text AS follow_up_date, pl.follow_up_done_at IS NOT NULL AS follow_up_done,
              NULL::text AS peer_key_id, NULL::text AS peer_status, NULL::boolean AS peer_undelivered
         FROM page p JOIN cases c ON c.id = p.id JOIN mine m ON m.case_id = p.id
         LEFT JOIN LATERAL (
           SELECT id, details FROM kallelser WHERE case_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1
         ) lk ON true
         LEFT JOIN plans pl ON pl.case_id = c.id
        WHERE NOT p.is_peer
       UNION ALL
       SELECT f.id, f.invitation->>'caseCode', 'open', NULL, f.created_at, false, false, true, true,
              f.invitation->'details'->>'date', 0, f.status = 'invited', NULL, NULL, f.key_id, f.status,
              f.answer_undelivered_at IS NOT NULL
         FROM page p JOIN peer f ON f.id = p.id
        WHERE p.is_peer
        ORDER BY created_at DESC, id DESC`,
      [user.tenantId, user.userId, limit, offset],
    );
    return rows.map(toRow);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Retention erases kallelse details: a date that is gone or unreadable is no date.
const isoDate = (v: string | null) => (v && ISO_DATE.test(v) ? v : undefined);

function toRow(r: Row): MyCaseRow {
  const meetingDate = isoDate(r.meeting_date);
  const followUpDate = isoDate(r.follow_up_date);
  const reason = (CLOSE_REASONS as readonly unknown[]).includes(r.closed_reason)
    ? (r.closed_reason as CloseReason)
    : "no_longer_needed";
  const answer = PEER_ANSWERS.find((a) => a === r.peer_status);
  return {
    code: r.code,
    ...(r.status === "closed" ? { closed: reason } : {}),
    createdAt: new Date(r.created_at).toISOString(),
    convener: r.convener === true,
    lead: r.lead === true,
    participant: r.participant === true,
    hasVerdict: r.has_verdict === true,
    ...(meetingDate ? { meetingDate } : {}),
    unanswered: Number(r.unanswered),
    toAnswer: r.to_answer === true,
    ...(followUpDate ? { plan: { followUpDate, followUpDone: r.follow_up_done === true } } : {}),
    ...(r.peer_key_id && answer
      ? { peer: { keyId: r.peer_key_id, answer, undelivered: r.peer_undelivered === true } }
      : {}),
  };
}
