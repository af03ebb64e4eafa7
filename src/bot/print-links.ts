import type { TurnContext } from "botbuilder";
import { messageCard } from "../cards/case-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import type { Services } from "../services/index.js";
import { uuid } from "./card-data.js";
import { actingOf, actorOf } from "./identity.js";
import { localeOf } from "./locale.js";

/**
 * The convener's control over printable invitations on the tracking card: revoke a link (a
 * letter sent to the wrong address, a partner who left) and, later, make a new one. Only the
 * case's convener; the invitee must belong to that kallelse and be on paper; both are audited.
 */
export function printLinkHandlers(services: Services) {
  const cases = services.kallelse;

  async function load(context: TurnContext, data: unknown) {
    const kallelseId = uuid(data, "kallelseId");
    const inviteeId = uuid(data, "inviteeId");
    return kallelseId && inviteeId
      ? cases.printable(actorOf(context.activity), kallelseId, inviteeId)
      : undefined;
  }

  const handle =
    (act: "revoke" | "renew") =>
    async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const found = await load(context, data);
      if (!found) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      const { k, c, invitee } = found;
      const acting = actingOf(context.activity);
      if (act === "revoke") await cases.revokeLink(acting, c, invitee);
      else await cases.renewLink(acting, c, k, invitee);
      return cases.tracking(c, k, locale);
    };

  return { revoke: handle("revoke"), renew: handle("renew") };
}
