import MiniSearch, { type SearchResult } from "minisearch";
import type { Article, Passage } from "./articles.js";
import type { Synonyms } from "./terms.js";
import { alternativesOf, term, words } from "./terms.js";

export interface Hit {
  article: Article;
  passage: Passage;
  score: number;
}
export interface Answer {
  best: Hit;
  /** Up to two other articles that also match, for "read more". */
  related: Article[];
}

interface Doc {
  id: string;
  article: string;
  title: string;
  heading: string;
  text: string;
  keywords: string;
}

/**
 * How much of a question is searched. Questions in chat are a sentence or two; a pasted page of
 * 28,000 characters took half a second of search (every word expanded and matched), blocking the
 * event loop for every other user and /healthz. What a question asks is said at its start.
 */
export const MAX_QUESTION_CHARS = 500;

/** The first MAX_QUESTION_CHARS characters, cut after a whole word (and never inside an emoji). */
export function clipQuestion(question: string): string {
  if (question.length <= MAX_QUESTION_CHARS) return question;
  let cut = question.slice(0, MAX_QUESTION_CHARS);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  // Cut inside a word: drop its first part, which would be searched as a word of its own.
  return /^[\p{L}\p{N}]/u.test(question.slice(cut.length)) ? cut.replace(/[\p{L}\p{N}-]+$/u, "") : cut;
}

/**
 * Full-text search over the articles' passages (MiniSearch, BM25) with Swedish stemming, stop
 * words and synonyms. Titles, headings and an article's tags and synonyms weigh more than body
 * text; a passage's article title is indexed with it, so a section is found by its topic too.
 */
export class KnowledgeIndex {
  private readonly byId: Map<string, Article>;
  private constructor(
    private readonly mini: MiniSearch<Doc>,
    articles: Article[],
    private readonly synonyms: Synonyms,
  ) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
  }

  static build(articles: Article[], synonyms: Synonyms): KnowledgeIndex {
    const mini = new MiniSearch<Doc>({
      fields: ["title", "heading", "text", "keywords"],
      storeFields: ["article", "heading"],
      tokenize: (text) => words(text),
      processTerm: (t) => term(t),
      searchOptions: {
        boost: { title: 3, keywords: 2.5, heading: 1.5, text: 1 },
        prefix: (t) => t.length >= 5,
        fuzzy: (t) => (t.length >= 7 ? 0.15 : false),
        combineWith: "OR",
        // An article's opening paragraphs answer its question directly: prefer them to a side section.
        boostDocument: (_id, _term, stored) => (stored?.heading === "" ? 1.6 : 1),
      },
    });
    mini.addAll(
      articles.flatMap((a) =>
        a.passages.map((p, i) => ({
          id: `${a.id}#${i}`,
          article: a.id,
          title: a.title,
          heading: p.heading,
          text: p.text,
          keywords: [...a.tags, ...a.synonyms].join(" · "),
        })),
      ),
    );
    return new KnowledgeIndex(mini, articles, synonyms);
  }

  get size(): number {
    return this.byId.size;
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** Articles for a question, best first, each with its best passage. */
  search(fullQuestion: string, limit = 5): Hit[] {
    const question = clipQuestion(fullQuestion);
    // Each content word of the question, with the stems of its synonyms: finding one of them counts.
    const asked = words(question)
      .filter((w) => term(w) !== null)
      .map((w) =>
        alternativesOf(this.synonyms, w)
          .map(term)
          .filter((t): t is string => t !== null),
      );
    if (asked.length === 0) return [];
    const expanded = [...words(question), ...this.synonyms.expand(question)].join(" ");
    // The user's own words weigh more than the synonyms added for them.
    const own = new Set(words(question).map(term));
    const results = this.mini.search(expanded, {
      boostTerm: (t) => (own.has(t) ? 1 : SYNONYM_WEIGHT),
    });
    // Articles in order of their best passage; every passage of theirs that matches, best first.
    const candidates = new Map<string, SearchResult[]>();
    for (const r of results) {
      const articleId = String(r.article);
      const list = candidates.get(articleId);
      if (!list && candidates.size >= limit) continue;
      if (!covers(r, asked)) continue;
      if (list) list.push(r);
      else candidates.set(articleId, [r]);
    }
    const hits: Hit[] = [];
    for (const [articleId, passages] of candidates) {
      const article = this.byId.get(articleId);
      const top = passages[0];
      if (!article || !top) continue;
      const chosen = asksTitle(article, asked) ? top : answeringPassage(passages, asked);
      const passage = article.passages[Number(String(chosen.id).split("#")[1])];
      if (passage) hits.push({ article, passage, score: top.score });
    }
    return hits;
  }

  /** The answer to show, or undefined when nothing matches well enough to be worth citing. */
  answer(question: string): Answer | undefined {
    const [best, ...rest] = this.search(question, 3);
    if (!best || best.score < MIN_SCORE) return undefined;
    return { best, related: rest.map((h) => h.article) };
  }
}

/** How much a synonym added to the question counts next to the user's own words (tuned with knowledge/eval). */
const SYNONYM_WEIGHT = 0.3;

/** Below this BM25 score a match rests on a stray word; tuned with knowledge/eval. */
const MIN_SCORE = 4;

/** A result counts only if it matches enough of what the user actually asked about. */
function covers(r: SearchResult, asked: string[][]): boolean {
  const found = asked.filter((alts) =>
    alts.some((a) => r.terms.some((t) => t.startsWith(a) || a.startsWith(t))),
  );
  return found.length >= Math.max(1, Math.ceil(asked.length * MIN_COVERAGE));
}

/**
 * Does the question ask what the article's title asks? Its opening paragraphs answer the title
 * ("Ja, …", "Nej, …"); shown for another question, that first sentence answers the wrong one.
 */
const titleTermsCache = new WeakMap<Article, string[]>();
function asksTitle(article: Article, asked: string[][]): boolean {
  let titleTerms = titleTermsCache.get(article);
  if (!titleTerms) {
    titleTerms = words(article.title)
      .map(term)
      .filter((t): t is string => t !== null);
    titleTermsCache.set(article, titleTerms);
  }
  if (titleTerms.length === 0) return true;
  const found = titleTerms.filter((t) =>
    asked.some((alts) => alts.some((a) => t.startsWith(a) || a.startsWith(t))),
  );
  return found.length >= titleTerms.length * MIN_COVERAGE;
}

/**
 * For a question the title does not ask: the passage whose own heading and text (not the
 * article's title, tags and synonyms, which every passage shares) match the most of the question's
 * content words, a section whose heading names one of them before the others; on a tie, the
 * better-scoring one.
 */
function answeringPassage(passages: SearchResult[], asked: string[][]): SearchResult {
  const own = (r: SearchResult) => {
    const inField = (field: string) =>
      Object.entries(r.match)
        .filter(([, fields]) => fields.includes(field))
        .map(([t]) => t);
    const matched = (terms: string[]) =>
      asked.filter((alts) => alts.some((a) => terms.some((t) => t.startsWith(a) || a.startsWith(t)))).length;
    const heading = inField("heading");
    return matched([...heading, ...inField("text")]) + (matched(heading) > 0 ? 0.5 : 0);
  };
  let best = passages[0] as SearchResult;
  let bestOwn = own(best);
  for (const r of passages.slice(1)) {
    const o = own(r);
    if (o > bestOwn) [best, bestOwn] = [r, o];
  }
  return best;
}

/** A passage must match at least this share of the question's content words (or their synonyms). */
const MIN_COVERAGE = 0.5;
