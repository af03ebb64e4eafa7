import type { TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { messageCard } from "../cards/case-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import type { Services } from "../services/index.js";
import type { Locale } from "../sip/index.js";
import { text, uuid } from "./card-data.js";
import { actingOf, actorOf } from "./identity.js";

type Kind = "accept" | "decline" | "substitute" | "forward";

/**
 * The invitation card of a federation peer's invitation, pressed here (README "Federation"): the
 * same card and buttons as a local one, the same rule that only the invitee may answer. Asked only
 * when the id names no local invitation, so a local press costs nothing extra.
 */
export function federatedInvitationHandlers(services: Services, logger: Logger) {
  const { federated, people } = services;

  /**
   * The card data → the answer, or an error text for the card. A colleague (substitute or
   * forward) is looked up in the invitee's own tenant, as for a local invitation.
   */
  async function answerOf(kind: Kind, data: unknown, tenantId: string, locale: Locale) {
    const e = STRINGS[locale].cases;
    if (kind === "accept") return { kind };
    if (kind === "decline") {
      const reason = text(data, "reason");
      return reason ? { kind, reason } : e.invite.reasonRequired;
    }
    const userId = text(data, kind === "forward" ? "colleagueId" : "substituteId");
    if (userId) {
      const ref = await people.find(tenantId, userId);
      return ref ? { kind, userId, name: ref.displayName ?? userId } : e.errors.unknownUser;
    }
    const name = text(data, "substituteName").slice(0, 120);
    return kind === "substitute" && name ? { kind, name } : e.invite.pickSomeone;
  }

  async function own(context: TurnContext, data: unknown) {
    const id = uuid(data, "inviteeId");
    return id ? { id, row: await federated.open(actorOf(context.activity), id) } : undefined;
  }

  return {
    /** The answer to a press, or undefined when the id is no federated invitation either. */
    async answer(kind: Kind, context: TurnContext, data: unknown, locale: Locale): Promise<Card | undefined> {
      const found = await own(context, data);
      if (!found?.row) return undefined;
      const { id, row } = found;
      const t = STRINGS[locale].cases.invite;
      if (row === "not_yours") {
        logger.warn({ event: "invitation_not_yours", invitee: id, federated: true });
        return messageCard(locale, t.notYours);
      }
      const answer = await answerOf(kind, data, row.tenantId, locale);
      // An incomplete answer goes back to the invitee with the error beside it.
      if (typeof answer === "string") {
        const typed = { reason: text(data, "reason"), substituteName: text(data, "substituteName", 120) };
        return federated.card(locale, row, answer, typed);
      }
      const done = await federated.answer(actingOf(context.activity), row, answer);
      if (done.kind === "not_yours") return messageCard(locale, t.notYours);
      return federated.card(locale, done.row);
    },

    /** Teams refreshing the card for its user: the stored state; nothing for anyone else. */
    async refresh(context: TurnContext, data: unknown, locale: Locale): Promise<Card | undefined> {
      const found = await own(context, data);
      return found?.row && found.row !== "not_yours" ? federated.card(locale, found.row) : undefined;
    },
  };
}
