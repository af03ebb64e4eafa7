import { randomInt } from "node:crypto";
import {
  mayBeConvened,
  missingSides,
  REGION_KEYS,
  type ConsentResult,
  type RegionKey,
} from "../sip/index.js";
import { canAct, canView, type Actor } from "./access.js";
import { ANSWERED, ORG_TYPES, type Case, type Invitee, type OrgType, type Participant } from "./model.js";

/**
 * The case workflow's rules (SIP-RULES §4–5), pure: no I/O, no clock. The bot and the
 * repository call these; nothing here knows about Teams.
 */

// No 0/O, 1/I/L: a code read aloud over the phone must not be misheard.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** "SIP-7F3K": names the case in chat and on paper without naming the person. */
export function newCaseCode(pick: (max: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < 4; i++) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return `SIP-${code}`;
}

export type KallelseGate =
  | { ok: true }
  | { ok: false; why: "manual_only" } // protected identity or violence: phone, no digital trace
  | { ok: false; why: "blocked" | "needs_decision" };

/** A digital kallelse only on a verdict that may proceed on the digital channel (SIP-RULES §4). */
export function kallelseGate(result: Pick<ConsentResult, "verdict" | "channel">): KallelseGate {
  if (result.channel === "manual_only") return { ok: false, why: "manual_only" };
  if (result.verdict !== "may_proceed") return { ok: false, why: result.verdict };
  return { ok: true };
}

/** A partial withdrawal adds to the services left out, never removes one; in the model's order. */
export function narrowedScope(excluded: readonly OrgType[], withdrawn: readonly OrgType[]): OrgType[] {
  return ORG_TYPES.filter((t) => excluded.includes(t) || withdrawn.includes(t));
}

/**
 * A partial withdrawal's new scope ends the SIP when it leaves a whole side out (CONTRACT v3 consent
 * rule 1, sip/principals.ts): no joint plan under SoL/HSL is possible on this consent.
 */
export const scopeEnds = (excluded: readonly OrgType[]): "no_joint_plan" | undefined =>
  missingSides(excluded).length ? "no_joint_plan" : undefined;

/**
 * The case's region, or "any" for a federation peer's invitation, whose convener's region this
 * instance does not know: what some region's setting allows (school in VGR) stands there.
 */
export type RegionOrAny = RegionKey | "any";

/** May this kind of party be "Kallas (skyldig att delta)"? Only a principal (sip/principals.ts). */
export const mayConvene = (orgType: OrgType, region: RegionOrAny): boolean =>
  region === "any" ? REGION_KEYS.some((r) => mayBeConvened(orgType, r)) : mayBeConvened(orgType, region);

/**
 * How an invitee takes part, as the invitation card, the letter and the answer page show it: one
 * stored as convened before v3 who is no principal reads as invited, so no SoL/HSL duty to attend
 * is cited to them.
 */
export function effectiveParticipation(
  i: Pick<Invitee, "orgType" | "participation">,
  region: RegionOrAny,
): Invitee["participation"] {
  return i.participation === "convened" && mayConvene(i.orgType, region) ? "convened" : "invited";
}

/**
 * Why a participant may not be on this case's kallelse, or undefined: a kind of service the
 * consent leaves out, or "Kallas" for one who is no principal. Decision: such a row is refused
 * beside it (bot/kallelse-form.ts), never turned into an invitation: nothing chosen changes silently.
 */
export function participantRefusal(
  p: Pick<Participant, "orgType" | "participation">,
  scope: { region: RegionKey; excluded: readonly OrgType[] },
): "excluded_service" | "not_a_principal" | undefined {
  if (scope.excluded.includes(p.orgType)) return "excluded_service";
  if (p.participation === "convened" && !mayConvene(p.orgType, scope.region)) return "not_a_principal";
  return undefined;
}

const FAMILY: readonly OrgType[] = ["narstaende"];

/**
 * Professionals against the family (the person plus invited relatives). Too many professionals
 * around one family is an imbalance: warn and suggest smaller meetings (SKL kap. 7, Bilaga 1).
 */
export function balance(participants: readonly Pick<Participant, "orgType">[], maxPerFamilyMember: number) {
  const family = 1 + participants.filter((p) => FAMILY.includes(p.orgType)).length;
  const professionals = participants.length - (family - 1);
  return { professionals, family, imbalanced: professionals > family * maxPerFamilyMember };
}

export type InviteAction =
  | { kind: "accept" }
  | { kind: "decline"; reason: string }
  | { kind: "substitute"; userId?: string; name: string }
  | { kind: "forward"; userId: string; name: string };

export type AnswerOutcome =
  | { kind: "not_yours" } // someone else pressed the invitee's button: nothing changes
  | { kind: "already_answered" } // a second press: nothing changes
  | { kind: "changed"; status: Invitee["status"]; declineReason?: string; next?: NextInvitee };

/** Who is invited in turn when an invitee sends a substitute or forwards within the principal. */
export interface NextInvitee {
  kind: "teams" | "external" | "peer";
  userId?: string;
  name: string;
  /** A peer's user handing on within their organisation: the colleague at the same peer. */
  peerKeyId?: string;
  peerPersonId?: string;
}

/**
 * A peer user's answer as their instance sends it: handing on names a colleague at the same peer
 * by the opaque id its directory gives (a substitute may also be named only, then on paper).
 */
export type PeerAction =
  | { kind: "accept" }
  | { kind: "decline"; reason: string }
  | { kind: "substitute" | "forward"; name: string; person?: string };

/**
 * An invitee's answer (SIP-RULES §5: answer, send a substitute, or forward within the principal).
 * Who may answer is access.ts's rule; one who handed on still sees their card, as answered.
 */
export function answer(
  invitee: Invitee,
  c: Pick<Case, "tenantId">,
  actor: Actor,
  action: InviteAction,
): AnswerOutcome {
  const subject = { kind: "invitation", invitee, case: c } as const;
  if (!canView(actor, subject)) return { kind: "not_yours" };
  if (!canAct(actor, subject) || ANSWERED.includes(invitee.status)) return { kind: "already_answered" };
  return changeFor(action);
}

/** What a paper invitee can answer: no forward (that needs a Teams colleague), a substitute by name. */
export type PaperAction = Exclude<InviteAction, { kind: "forward" }>;

/**
 * Who answers for an invitee on paper (status "printable"): the invitee through their answer link
 * (holding the link is the proof, as holding the letter is), or the case's convener recording an
 * answer given by phone or mail. Same outcomes as a Teams answer; only a printable invitee.
 */
export function answerOnPaper(
  invitee: Invitee,
  c: Pick<Case, "tenantId" | "convenerUserId">,
  by: { kind: "link" } | { kind: "convener"; actor: Actor },
  action: PaperAction,
): AnswerOutcome {
  if (by.kind === "convener" && !canAct(by.actor, { kind: "kallelse", case: c }))
    return { kind: "not_yours" };
  if (ANSWERED.includes(invitee.status)) return { kind: "already_answered" };
  // Still in Teams (pending, invited) or withdrawn: not a paper invitee's answer to give.
  if (invitee.status !== "printable") return { kind: "not_yours" };
  return changeFor(action);
}

/**
 * The answer of a federation peer's user, sent back signed by their instance, which checked that
 * the invitee pressed it (README "Federation"). Only an invitee of that very peer; the same
 * outcomes as at home. A withdrawn invitation takes no answer.
 */
export function answerFromPeer(
  invitee: Pick<Invitee, "kind" | "peerKeyId" | "status">,
  peerKeyId: string,
  action: PeerAction,
): AnswerOutcome {
  if (invitee.kind !== "peer" || invitee.peerKeyId !== peerKeyId) return { kind: "not_yours" };
  if (ANSWERED.includes(invitee.status) || invitee.status === "withdrawn")
    return { kind: "already_answered" };
  if (action.kind === "accept" || action.kind === "decline") return changeFor(action);
  // Forwarding stays within the principal, so it always names a colleague the peer knows.
  if (action.kind === "forward" && !action.person) return { kind: "already_answered" };
  const next: NextInvitee = action.person
    ? { kind: "peer", name: action.name, peerKeyId, peerPersonId: action.person }
    : { kind: "external", name: action.name };
  return { kind: "changed", status: action.kind === "forward" ? "forwarded" : "substituted", next };
}

function changeFor(action: InviteAction): AnswerOutcome {
  switch (action.kind) {
    case "accept":
      return { kind: "changed", status: "accepted" };
    case "decline":
      return { kind: "changed", status: "declined", declineReason: action.reason };
    case "substitute":
      return {
        kind: "changed",
        status: "substituted",
        next: action.userId
          ? { kind: "teams", userId: action.userId, name: action.name }
          : { kind: "external", name: action.name },
      };
    case "forward":
      return {
        kind: "changed",
        status: "forwarded",
        next: { kind: "teams", userId: action.userId, name: action.name },
      };
  }
}

/** Printable links live until the day after the meeting, and at least a week from `now`. */
export function printLinkExpiry(meetingDate: string, now: Date): Date {
  const dayAfter = Date.parse(`${meetingDate}T23:59:59Z`) + 86_400_000;
  return new Date(Math.max(dayAfter, now.getTime() + 7 * 24 * 3600_000));
}
