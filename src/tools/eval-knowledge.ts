import { loadArticles } from "../knowledge/articles.js";
import { evaluate, loadQuestions } from "../knowledge/eval.js";
import { KnowledgeIndex } from "../knowledge/search.js";
import { Synonyms } from "../knowledge/terms.js";

/** `npm run eval:knowledge`: how well the questions in knowledge/eval find their articles. */
const { articles, problems } = loadArticles();
for (const p of problems) console.error(`article problem: ${p}`);
const index = KnowledgeIndex.build(articles, Synonyms.load());
const r = evaluate(index, loadQuestions());
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.error(`${articles.length} articles, ${r.questions} questions`);
console.error(
  `recall@1 ${pct(r.recallAt1)}   recall@3 ${pct(r.recallAt3)} (target 100 %)   MRR ${r.mrr.toFixed(3)}`,
);
for (const m of r.misses)
  console.error(`  miss: "${m.q}" → expected ${m.expected}, got ${m.got.join(", ") || "nothing"}`);
process.exitCode = r.misses.length === 0 ? 0 : 1;
