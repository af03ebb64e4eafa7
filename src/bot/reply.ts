import { ActivityTypes, INVOKE_RESPONSE_KEY, MessageFactory, type TurnContext } from "botbuilder";
import { attachment, type Card } from "../cards/render.js";

const ACTION_INVOKE = "adaptiveCard/action";
const CARD_RESPONSE = "application/vnd.microsoft.card.adaptive";

/**
 * Answers with a card the way the activity expects: as the synchronous invoke response that
 * replaces the clicked card for an Action.Execute, as a new message otherwise.
 */
export async function replyWithCard(context: TurnContext, card: Card): Promise<void> {
  const { activity } = context;
  if (activity.type === ActivityTypes.Invoke) {
    if (context.turnState.get(INVOKE_RESPONSE_KEY)) return;
    const body =
      activity.name === ACTION_INVOKE ? { statusCode: 200, type: CARD_RESPONSE, value: card } : undefined;
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    return;
  }
  await context.sendActivity(MessageFactory.attachment(attachment(card)));
}
