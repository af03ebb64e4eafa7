import { z } from "zod/v4";
import {
  KallelseDetailsSchema,
  ORG_TYPES,
  PARTICIPATION,
  type Case,
  type Invitee,
  type Kallelse,
} from "../cases/model.js";
import { effectiveParticipation } from "../cases/workflow.js";

/**
 * What crosses between instances for an invitation and its answer (README "Federation"): names,
 * roles, the convener's text about the meeting, the case code and an opaque reference. Never a
 * personnummer (federation/port.ts and federation/routes.ts refuse one), never the consent.
 */
const Name = z.string().trim().min(1).max(200);
const PersonId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const FederatedInvitationSchema = z.strictObject({
  /** The convener's invitee id: the opaque reference the answer names. */
  id: z.uuid(),
  /** The opaque id the receiver's directory gave the person (federation_people). */
  person: PersonId,
  caseCode: z.string().regex(/^SIP-[2-9A-Z]{4}$/),
  convenerName: z.string().trim().max(200),
  invitee: z.strictObject({
    name: Name,
    orgType: z.enum(ORG_TYPES),
    participation: z.enum(PARTICIPATION),
    contribution: z.string().trim().min(1).max(500),
  }),
  details: KallelseDetailsSchema,
});
export type FederatedInvitation = z.infer<typeof FederatedInvitationSchema>;

/** An invitee's answer, sent back to the convener's instance. */
export const FederatedAnswerSchema = z.strictObject({
  /** The convener's invitee id, as the invitation carried it. */
  invitation: z.uuid(),
  answer: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("accept") }),
    z.strictObject({ kind: z.literal("decline"), reason: z.string().trim().min(1).max(500) }),
    // A colleague at the answering instance, by the opaque id its directory gives them.
    z.strictObject({ kind: z.literal("forward"), name: Name, person: PersonId }),
    // A substitute: a colleague as for forward, or only a name (then a printable invitation).
    z.strictObject({ kind: z.literal("substitute"), name: Name, person: PersonId.optional() }),
  ]),
});
export type FederatedAnswer = z.infer<typeof FederatedAnswerSchema>;

/** The convener withdrew the invitation (consent narrowed, SIP ended): its card says so. */
export const FederatedWithdrawalSchema = z.strictObject({
  invitation: z.uuid(),
  /** The SIP ended (closed), rather than the consent no longer covering the invitee's service. */
  sipEnded: z.boolean(),
});
export type FederatedWithdrawal = z.infer<typeof FederatedWithdrawalSchema>;

/** The invitee has not answered: their instance reminds them (SIP-RULES §8, as for a local one). */
export const FederatedReminderSchema = z.strictObject({
  invitation: z.uuid(),
  /** The day the invitation was sent, shown in the reminder. */
  invitedOn: z.iso.date(),
});
export type FederatedReminder = z.infer<typeof FederatedReminderSchema>;

export const INVITATIONS_PATH = "/fed/v1/invitations";
export const ANSWERS_PATH = "/fed/v1/answers";
export const WITHDRAWALS_PATH = "/fed/v1/withdrawals";
export const REMINDERS_PATH = "/fed/v1/reminders";
type Path = typeof INVITATIONS_PATH | typeof ANSWERS_PATH | typeof WITHDRAWALS_PATH | typeof REMINDERS_PATH;

/**
 * Federation as the services use it (src/federation/port.ts builds it on the outbox): a durable,
 * signed POST to a peer; `key` names the delivery, so queued twice it is sent once. False: refused
 * before sending (a personnummer in it), nothing queued.
 */
export interface FederationPort {
  /** This instance's label for a peer (its admin's peers file), or undefined for an unknown key. */
  peerName(keyId: string): string | undefined;
  /**
   * May this peer reach a user of `tenantId` now: the tenant is served (ALLOWED_TENANTS as the
   * bot runs now, not when the person was first found) and the peer's entry lists it.
   */
  maySee(keyId: string, tenantId: string): boolean;
  /** Is this tenant served now (an answer to our convener in a tenant taken out is refused)? */
  serves(tenantId: string): boolean;
  send(
    keyId: string,
    path: Path,
    payload: FederatedInvitation | FederatedAnswer | FederatedWithdrawal | FederatedReminder,
    key: string,
  ): Promise<boolean>;
}

/**
 * Delivery keys: an invitation, its withdrawal and its reminder by the convener's invitee id (one
 * of each per invitee), an answer by our row's id.
 */
export const inviteKey = (inviteeId: string) => `inv:${inviteeId}`;
export const answerKey = (rowId: string) => `ans:${rowId}`;
export const withdrawKey = (inviteeId: string) => `wd:${inviteeId}`;
export const remindKey = (inviteeId: string) => `rem:${inviteeId}`;

/** The invitation for a peer's user, from what the convener wrote; only what may cross. */
export function federatedInvitation(c: Case, k: Kallelse, invitee: Invitee): FederatedInvitation {
  return {
    id: invitee.id,
    person: invitee.peerPersonId ?? "",
    caseCode: c.code,
    convenerName: c.convenerName ?? "",
    invitee: {
      name: invitee.name,
      orgType: invitee.orgType,
      // Only a principal is convened: one stored as convened before v3 crosses as invited.
      participation: effectiveParticipation(invitee, c.region),
      contribution: invitee.contribution,
    },
    details: k.details,
  };
}
