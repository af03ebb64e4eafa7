import { TestAdapter, TurnContext, type Activity } from "botbuilder";
import { describe, expect, it, vi } from "vitest";
import { questionHandlers } from "../../src/bot/questions.js";
import type { GenerativeAnswerer } from "../../src/knowledge/generative.js";
import { loadArticles } from "../../src/knowledge/articles.js";
import { KnowledgeIndex } from "../../src/knowledge/search.js";
import { Synonyms } from "../../src/knowledge/terms.js";
import { message } from "../helpers/activities.js";
import { capturingLogger } from "../helpers/bot.js";

describe("a question of 28,000 characters", () => {
  it("is searched and sent to the model as its first 500 characters only", async () => {
    const knowledge = KnowledgeIndex.build(loadArticles().articles, Synonyms.load());
    const search = vi.spyOn(knowledge, "search");
    const answer = vi.spyOn(knowledge, "answer");
    const generative = { answer: vi.fn<GenerativeAnswerer["answer"]>(async () => undefined) };
    const { ask } = questionHandlers({ knowledge, generative, logger: capturingLogger().logger });

    const question = `måste båda vårdnadshavarna samtycka ${"och så vidare ".repeat(2000)}`.slice(0, 28_000);
    const context = new TurnContext(
      new TestAdapter(),
      message("https://example.test/", question) as Activity,
    );
    await ask(context);

    const asked = [
      ...search.mock.calls.map((c) => c[0]),
      ...answer.mock.calls.map((c) => c[0]),
      ...generative.answer.mock.calls.map((c) => c[1]),
    ];
    expect(generative.answer).toHaveBeenCalledOnce();
    expect(Math.max(...asked.map((q) => q.length))).toBeLessThanOrEqual(500);
    expect(asked.every((q) => q.startsWith("måste båda vårdnadshavarna samtycka"))).toBe(true);
  });
});
