import type { TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { Invitee } from "../cases/model.js";
import type { InviteAction } from "../cases/workflow.js";
import { invitationCard, messageCard } from "../cards/case-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import { noticeCard } from "../cards/assess-consent-views.js";
import type { Services } from "../services/index.js";
import type { Locale } from "../sip/index.js";
import { text, uuid } from "./card-data.js";
import { federatedInvitationHandlers } from "./federated-invitations.js";
import { actingOf, actorOf } from "./identity.js";
import { localeOf } from "./locale.js";

type Kind = InviteAction["kind"];

/**
 * A partner's answer on their invitation card: accept, decline (with a reason), send a
 * substitute, or forward within the principal. Only the invited person sees the card and can
 * answer (services/invitations.ts); a second press changes nothing; the convener's tracking card
 * is updated in place after each change.
 */
export function invitationHandlers(services: Services, logger: Logger) {
  const { invitations, people } = services;
  const federated = federatedInvitationHandlers(services, logger);
  type Loaded = Exclude<Awaited<ReturnType<typeof invitations.open>>, "not_yours" | undefined>;

  async function card(
    locale: Locale,
    loaded: Loaded,
    invitee: Invitee,
    error = "",
    typed: { reason?: string; substituteName?: string } = {},
  ) {
    const next = await invitations.nextName(invitee);
    return invitationCard(
      locale,
      {
        caseCode: loaded.c.code,
        convenerName: loaded.c.convenerName ?? "",
        details: loaded.k.details,
        invitee: { ...invitee, ...(next ? { nextName: next } : {}) },
        region: loaded.c.region,
      },
      error,
      typed,
    );
  }

  function refuse(inviteeId: string, locale: Locale, code?: string): Card {
    logger.warn({ event: "invitation_not_yours", invitee: inviteeId, ...(code ? { case: code } : {}) });
    return messageCard(locale, STRINGS[locale].cases.invite.notYours);
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
      const ref = await people.find(tenantId, userId);
      if (!ref) return e.errors.unknownUser;
      return { kind, userId, name: ref.displayName ?? userId };
    }
    const name = text(data, "substituteName").slice(0, 120);
    return kind === "substitute" && name ? { kind, name } : e.invite.pickSomeone;
  }

  /** The invitation for its invitee; a refusal card for anyone else or a missing one. */
  async function open(context: TurnContext, data: unknown, locale: Locale): Promise<Loaded | Card> {
    const id = uuid(data, "inviteeId");
    const loaded = id ? await invitations.open(actorOf(context.activity), id) : undefined;
    if (!loaded) return messageCard(locale, STRINGS[locale].cases.errors.inviteNotFound);
    if (loaded === "not_yours") return refuse(id ?? "", locale);
    return loaded;
  }
  const isLoaded = (v: Loaded | Card): v is Loaded => "invitee" in v && "k" in v;

  const handle =
    (kind: Kind) =>
    async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      // Anyone but the invitee is refused before the card data is even read.
      const loaded = await open(context, data, locale);
      // Not one of ours: perhaps a federation peer's invitation to this user.
      if (!isLoaded(loaded)) return (await federated.answer(kind, context, data, locale)) ?? loaded;
      // A substitute or colleague is looked up in the invitee's tenant (a partner's may be another).
      const tenantId = loaded.invitee.tenantId ?? loaded.c.tenantId;
      const action = await actionOf(kind, data, tenantId, locale);
      // An incomplete answer goes back to the invitee with the error beside it.
      if (typeof action === "string") return card(locale, loaded, loaded.invitee, action);
      const done = await invitations.answer(actingOf(context.activity), loaded, action);
      if (done.kind === "not_yours") return refuse(loaded.invitee.id, locale, loaded.c.code);
      return card(locale, loaded, done.invitee);
    };

  return {
    accept: handle("accept"),
    decline: handle("decline"),
    substitute: handle("substitute"),
    forward: handle("forward"),
    /** Teams refreshes a card with refresh.userIds when its user opens it: show the stored state. */
    refresh: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "inviteeId");
      const loaded = id ? await invitations.open(actorOf(context.activity), id) : undefined;
      // Only the invitee sees the kallelse; anyone else learns nothing, not even that it exists.
      if (!loaded || loaded === "not_yours")
        return (await federated.refresh(context, data, locale)) ?? noticeCard(locale, "unknownAction");
      return card(locale, loaded, loaded.invitee);
    },

    /**
     * A decline, substitute or forward refused for a personnummer (turn-guard.ts): the invitee's
     * own card again, their text kept, the error shown; nothing for anyone else (as handle).
     */
    refusedForm: async (context: TurnContext, data: unknown, fields: string[]) => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "inviteeId");
      const loaded = id ? await invitations.open(actorOf(context.activity), id) : undefined;
      if (!loaded || loaded === "not_yours") return undefined;
      if (!fields.every((f) => ANSWER_FIELDS.includes(f))) return undefined;
      const typed = { reason: text(data, "reason"), substituteName: text(data, "substituteName", 120) };
      return card(locale, loaded, loaded.invitee, STRINGS[locale].notice.pnrField, typed);
    },
  };
}

/** The card's inputs: a personnummer anywhere else (the invitee id) is no typo to correct. */
const ANSWER_FIELDS: readonly string[] = ["reason", "substituteName", "substituteId", "colleagueId"];
