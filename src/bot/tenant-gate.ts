import { ActivityTypes, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { noticeCard } from "../cards/assess-consent-views.js";
import { tenantOf } from "./identity.js";
import { localeOf } from "./locale.js";
import { replyWithCard } from "./reply.js";

/**
 * Which tenants the bot serves: the registration's own (MicrosoftAppTenantId) and ALLOWED_TENANTS.
 * It runs before the Application, so a turn from any other tenant loads and saves no state and
 * stores no conversation reference: the user gets a polite refusal, the log the event and the
 * tenant id only. `tenants` undefined (development without either setting) serves every tenant.
 */
export function tenantGate(tenants: ReadonlySet<string> | undefined, logger: Logger) {
  return async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    const tenant = tenantOf(activity);
    if (!tenants || tenants.has(tenant)) return true;
    logger.warn({ event: "tenant_refused", tenant, activityType: activity.type });
    const card = noticeCard(localeOf(activity), "tenant");
    if (activity.type === ActivityTypes.Message || activity.name === "adaptiveCard/action")
      await replyWithCard(context, card);
    // Other invokes (typeahead, refresh of an unknown kind) get a plain refusal, never a 501.
    else if (activity.type === ActivityTypes.Invoke)
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
    return false;
  };
}
