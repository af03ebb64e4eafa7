import { VERBS } from "./verbs.js";
import type { Article } from "../knowledge/articles.js";
import type { Answer } from "../knowledge/search.js";
import type { Locale } from "../sip/index.js";
import { renderCard, STRINGS, type Card } from "./render.js";
import { ours } from "./shown.js";

/** The dialog a topic leads to; a kallelse starts from the consent check. */
function dialogButton(article: Article, locale: Locale): { dialogVerb: string; dialogTitle: string } {
  const w = STRINGS[locale].welcome;
  switch (article.dialog) {
    case "assess":
      return { dialogVerb: VERBS.openAssess, dialogTitle: w.assess };
    case "consent":
      return { dialogVerb: VERBS.openConsent, dialogTitle: w.consent };
    case "invite":
      return { dialogVerb: VERBS.openConsent, dialogTitle: w.invite };
    default:
      return { dialogVerb: "", dialogTitle: "" };
  }
}

/**
 * A cited answer: the best passage (or a generated summary of the passages), the article's title
 * and source, up to two related articles, and the matching dialog's button.
 */
export function answerCard(
  locale: Locale,
  answer: Answer,
  generated?: { text: string; sources: string[] },
): Card {
  const { article, passage } = answer.best;
  const t = STRINGS[locale].knowledge;
  // Our knowledge base is Markdown (lists, emphasis), and so is a summary generated from it for
  // the asker alone: shown as ours. The question typed is never echoed on the card.
  return renderCard("answer", locale, {
    title: ours(article.title),
    heading: generated ? "" : ours(passage.heading),
    text: ours(generated ? generated.text : passage.text),
    generatedNote: generated ? t.generated : "",
    sources: (generated ? generated.sources : article.source.split(/;\s*/)).map(ours),
    // A generated answer is already in the user's language; a passage is shown in Swedish.
    englishNote: generated ? "" : t.sourceInSwedish,
    related: answer.related.map((a) => ({ id: a.id, title: a.title })),
    ...dialogButton(article, locale),
  });
}

/** One article in full view ("Läs också"): its opening passage. */
export function articleCard(locale: Locale, article: Article): Card {
  const first = article.passages[0];
  return answerCard(locale, {
    best: { article, passage: first ?? { heading: "", text: "" }, score: 0 },
    related: [],
  });
}

export function noMatchCard(locale: Locale): Card {
  const t = STRINGS[locale].knowledge;
  return renderCard("notice", locale, { title: t.noMatchTitle, text: t.noMatch, warning: false });
}
