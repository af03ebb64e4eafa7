import type { Case, Invitee } from "./model.js";

/**
 * Who may see and who may act, in one place (issue 8), pure: no I/O, no Teams. Every card verb
 * asks these before it reads or changes anything. The tenant is always checked: a user id is
 * unique only within its tenant, so the same id from another tenant is a stranger.
 */

/** The person pressing a button: their Teams user id and the tenant the activity came from. */
export interface Actor {
  userId: string;
  tenantId: string;
}

type CaseRef = Pick<Case, "tenantId" | "convenerUserId">;
/** What access needs of a flag (a Flag from flag.ts fits). */
export interface FlagRef {
  /** The reporter's tenant. */
  tenantId: string;
  reporterUserId: string;
  holderUserId: string;
  /** The holder's, which may be another served tenant (issue 12). */
  holderTenantId: string;
}

export type Subject =
  /** The case itself (taken over, verdict set): its convener's. */
  | { kind: "case"; case: CaseRef }
  /** The kallelse form and the tracking card of a case: its convener's. */
  | { kind: "kallelse"; case: CaseRef }
  /** One invitee's invitation card, within the case it belongs to. */
  | {
      kind: "invitation";
      invitee: Pick<Invitee, "kind" | "userId" | "status" | "tenantId">;
      case: Pick<Case, "tenantId">;
    }
  /** The holder's card of a flag: take over or pass on. */
  | { kind: "flag"; flag: FlagRef }
  /** The reporter's status card of a flag: who has it now. */
  | { kind: "flagStatus"; flag: FlagRef };

/** An invitation is its invitee's, and a flag its holder's, in their own tenant (issue 12). */
const tenantOf = (s: Subject) =>
  s.kind === "invitation"
    ? (s.invitee.tenantId ?? s.case.tenantId)
    : "case" in s
      ? s.case.tenantId
      : s.kind === "flag"
        ? s.flag.holderTenantId
        : s.flag.tenantId;

/** The one user a subject belongs to, or undefined (an external invitee has no Teams user). */
function ownerOf(s: Subject): string | undefined {
  switch (s.kind) {
    case "case":
    case "kallelse":
      return s.case.convenerUserId;
    case "invitation":
      return s.invitee.kind === "teams" ? s.invitee.userId : undefined;
    case "flag":
      return s.flag.holderUserId;
    case "flagStatus":
      return s.flag.reporterUserId;
  }
}

/** May this actor see the subject's card (its content: purpose, questions, assessment…)? */
export function canView(actor: Actor, s: Subject): boolean {
  const owner = ownerOf(s);
  return (
    actor.userId !== "" && actor.tenantId === tenantOf(s) && owner !== undefined && owner === actor.userId
  );
}

// Statuses by which the invitee handed their part to someone else (they keep seeing their card,
// which says who took over), or lost it to a narrowed consent: the answer is no longer theirs.
const HANDED_ON: readonly Invitee["status"][] = ["substituted", "forwarded", "withdrawn"];

/** May this actor change the subject (answer, send, take over, pass on)? */
export function canAct(actor: Actor, s: Subject): boolean {
  if (!canView(actor, s)) return false;
  // The status card only shows where the flag is; the reporter changes nothing through it.
  if (s.kind === "flagStatus") return false;
  return !(s.kind === "invitation" && HANDED_ON.includes(s.invitee.status));
}
