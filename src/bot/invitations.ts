import type { TurnContext } from "botbuilder";
import { canView } from "../cases/access.js";
import type { Invitee } from "../cases/model.js";
import { answer, type InviteAction } from "../cases/workflow.js";
import { invitationCard, messageCard } from "../cards/case-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import { noticeCard } from "../cards/views.js";
import type { Locale } from "../sip/index.js";
import type { CaseContext, CaseDeps } from "./case-context.js";
import { text, uuid } from "./card-data.js";
import { actorOf, auditActorOf } from "./identity.js";
import { localeOf } from "./locale.js";

type Kind = InviteAction["kind"];

/**
 * A partner's answer on their invitation card: accept, decline (with a reason), send a
 * substitute, or forward within the principal. Only the invited person sees the card and can
 * answer (cases/access.ts); a second press changes nothing; the convener's tracking card is
 * updated in place after each change.
 */
export function invitationHandlers(deps: CaseDeps, ctx: CaseContext) {
  const { repo, refs, logger } = deps;

  async function load(inviteeId: string | undefined) {
    const invitee = inviteeId ? await repo.invitee(inviteeId) : undefined;
    const k = invitee && (await repo.getKallelse(invitee.kallelseId));
    const c = k && (await repo.getCase(k.caseId));
    return invitee && k && c ? { invitee, k, c } : undefined;
  }

  async function card(
    locale: Locale,
    loaded: NonNullable<Awaited<ReturnType<typeof load>>>,
    invitee: Invitee,
    error = "",
    typed: { reason?: string; substituteName?: string } = {},
  ) {
    const next =
      invitee.status === "substituted" || invitee.status === "forwarded" ? await nextOf(invitee) : undefined;
    return invitationCard(
      locale,
      {
        caseCode: loaded.c.code,
        convenerName: loaded.c.convenerName ?? "",
        details: loaded.k.details,
        invitee: { ...invitee, ...(next ? { nextName: next } : {}) },
      },
      error,
      typed,
    );
  }

  function refuse(code: string, inviteeId: string, locale: Locale): Card {
    logger.warn({ event: "invitation_not_yours", case: code, invitee: inviteeId });
    return messageCard(locale, STRINGS[locale].cases.invite.notYours);
  }

  async function nextOf(invitee: Invitee): Promise<string | undefined> {
    return (await repo.invitees(invitee.kallelseId)).find((i) => i.replaces === invitee.id)?.name;
  }

  /** The card data → the action, or an error text to show on the card. */
  async function actionOf(
    kind: Kind,
    data: unknown,
    tenantId: string,
    locale: Locale,
  ): Promise<InviteAction | string> {
    const e = STRINGS[locale].cases;
    if (kind === "accept") return { kind };
    if (kind === "decline")
      return text(data, "reason") ? { kind, reason: text(data, "reason") } : e.invite.reasonRequired;
    const userId = text(data, kind === "forward" ? "colleagueId" : "substituteId");
    if (userId) {
      const ref = await refs.get(tenantId, userId);
      if (!ref) return e.errors.unknownUser;
      return { kind, userId, name: ref.displayName ?? userId };
    }
    const name = text(data, "substituteName").slice(0, 120);
    return kind === "substitute" && name ? { kind, name } : e.invite.pickSomeone;
  }

  const handle =
    (kind: Kind) =>
    async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const loaded = await load(uuid(data, "inviteeId"));
      if (!loaded) return messageCard(locale, STRINGS[locale].cases.errors.inviteNotFound);
      const { invitee, k, c } = loaded;
      const actor = actorOf(context.activity);
      // Anyone but the invitee is refused before the card data is even read.
      if (!canView(actor, { kind: "invitation", invitee, case: c }))
        return refuse(c.code, invitee.id, locale);
      const action = await actionOf(kind, data, c.tenantId, locale);
      // An incomplete answer goes back to the invitee with the error beside it.
      if (typeof action === "string") return card(locale, loaded, invitee, action);
      const outcome = answer(invitee, c, actor, action);
      if (outcome.kind === "not_yours") return refuse(c.code, invitee.id, locale);
      if (outcome.kind === "already_answered") return card(locale, loaded, invitee);
      const next = outcome.next && {
        kind: outcome.next.kind,
        ...(outcome.next.userId ? { userId: outcome.next.userId } : {}),
        name: outcome.next.name,
        orgType: invitee.orgType,
        participation: invitee.participation,
        contribution: invitee.contribution,
        status: "pending" as const,
      };
      const changed = await repo.answer(
        invitee,
        {
          status: outcome.status,
          ...(outcome.declineReason ? { declineReason: outcome.declineReason } : {}),
          ...(next ? { next } : {}),
        },
        auditActorOf(context.activity),
        c.code,
      );
      // A concurrent press got there first: show what is stored.
      if (!changed) return card(locale, loaded, (await repo.invitee(invitee.id)) ?? invitee);
      logger.info({
        event: "invitation_answered",
        case: c.code,
        invitee: invitee.id,
        status: outcome.status,
      });
      // The substitute's or colleague's invitation and the tracking card go out after this answer.
      ctx.deliverLater(c, k, changed.added ? [changed.added] : []);
      return card(locale, loaded, changed.updated);
    };

  return {
    accept: handle("accept"),
    decline: handle("decline"),
    substitute: handle("substitute"),
    forward: handle("forward"),
    /** Teams refreshes a card with refresh.userIds when its user opens it: show the stored state. */
    refresh: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const loaded = await load(uuid(data, "inviteeId"));
      const actor = actorOf(context.activity);
      // Only the invitee sees the kallelse; anyone else learns nothing, not even that it exists.
      if (!loaded || !canView(actor, { kind: "invitation", invitee: loaded.invitee, case: loaded.c }))
        return noticeCard(locale, "unknownAction");
      return card(locale, loaded, loaded.invitee);
    },

    /**
     * A decline, substitute or forward refused for a personnummer (turn-guard.ts): the invitee's
     * own card again, their text kept, the error shown; nothing for anyone else (as handle).
     */
    refusedForm: async (context: TurnContext, data: unknown, fields: string[]) => {
      const locale = localeOf(context.activity);
      const loaded = await load(uuid(data, "inviteeId"));
      const subject = loaded && { kind: "invitation" as const, invitee: loaded.invitee, case: loaded.c };
      if (!subject || !canView(actorOf(context.activity), subject)) return undefined;
      if (!fields.every((f) => ANSWER_FIELDS.includes(f))) return undefined;
      const typed = { reason: text(data, "reason"), substituteName: text(data, "substituteName", 120) };
      return card(locale, loaded, loaded.invitee, STRINGS[locale].notice.pnrField, typed);
    },
  };
}

/** The card's inputs: a personnummer anywhere else (the invitee id) is no typo to correct. */
const ANSWER_FIELDS: readonly string[] = ["reason", "substituteName", "substituteId", "colleagueId"];
