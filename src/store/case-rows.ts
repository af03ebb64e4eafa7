import {
  CLOSE_REASONS,
  type Case,
  type CloseReason,
  type Kallelse,
  type KallelseDetails,
} from "../cases/model.js";

/** How cases and kallelser are stored: rows to objects (as invitee-rows.ts does for invitees). */

export const toCase = (r: Record<string, unknown>): Case => ({
  id: String(r.id),
  code: String(r.code),
  tenantId: String(r.tenant_id),
  region: String(r.region),
  convenerUserId: String(r.convener_user_id),
  ...(r.convener_name ? { convenerName: String(r.convener_name) } : {}),
  ...(r.verdict ? { verdict: r.verdict as Case["verdict"] } : {}),
  ...(r.assessment ? { assessment: r.assessment as Case["assessment"] } : {}),
  ...(r.status === "closed" ? { closed: closedOf(r) } : {}),
  createdAt: new Date(r.created_at as string).toISOString(),
});

// A case closed before 005 (none in practice) has no reason stored: it reads as no longer needed.
const closedOf = (r: Record<string, unknown>) => ({
  at: new Date((r.closed_at ?? r.created_at) as string).toISOString(),
  reason: (CLOSE_REASONS as readonly unknown[]).includes(r.closed_reason)
    ? (r.closed_reason as CloseReason)
    : "no_longer_needed",
});

export const toKallelse = (r: Record<string, unknown>): Kallelse => ({
  id: String(r.id),
  caseId: String(r.case_id),
  details: r.details as KallelseDetails,
  ...(r.tracking_conversation_id ? { trackingConversationId: String(r.tracking_conversation_id) } : {}),
  ...(r.tracking_activity_id ? { trackingActivityId: String(r.tracking_activity_id) } : {}),
});
