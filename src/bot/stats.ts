import type { Activity, TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { statsCard, statsRefusedCard } from "../cards/stats-views.js";
import type { Services } from "../services/index.js";
import { localeOf } from "./locale.js";
import { replyWithCard } from "./reply.js";

/** How many months the card shows; the whole history is `npm run stats`. */
const CARD_MONTHS = 3;

/** Whether the user is listed in SIP_ADMINS, by AAD object id or Teams user id. */
export function isAdmin(admins: ReadonlySet<string>, from: Partial<Activity>["from"]): boolean {
  return [from?.aadObjectId, from?.id].some((id) => !!id && admins.has(id));
}

/**
 * `stats` / `statistik`: the suppressed counts for SIP_ADMINS; everyone else gets a refusal that
 * reveals nothing about them. Users of tenants the bot does not serve never reach this (tenant-gate.ts).
 */
export function statsHandlers(deps: {
  services: Pick<Services, "stats">;
  admins: readonly string[];
  logger: Logger;
}) {
  const admins = new Set(deps.admins);
  return {
    show: async (context: TurnContext) => {
      const locale = localeOf(context.activity);
      if (!isAdmin(admins, context.activity.from)) {
        deps.logger.info({ event: "stats_refused" });
        await replyWithCard(context, statsRefusedCard(locale));
        return;
      }
      const cells = await deps.services.stats.recent(CARD_MONTHS);
      deps.logger.info({ event: "stats_shown", cells: cells.length });
      await replyWithCard(context, statsCard(locale, cells, CARD_MONTHS));
    },
  };
}
