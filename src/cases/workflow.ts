import { randomInt } from "node:crypto";
import type { ConsentResult } from "../sip/index.js";
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
  kind: "teams" | "external";
  userId?: string;
  name: string;
}

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
