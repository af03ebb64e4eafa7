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
}

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
}

/** Read-only queries behind "Mina SIP"; nothing here changes a case. */
export class MyCases {
  constructor(private readonly db: Executor) {}

  /** How many cases the user has a role in. */
  async count(user: { tenantId: string; userId: string }): Promise<number> {
    const [r] = await this.db.query<{ n: number }>(`${MINE} SELECT count(*)::int AS n FROM mine`, [
      user.tenantId,
      user.userId,
    ]);
    return Number(r?.n ?? 0);
  }

  /** One page of the user's cases, newest first. */
  async page(
    user: { tenantId: string; userId: string },
    offset: number,
    limit: number,
  ): Promise<MyCaseRow[]> {
    const rows = await this.db.query<Row>(
      `${MINE},
       page AS (
         SELECT c.id, c.code, c.status, c.closed_reason, c.created_at, c.verdict IS NOT NULL AS has_verdict,
                m.convener, m.lead, m.participant
           FROM mine m JOIN cases c ON c.id = m.case_id
          ORDER BY c.created_at DESC, c.id DESC LIMIT $3 OFFSET $4
       )
       SELECT p.code, p.status, p.closed_reason, p.created_at, p.has_verdict, p.convener, p.lead, p.participant,
              lk.details->>'date' AS meeting_date,
              (SELECT count(*)::int FROM invitees i
                WHERE i.kallelse_id = lk.id AND i.status IN ('pending', 'invited')) AS unanswered,
              EXISTS (SELECT 1 FROM invitees i WHERE i.kallelse_id = lk.id AND i.kind = 'teams'
                         AND i.user_id = $2 AND i.status = 'invited') AS to_answer,
              pl.follow_up_date::text AS follow_up_date, pl.follow_up_done_at IS NOT NULL AS follow_up_done
         FROM page p
         LEFT JOIN LATERAL (
           SELECT id, details FROM kallelser WHERE case_id = p.id ORDER BY created_at DESC, id DESC LIMIT 1
         ) lk ON true
         LEFT JOIN plans pl ON pl.case_id = p.id
        ORDER BY p.created_at DESC, p.id DESC`,
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
  };
}
