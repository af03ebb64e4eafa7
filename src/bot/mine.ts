import { MessageFactory, type TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { mineCard } from "../cards/mine-views.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import type { Services } from "../services/index.js";
import { actorOf } from "./identity.js";
import { localeOf } from "./locale.js";

/**
 * "Visa fler" carries only where the list goes on; whose list it is comes from the presser, so a
 * card forwarded to someone else shows them their own cases. Anything unreadable starts at 0.
 */
const MorePayload = z.object({ offset: z.coerce.number().int().min(0).max(1_000_000).catch(0) }).catch({
  offset: 0,
});

/** "Mina SIP" (`mina`/`mine`, the welcome card's button, "Visa fler"), translated. */
export function mineHandlers(deps: { services: Services }) {
  const card = async (context: TurnContext, offset: number): Promise<Card> =>
    mineCard(localeOf(context.activity), await deps.services.mine.page(actorOf(context.activity), offset));
  const send = async (context: TurnContext) => {
    await context.sendActivity(MessageFactory.attachment(attachment(await card(context, 0))));
  };

  return {
    /** The text command: the first page as a new message. */
    send,
    /** The welcome card's button: the list comes below, the welcome card stays as it was. */
    open: async (context: TurnContext): Promise<string> => {
      await send(context);
      return STRINGS[localeOf(context.activity)].mine.opened;
    },
    /** "Visa fler" / "Till början": the page replaces the card in place. */
    more: (context: TurnContext, data: unknown): Promise<Card> =>
      card(context, MorePayload.parse(data ?? {}).offset),
  };
}
