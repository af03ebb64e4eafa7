import type { Invitee } from "../cases/model.js";
import type { PrintableInvitation } from "../cases/printable.js";
import { effectiveParticipation, type PaperAction } from "../cases/workflow.js";
import type { ServiceDeps } from "./deps.js";
import type { InvitationService } from "./invitations.js";
import type { Acting, KallelseService } from "./kallelse.js";

/** What the answer page shows: the letter's own facts, and the answer once one is given. */
export interface AnswerView {
  letter: PrintableInvitation;
  participation: Invitee["participation"];
  answered?: {
    status: "accepted" | "declined" | "substituted" | "forwarded";
    reason?: string;
    next?: string;
  };
}

export type LinkAnswer = { kind: "changed" | "unchanged"; view: AnswerView } | { kind: "not_found" };

/**
 * Answers for partners on paper (issue 12, part 3): the answer page behind a printable letter's
 * link, and the convener's "Registrera svar" for an answer given by phone. The rule is
 * workflow.ts's answerOnPaper and the effects (substitute invited, tracking card updated in place)
 * are the invitation service's, as for a Teams answer.
 *
 * Decision, "signed" link: the answer link carries the printable letter's own token (32 random
 * bytes, store/print-links.ts) under /svar/. A token that only our table recognises (by its
 * hash) is as unforgeable as an HMAC, and unlike a signature it is revoked and expires with the letter by
 * construction ("expiring with the printable link"); the letter's reader is the one who answers.
 * Single use: the first answer changes the invitee; after it the link shows that answer only.
 */
export function answerService(deps: ServiceDeps, invitations: InvitationService, kallelse: KallelseService) {
  const { repo, printLinks, clock } = deps;

  async function loadByToken(token: string) {
    const inviteeId = await printLinks.resolve(token, clock.now());
    const found = inviteeId === undefined ? undefined : await repo.inviteeWithCase(inviteeId);
    // Withdrawn (consent narrowed, SIP ended): the letter no longer stands, nothing to answer.
    return found && found.invitee.status !== "withdrawn" ? found : undefined;
  }
  type Found = NonNullable<Awaited<ReturnType<typeof loadByToken>>>;

  async function viewOf(found: Found, invitee: Invitee): Promise<AnswerView> {
    const { k, c } = found;
    const letter: PrintableInvitation = {
      caseCode: c.code,
      region: c.region,
      details: k.details,
      invitee,
      convenerName: c.convenerName ?? "",
    };
    // As the letter says it: "Svara på kallelsen" only to a principal it convenes.
    const view: AnswerView = { letter, participation: effectiveParticipation(invitee, c.region) };
    const s = invitee.status;
    if (s === "accepted" || s === "declined" || s === "substituted" || s === "forwarded") {
      const next = await invitations.nextName(invitee);
      view.answered = {
        status: s,
        ...(s === "declined" && invitee.declineReason ? { reason: invitee.declineReason } : {}),
        ...(next ? { next } : {}),
      };
    }
    return view;
  }

  return {
    /** The page for a live link; undefined for an unknown, expired or revoked one. A GET never answers. */
    async view(token: string): Promise<AnswerView | undefined> {
      const found = await loadByToken(token);
      return found && viewOf(found, found.invitee);
    },

    /** The answer through the link: the first changes the invitee, any later one nothing. */
    async answerByLink(token: string, action: PaperAction): Promise<LinkAnswer> {
      const found = await loadByToken(token);
      if (!found) return { kind: "not_found" };
      const done = await invitations.answerOnPaper({ kind: "link" }, found, action);
      // Not printable any more (back in Teams): nothing this link may change; show what stands.
      if (done.kind === "not_yours") return { kind: "unchanged", view: await viewOf(found, found.invitee) };
      return { kind: done.kind, view: await viewOf(found, done.invitee) };
    },

    /** A paper invitee of the convener's kallelse, for the "Registrera svar" card; else undefined. */
    printable: (actor: Acting, kallelseId: string, inviteeId: string) =>
      kallelse.printable(actor, kallelseId, inviteeId),

    /** "Registrera svar": the convener records a paper invitee's answer, audited as theirs. */
    async record(actor: Acting, kallelseId: string, inviteeId: string, action: PaperAction) {
      const found = await kallelse.printable(actor, kallelseId, inviteeId);
      if (!found) return undefined;
      const done = await invitations.answerOnPaper({ kind: "convener", actor }, found, action);
      return done.kind === "not_yours" ? undefined : { ...found, invitee: done.invitee };
    },
  };
}
export type AnswerService = ReturnType<typeof answerService>;
