import { MessageFactory } from "botbuilder";
import { attachment, type Card } from "../cards/render.js";
import type { ConversationRef } from "../store/conversation-refs.js";
import type { Sender, SendResult } from "./sender.js";

/**
 * The one way services put a card in front of someone outside a turn's reply: a new card in their
 * 1:1 chat, or a card replaced in place. Typed results as the sender's; never thrown.
 */
export interface CardSender {
  /** Sends the card; when Teams answers from another conversation, that one is saved as theirs. */
  sendCard(ref: ConversationRef, card: Card): Promise<SendResult>;
  /** Replaces the card the bot sent earlier as `activityId` in `conversationId`. */
  replaceCard(
    ref: ConversationRef,
    conversationId: string,
    activityId: string,
    card: Card,
  ): Promise<SendResult>;
}

export function cardSender(sender: Sender, refs: { save(ref: ConversationRef): Promise<void> }): CardSender {
  return {
    async sendCard(ref, card) {
      const result = await sender.send(ref, MessageFactory.attachment(attachment(card)));
      // Teams may move a user's 1:1 chat: the next card must go where this one went.
      if (result.status === "sent" && result.conversationId !== ref.conversationId)
        await refs.save({ ...ref, conversationId: result.conversationId });
      return result;
    },
    replaceCard(ref, conversationId, activityId, card) {
      return sender.update(
        { ...ref, conversationId },
        activityId,
        MessageFactory.attachment(attachment(card)),
      );
    },
  };
}
