import type { TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { noticeCard } from "../cards/views.js";
import { localeOf } from "./locale.js";
import { replyWithCard } from "./reply.js";

/**
 * The adapter's last resort: log the error by name and code (never the user's text) and tell
 * the user in their language. For an Action.Execute the answer is the invoke response, so the
 * HTTP reply is a 200 with an error card rather than a 5xx.
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const code = (error as { code?: unknown }).code;
    logger.error({
      event: "turn_error",
      activityType: context.activity.type,
      errName: error.name,
      code,
      err: error.message,
    });
    try {
      await replyWithCard(context, noticeCard(localeOf(context.activity), "failed"));
    } catch (sendError) {
      logger.error({ event: "turn_error_reply_failed", err: (sendError as Error).message });
    }
  };
}
