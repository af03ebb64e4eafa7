import { MessageFactory, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { answerCard, articleCard, noMatchCard } from "../cards/answer-views.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import type { GenerativeAnswerer } from "../knowledge/generative.js";
import { clipQuestion, type KnowledgeIndex } from "../knowledge/search.js";
import { text } from "./card-data.js";
import { localeOf } from "./locale.js";

export interface QuestionDeps {
  knowledge: KnowledgeIndex;
  /** Set only when a model is configured; the retrieval answer is always the fallback. */
  generative?: GenerativeAnswerer;
  logger: Logger;
}

/** Any text that is not a command is a question, answered from knowledge/ with its source. */
export function questionHandlers({ knowledge, generative, logger }: QuestionDeps) {
  const send = (context: TurnContext, card: Card) =>
    context.sendActivity(MessageFactory.attachment(attachment(card)));

  return {
    ask: async (context: TurnContext) => {
      const locale = localeOf(context.activity);
      // What is searched and what the model reads: a pasted page would stall every other turn.
      const question = clipQuestion(context.activity.text ?? "");
      const answer = knowledge.answer(question);
      if (!answer) {
        logger.info({ event: "question_unanswered" });
        await send(context, noMatchCard(locale));
        return;
      }
      let generated: Awaited<ReturnType<GenerativeAnswerer["answer"]>>;
      if (generative) {
        const hits = [
          answer.best,
          ...knowledge.search(question, 3).filter((h) => h.article.id !== answer.best.article.id),
        ];
        generated = await generative.answer(context, question, hits, locale).catch((err: unknown) => {
          logger.warn({ event: "generative_failed", errName: (err as Error)?.name });
          return undefined;
        });
      }
      logger.info({
        event: "question_answered",
        article: answer.best.article.id,
        generated: Boolean(generated),
      });
      await send(context, answerCard(locale, answer, generated));
    },

    /** "Läs också": the article as a new message; the clicked card stays. */
    read: async (context: TurnContext, data: unknown): Promise<string> => {
      const locale = localeOf(context.activity);
      const article = knowledge.article(text(data, "article", 120));
      await send(context, article ? articleCard(locale, article) : noMatchCard(locale));
      return STRINGS[locale].notice.formBelow;
    },
  };
}
