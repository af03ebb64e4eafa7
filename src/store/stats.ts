import type { StatsRow } from "../cases/stats.js";
import type { Executor } from "./db.js";

/**
 * The audit-log counts behind the statistics (cases/stats.ts makes cells of them). Only the
 * actions and detail fields named here are read: ids, actors and case codes stay in the database.
 * Region: an assessment carries its own (it has no case); everything else is about a case, whose
 * code is kept for good, so the join still finds its region after retention.
 */
const SQL = `
WITH e AS (
  SELECT to_char(l.at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month,
         COALESCE(CASE WHEN l.action = 'assessment.made' THEN l.detail->>'region' ELSE c.region END,
                  'unknown') AS region,
         l.action, l.subject, l.detail
  FROM audit_log l
  LEFT JOIN cases c ON l.action <> 'assessment.made' AND c.code = l.subject
  WHERE l.action IN ('assessment.made', 'case.created', 'kallelse.created', 'plan.saved',
                     'followup.done', 'case.closed', 'invitation.accepted', 'invitation.declined',
                     'invitation.substituted', 'invitation.forwarded')
)
SELECT month, region, action,
       COALESCE(CASE action WHEN 'assessment.made' THEN detail->>'recommendation'
                            WHEN 'case.closed' THEN detail->>'reason'
                            WHEN 'followup.done' THEN detail->>'onTime' END, '') AS kind,
       count(*)::int AS n
  FROM e WHERE action <> 'plan.saved' AND month >= $1 GROUP BY 1, 2, 3, 4
UNION ALL
-- A plan saved again (a new version) is still one SIP with a plan, and one KVÅ registration.
SELECT month, region, 'plan.saved', '', count(DISTINCT subject)::int
  FROM e WHERE action = 'plan.saved' AND month >= $1 GROUP BY 1, 2
UNION ALL
-- KVÅ only for plans health care takes part in: only their audit entries carry a code.
SELECT month, region, 'plan.kva', detail->>'kva', count(DISTINCT subject)::int
  FROM e WHERE action = 'plan.saved' AND detail->>'kva' IS NOT NULL AND month >= $1 GROUP BY 1, 2, 4`;

/** Counts per month ("YYYY-MM", Swedish time) from `fromMonth` on; "0000-00" for all of them. */
export async function statsRows(db: Pick<Executor, "query">, fromMonth = "0000-00"): Promise<StatsRow[]> {
  const rows = await db.query<StatsRow>(SQL, [fromMonth]);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
