import { readdirSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod/v4";
import type { KnowledgeIndex } from "./search.js";

/** The question set (knowledge/eval/*.yml): a question and the article it should find. */
export const EVAL_DIR = new URL("../../knowledge/eval/", import.meta.url);
const QuestionsSchema = z.array(z.strictObject({ q: z.string().min(2), article: z.string().min(1) }));
export type EvalQuestion = z.infer<typeof QuestionsSchema>[number];

export function loadQuestions(dir: URL = EVAL_DIR): EvalQuestion[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .flatMap((f) => QuestionsSchema.parse(parseYaml(readFileSync(new URL(f, dir), "utf8"))));
}

export interface EvalResult {
  questions: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  misses: { q: string; expected: string; got: string[] }[];
}

/** recall@1, recall@3 and mean reciprocal rank (over the top 10) of the expected article. */
export function evaluate(index: KnowledgeIndex, questions: EvalQuestion[]): EvalResult {
  let at1 = 0;
  let at3 = 0;
  let rr = 0;
  const misses: EvalResult["misses"] = [];
  for (const { q, article } of questions) {
    const got = index.search(q, 10).map((h) => h.article.id);
    const rank = got.indexOf(article) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 3) at3++;
    else misses.push({ q, expected: article, got: got.slice(0, 3) });
    if (rank >= 1) rr += 1 / rank;
  }
  const n = questions.length || 1;
  return { questions: questions.length, recallAt1: at1 / n, recallAt3: at3 / n, mrr: rr / n, misses };
}
