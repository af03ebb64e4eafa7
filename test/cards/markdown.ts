import MarkdownIt from "markdown-it";
import type { Card } from "../../src/cards/render.js";

/**
 * A card's Markdown as a client renders it. Microsoft's renderer formats TextBlock text (and fact
 * titles and values, toggle and expanded-choice labels) with markdown-it when it is present
 * (adaptivecards `AdaptiveCard.applyMarkdown`); it needs a DOM for the rest, so the same texts are
 * taken from the card here and given to markdown-it directly. Teams also makes a typed address
 * clickable: `linkify`. `html` on, so that typed HTML would show up as elements. Bare domains
 * (`kommun.se`) are left as typed by decision (src/cards/shown.ts): no fuzzy links.
 */
const md = new MarkdownIt({ html: true, linkify: true });
md.linkify.set({ fuzzyLink: false });

/** Every text of the card that a client reads as Markdown. */
export function markdownTexts(node: unknown, keys: readonly string[] = []): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => markdownTexts(n));
  if (typeof node !== "object" || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = [...keys];
  if (o.type === "TextBlock") own.push("text");
  if (o.type === "Input.Toggle") own.push("title");
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "string" && own.includes(k)) out.push(v);
    else if (o.type === "FactSet" && k === "facts" && Array.isArray(v))
      out.push(...v.flatMap((f) => markdownTexts(f, ["title", "value"])));
    else if (o.type === "Input.ChoiceSet" && o.style === "expanded" && k === "choices" && Array.isArray(v))
      out.push(...v.flatMap((c) => markdownTexts(c, ["title"])));
    else out.push(...markdownTexts(v));
  }
  return out;
}

/** The card's Markdown rendered to HTML, one text after another. */
export const renderedHtml = (card: Card): string =>
  markdownTexts(card)
    .map((t) => md.render(t))
    .join("\n");

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"' };
/** What the reader sees of the card's Markdown: tags dropped, entities read, lines joined. */
export const shownText = (card: Card): string =>
  renderedHtml(card)
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|amp|quot);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, " ");

/** Every `<a …>` in the rendered Markdown: a live link. */
export const links = (card: Card): string[] => renderedHtml(card).match(/<a\s[^>]*>/g) ?? [];
