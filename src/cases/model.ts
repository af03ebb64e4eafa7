import { z } from "zod/v4";
import { IsoDateSchema, ORG_TYPES, REGION_KEYS, type OrgType, type RegionKey } from "../sip/index.js";

/**
 * The case workflow's data (SIP-RULES §5). A case carries a generated code, never a personnummer,
 * name or address of the person; participants are staff and invited parties, whose names are
 * needed to invite them.
 */

// The service kinds are the rules engine's (consent scope names them too): one list, in src/sip.
export { ORG_TYPES, type OrgType } from "../sip/index.js";
/** Convened parties must attend (SoL/HSL); invited ones take part voluntarily. */
export const PARTICIPATION = ["convened", "invited"] as const;

export const INVITEE_STATUSES = [
  "pending", // stored, not yet sent
  "invited", // card delivered in Teams
  "printable", // external or unreachable: the convener sends the printable invitation
  "accepted",
  "declined",
  "substituted", // sent a substitute, who is invited in turn
  "forwarded", // forwarded within the principal to a colleague, who is invited in turn
  "withdrawn", // the consent no longer covers their service: never sent, cannot answer
] as const;
export type InviteeStatus = (typeof INVITEE_STATUSES)[number];
/**
 * Why a SIP ends (SIP-RULES §7): goals met, no longer needed, consent withdrawn in full, the
 * long-term goal changed (a restart needs new consent), or a partial withdrawal that left a whole
 * side out, so no joint plan under SoL/HSL is possible (CONTRACT v3 consent rule 1).
 */
export const CLOSE_REASONS = [
  "goals_met",
  "no_longer_needed",
  "consent_withdrawn",
  "goal_changed",
  "no_joint_plan",
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** The reasons a person picks when closing; "no_joint_plan" follows from the consent's scope only. */
export const PICKED_CLOSE_REASONS = CLOSE_REASONS.filter(
  (r): r is Exclude<CloseReason, "no_joint_plan"> => r !== "no_joint_plan",
);

/** Statuses after which the invitee's own buttons do nothing. */
export const ANSWERED: readonly InviteeStatus[] = ["accepted", "declined", "substituted", "forwarded"];

const Text = (max: number) => z.string().trim().min(1).max(max);
/** A digital meeting's link: https only. A card offers it as a button only if it passes (case-views.ts). */
export const MeetingLinkSchema = z.url({ protocol: /^https$/ }).max(2048);
export const TimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "ska vara en tid på formen TT:MM");

/** What the kallelse says (SIP-RULES §5): purpose and why, goal, questions, when, where, how. */
export const KallelseDetailsSchema = z.strictObject({
  purpose: Text(1000),
  longTermGoal: Text(1000),
  questions: Text(2000),
  date: IsoDateSchema,
  time: TimeSchema,
  durationMinutes: z.number().int().min(15).max(480),
  place: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("in_person"), text: Text(300) }),
    z.strictObject({ kind: z.literal("digital"), link: MeetingLinkSchema }),
  ]),
  personTakesPart: Text(500),
});
export type KallelseDetails = z.infer<typeof KallelseDetailsSchema>;
/** A kallelse as sent for a case; the tracking card is the convener's view of it, updated in place. */
export interface Kallelse {
  id: string;
  caseId: string;
  details: KallelseDetails;
  trackingConversationId?: string;
  trackingActivityId?: string;
}

/** A participant as the convener names them: a Teams user the bot can reach, or an external party. */
export const ParticipantSchema = z.strictObject({
  who: z.discriminatedUnion("kind", [
    // `name`: what the convener wrote for someone picked in Teams' directory (an Entra object id,
    // no name); Teams' own name replaces it once the bot reaches them (services/delivery.ts).
    z.strictObject({ kind: z.literal("teams"), userId: Text(256), name: Text(120).optional() }),
    z.strictObject({
      kind: z.literal("external"),
      name: Text(120),
      organisation: Text(120),
      email: z.email().max(254).optional(),
    }),
    // A user of a federation peer (README "Federation"): its key id and its opaque person id.
    z.strictObject({
      kind: z.literal("peer"),
      keyId: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
      personId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    }),
  ]),
  orgType: z.enum(ORG_TYPES),
  participation: z.enum(PARTICIPATION),
  contribution: Text(500),
});
export type Participant = z.infer<typeof ParticipantSchema>;

/**
 * The JSON a case stores, as read back: parsed, never cast. Lenient where an older row may differ
 * (codes, scope): an unreadable part reads as absent rather than failing the turn that loads it.
 */
export const CaseVerdictSchema = z.object({
  verdict: z.string(),
  channel: z.string(),
  codes: z.array(z.string()).catch([]),
  excludedServices: z.array(z.enum(ORG_TYPES)).optional().catch(undefined),
  // Consent v3: the day the young person turns 18 (their own consent is needed from then on).
  reconsentOn: IsoDateSchema.optional().catch(undefined),
});
export type CaseVerdict = z.infer<typeof CaseVerdictSchema>;
/** A deadline the assessment counted (assess.ts): a reminder is set for it when the case is made. */
export const DeadlineSchema = z.object({
  kind: z.enum(["first_contact", "discharge_sip"]),
  due: IsoDateSchema,
});
export const CaseAssessmentSchema = z.object({
  recommendation: z.string(),
  codes: z.array(z.string()).catch([]),
  // Absent on cases from before issue 11; an unreadable list reads as none.
  deadlines: z.array(DeadlineSchema).optional().catch(undefined),
});
export type CaseAssessment = z.infer<typeof CaseAssessmentSchema>;
/** A region key renamed or removed since the case was stored reads as the national rules. */
export const StoredRegionSchema = z.enum(REGION_KEYS).catch("national");

export interface Case {
  id: string;
  code: string;
  tenantId: string;
  region: RegionKey;
  convenerUserId: string;
  convenerName?: string;
  /**
   * The consent verdict the kallelse rests on; absent while a taken-over flag awaits consent.
   * `excludedServices`: kinds of service the consent leaves out, which the kallelse refuses
   * (absent on cases created before consent v2). `reconsentOn`: a minor's 18th birthday, when
   * the guardians' consent ends (consent v3); its reminders go to the convener or the lead.
   */
  verdict?: CaseVerdict;
  /** The need assessment the case came from (a flag taken over), as recommendation and codes. */
  assessment?: CaseAssessment;
  /** Set once the SIP has ended: nothing more is sent, answered or added. */
  closed?: { at: string; reason: CloseReason };
  createdAt: string;
}

export interface Invitee {
  id: string;
  kallelseId: string;
  seq: number;
  /** "peer": a user of another organisation's SIP-lotsen, reached through federation. */
  kind: "teams" | "external" | "peer";
  /** The peer's key id and the opaque id its directory gave the person (kind "peer"). */
  peerKeyId?: string;
  peerPersonId?: string;
  /** Teams user id (for kind "teams"), the key of the saved conversation reference. */
  userId?: string;
  /**
   * The tenant of the invitee's Teams account (another served tenant, ALLOWED_TENANTS); stored
   * rows always carry it, an external party's being the case's. Absent: the case's tenant.
   */
  tenantId?: string;
  name: string;
  organisation?: string;
  email?: string;
  orgType: OrgType;
  participation: (typeof PARTICIPATION)[number];
  contribution: string;
  status: InviteeStatus;
  declineReason?: string;
  /** The invitee this one substitutes for or was forwarded from. */
  replaces?: string;
  /** Where this invitee's card lives, for updates in place. */
  conversationId?: string;
  activityId?: string;
  /** Sends that Teams refused for now (throttled, failed); absent when none. */
  deliveryAttempts?: number;
}
