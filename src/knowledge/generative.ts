import type { TurnContext } from "botbuilder";
import type { Locale } from "../sip/index.js";
import type { Hit } from "./search.js";

/**
 * An optional model-written answer, grounded only in the retrieved passages. Returns undefined
 * when the model declines, fails or times out: the caller then shows the retrieval answer.
 */
export interface GenerativeAnswerer {
  answer(
    context: TurnContext,
    question: string,
    hits: Hit[],
    locale: Locale,
  ): Promise<{ text: string; sources: string[] } | undefined>;
}
