import type { TurnContext } from "botbuilder";
import { canAct } from "../cases/access.js";
import { printLinkExpiry } from "../cases/workflow.js";
import { messageCard } from "../cards/case-views.js";
import { STRINGS, type Card } from "../cards/render.js";
import type { CaseContext, CaseDeps } from "./case-context.js";
import { uuid } from "./card-data.js";
import { actorOf, auditActorOf } from "./identity.js";
import { localeOf } from "./locale.js";

/**
 * The convener's control over printable invitations on the tracking card: revoke a link (a
 * letter sent to the wrong address, a partner who left) and, later, make a new one. Only the
 * case's convener; the invitee must belong to that kallelse and be on paper; both are audited.
 */
export function printLinkHandlers(deps: CaseDeps, ctx: CaseContext) {
  const { repo, printLinks, clock, logger } = deps;

  async function load(context: TurnContext, data: unknown) {
    const kallelseId = uuid(data, "kallelseId");
    const inviteeId = uuid(data, "inviteeId");
    const k = kallelseId ? await repo.getKallelse(kallelseId) : undefined;
    const c = k && (await repo.getCase(k.caseId));
    const invitee = c && inviteeId ? await repo.invitee(inviteeId) : undefined;
    const actor = actorOf(context.activity);
    if (!k || !c || !invitee || invitee.kallelseId !== k.id || invitee.status !== "printable")
      return undefined;
    return canAct(actor, { kind: "kallelse", case: c }) ? { k, c, invitee } : undefined;
  }

  return {
    revoke: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const found = await load(context, data);
      if (!found) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      const { k, c, invitee } = found;
      const revoked = await printLinks.revoke(invitee.id, clock.now(), {
        actor: auditActorOf(context.activity),
        caseCode: c.code,
      });
      logger.info({ event: "print_link_revoked", case: c.code, invitee: invitee.id, links: revoked });
      return ctx.tracking(c, k, locale);
    },

    renew: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const found = await load(context, data);
      if (!found) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      const { k, c, invitee } = found;
      const live = (await repo.printTokens(k.id, clock.now())).has(invitee.id);
      // A double press makes one link, not two.
      if (!live)
        await printLinks.create(invitee.id, printLinkExpiry(k.details.date, clock.now()), {
          actor: auditActorOf(context.activity),
          caseCode: c.code,
        });
      logger.info({ event: "print_link_renewed", case: c.code, invitee: invitee.id, created: !live });
      return ctx.tracking(c, k, locale);
    },
  };
}
