import { ActivityTypes, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { noticeCard } from "../cards/assess-consent-views.js";
import { localeOf } from "./locale.js";
import { replyWithCard } from "./reply.js";

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

/**
 * The adapter's last resort: log the error by name and code (never the user's text) and tell
 * the user in their language. For an Action.Execute the answer is the invoke response, so the
 * HTTP reply is a 200 with an error card rather than a 5xx.
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    // Name and code only: library messages can quote the offending input (a name, a number).
    const code = (error as { code?: unknown }).code;
    const type = context.activity.type;
    logger.error({
      event: "turn_error",
      activityType: KNOWN_TYPES.has(type) ? type : "other",
      errName: error?.name,
      code: typeof code === "string" ? code : undefined,
    });
    try {
      await replyWithCard(context, noticeCard(localeOf(context.activity), "failed"));
    } catch (sendError) {
      logger.error({ event: "turn_error_reply_failed", errName: (sendError as Error)?.name });
    }
  };
}
