import { answerCard } from "../../src/cards/answer-views.js";
import type { Card } from "../../src/cards/render.js";
import type { Article } from "../../src/knowledge/articles.js";
import type { Locale } from "../../src/sip/index.js";

const article = (id: string, title: string, dialog?: Article["dialog"]): Article => ({
  id,
  title,
  audience: ["alla"],
  tags: ["sip", "samordning"],
  synonyms: ["samordnad plan", "individuell plan"],
  source: "2 kap. 7 § SoL; 16 kap. 4 § HSL",
  ...(dialog ? { dialog } : {}),
  passages: [{ heading: "", text: "En SIP samordnar insatserna från socialtjänst och hälso- och sjukvård." }],
});

/** The knowledge answer card: a cited passage with related articles and a dialog, and a generated one. */
export function answerCards(locale: Locale): [string, Card][] {
  const best = {
    article: article("vad-ar-sip", "Vad är en SIP?", "consent"),
    passage: { heading: "När ska en SIP göras?", text: "När den enskilde behöver insatser från båda." },
    score: 1,
  };
  const related = [article("samtycke", "Samtycke till SIP"), article("kallelse", "Kalla till SIP", "invite")];
  const generated = { text: "A SIP coordinates the support.", sources: ["2 kap. 7 § SoL"] };
  return [
    ["answer, cited passage", answerCard(locale, { best, related })],
    ["answer, generated", answerCard(locale, { best, related: [] }, generated)],
  ];
}
