import type { TurnContext } from "botbuilder";
import { ActivityTypes } from "botbuilder";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import { stockholmToday } from "../clock.js";
import { noticeCard } from "../cards/views.js";
import { refFromActivity, type ConversationRef } from "../store/conversation-refs.js";
import type { AppState } from "./state.js";
import { localeOf } from "./locale.js";
import { containsPersonnummer } from "./pnr-guard.js";
import { replyWithCard } from "./reply.js";

export interface RefSink {
  save(ref: ConversationRef): Promise<void>;
}

/**
 * Runs before every route. Refuses a turn whose text or card payload looks like it holds a
 * personnummer (the text is neither stored nor logged), and keeps the user's conversation
 * reference fresh for later proactive cards: saved on install, on first contact, and again
 * once a day at most, since Teams may move a user to another serviceUrl.
 */
export function beforeTurn(deps: { refs: RefSink; clock: Clock; logger: Logger }) {
  return async (context: TurnContext, state: AppState): Promise<boolean> => {
    const { activity } = context;
    if (containsPersonnummer(activity.text) || containsPersonnummer(activity.value)) {
      deps.logger.warn(
        { event: "pnr_refused", activityType: activity.type },
        "personnummer-like input refused",
      );
      activity.text = "";
      activity.value = undefined;
      await replyWithCard(context, noticeCard(localeOf(activity), "pnr"));
      return false;
    }
    const today = stockholmToday(deps.clock);
    const isInstall =
      activity.type === ActivityTypes.InstallationUpdate ||
      activity.type === ActivityTypes.ConversationUpdate;
    if (isInstall || state.user.refSavedOn !== today) {
      const ref = refFromActivity(activity);
      if (ref) {
        await deps.refs.save(ref);
        // Install activities carry no display name: save again on the next turn that has one.
        if (ref.displayName) state.user.refSavedOn = today;
      }
    }
    return true;
  };
}
