import {
  CaseAssessmentSchema,
  CaseVerdictSchema,
  CLOSE_REASONS,
  KallelseDetailsSchema,
  StoredRegionSchema,
  type Case,
  type CloseReason,
  type Kallelse,
  type KallelseDetails,
} from "../cases/model.js";
import { openJson, openOpt, sealJson, type Sealer } from "./crypto.js";
import { erasedDetails } from "./retention.js";

/**
 * How cases and kallelser are stored: rows to objects (as invitee-rows.ts does for invitees). Free
 * text is sealed with the case's key (crypto.ts); `s` is that key's sealer, fetched once per load.
 */

/** Kallelse details kept in clear: the dates and kinds queries, reminders and retention read. */
const DETAILS_CLEAR = new Set(["date", "time", "kind"]);
export const sealDetails = (s: Sealer, d: KallelseDetails): KallelseDetails => sealJson(s, d, DETAILS_CLEAR);

export const toCase = (r: Record<string, unknown>, s: Sealer): Case => ({
  id: String(r.id),
  code: String(r.code),
  tenantId: String(r.tenant_id),
  region: StoredRegionSchema.parse(r.region),
  convenerUserId: String(r.convener_user_id),
  ...(r.convener_name ? { convenerName: openOpt(s, r.convener_name) } : {}),
  ...json("verdict", CaseVerdictSchema.safeParse(r.verdict)),
  ...json("assessment", CaseAssessmentSchema.safeParse(r.assessment)),
  ...(r.status === "closed" ? { closed: closedOf(r) } : {}),
  createdAt: new Date(r.created_at as string).toISOString(),
});

/** A JSON column that parses, under its key; one that is absent or unreadable is left out. */
const json = <K extends string, T>(key: K, parsed: { success: true; data: T } | { success: false }) =>
  (parsed.success ? { [key]: parsed.data } : {}) as Partial<Record<K, T>>;

// A case closed before 005 (none in practice) has no reason stored: it reads as no longer needed.
const closedOf = (r: Record<string, unknown>) => ({
  at: new Date((r.closed_at ?? r.created_at) as string).toISOString(),
  reason: (CLOSE_REASONS as readonly unknown[]).includes(r.closed_reason)
    ? (r.closed_reason as CloseReason)
    : "no_longer_needed",
});

export const toKallelse = (r: Record<string, unknown>, s: Sealer): Kallelse => ({
  id: String(r.id),
  caseId: String(r.case_id),
  // A kallelse's details were validated on the way in; one that no longer parses is corrupt data,
  // unless retention erased it: then its texts read as "(raderad)" (store/retention.ts).
  details: erasedDetails(r.details) ?? KallelseDetailsSchema.parse(openJson(s, r.details)),
  ...(r.tracking_conversation_id ? { trackingConversationId: String(r.tracking_conversation_id) } : {}),
  ...(r.tracking_activity_id ? { trackingActivityId: String(r.tracking_activity_id) } : {}),
});
