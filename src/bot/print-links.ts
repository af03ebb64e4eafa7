import type { TurnContext } from "botbuilder";
import { messageCard } from "../cards/case-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import type { Services } from "../services/index.js";
import { uuid } from "./card-data.js";
import { actingOf, actorOf } from "./identity.js";
import { localeOf } from "./locale.js";

/**
 * The convener's control over printable invitations on the tracking card: "Hämta utskrift" makes a
 * link and answers with the tracking card showing it, this once (only its hash is stored, so the
 * next refresh shows the button again); "Återkalla länken" ends them all (a letter sent to the
 * wrong address, a partner who left). Only the case's convener; the invitee must belong to that
 * kallelse and be on paper; both are audited.
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
    (act: "revoke" | "mint") =>
    async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const found = await load(context, data);
      if (!found) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      const { k, c, invitee } = found;
      const acting = actingOf(context.activity);
      if (act === "revoke") {
        await cases.revokeLink(acting, c, invitee);
        return cases.tracking(c, k, locale);
      }
      const token = await cases.mintLink(acting, c, k, invitee);
      return cases.tracking(c, k, locale, undefined, { inviteeId: invitee.id, token });
    };

  return { revoke: handle("revoke"), mint: handle("mint") };
}
