import { z } from "zod/v4";
import { DeadlineSchema, StoredRegionSchema } from "./model.js";

/**
 * A "behov av samordning" flag (stafettpinnen): a reporter who may not convene sends the
 * assessment to a colleague, who takes it over as a case or passes it on. Plain data: the store
 * keeps it, the cards show it, access.ts decides who may act on it.
 */

/**
 * What a flag carries of the assessment: the recommendation and reason codes (no free text), the
 * deadlines it counted (dates only, for the case's reminders), plus the region whose rules the case will follow. The region rides in the jsonb because
 * the flags table (002) has no column for it and the migration list is pinned by tests.
 */
export const FlagAssessmentSchema = z.object({
  recommendation: z.string(),
  codes: z.array(z.string()).catch([]),
  region: StoredRegionSchema,
  // The first-contact and discharge deadlines, passed on to the case (reminders, issue 11).
  deadlines: z.array(DeadlineSchema).optional().catch(undefined),
});
export type FlagAssessment = z.infer<typeof FlagAssessmentSchema>;

/** Open: with a holder who may take it over or pass it on; taken: a case was created from it. */
export const FLAG_STATUSES = ["open", "taken"] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export interface Flag {
  id: string;
  tenantId: string;
  reporterUserId: string;
  reporterName?: string;
  /** The reporter's status card, updated in place as the flag moves. */
  reporterConversationId?: string;
  reporterActivityId?: string;
  holderUserId: string;
  /** The holder's tenant: another served tenant than the reporter's when flagged across (issue 12). */
  holderTenantId: string;
  holderName?: string;
  holderConversationId?: string;
  holderActivityId?: string;
  assessment: FlagAssessment;
  status: FlagStatus;
  caseId?: string;
}
export type NewFlag = Omit<Flag, "status" | "caseId">;
/** Where the flag goes next: a holder the card was already delivered to. */
export interface NextHolder {
  userId: string;
  name: string;
  conversationId: string;
  activityId: string;
}
