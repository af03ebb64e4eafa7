import { visible } from "../sip/text.js";

/**
 * Decision (issue 20, README "Privacy and access"): everything a person or a peer instance typed is
 * shown on a card as text. Teams renders Markdown in TextBlock text and Fact titles and values, so
 * a decline reason typed as `[Logga in](https://…)` would otherwise be a live link in a trusted tool.
 *
 * The one place is renderCard (render.ts): every string in the view data is untrusted unless a view
 * marks it as ours with `ours()` (our own catalog text that means its Markdown: a checklist, a
 * knowledge article). Forgetting costs only that our own Markdown shows as typed; it never lets a
 * link through. Untrusted strings are escaped only where Teams reads Markdown (MARKDOWN_AT below);
 * elsewhere (input values, choice values, action data, URLs) they stay exactly as typed, so a form
 * sent back keeps the text, an id keeps its value. To know after expansion which part of a text
 * came from the data, protect() wraps each untrusted string that needs escaping in two private-use
 * characters and present() resolves them by position; typed copies of those two are dropped.
 * Invisible characters (sip/text.ts `visible`) are dropped from every untrusted string.
 */

const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKS = /[\uE000\uE001]/g;
const WRAPPED = /\uE000([^\uE000\uE001]*)\uE001/g;

/** Our own text, shown with its Markdown (a list, bold): never a value a person or a peer typed. */
export class Ours {
  constructor(readonly text: string) {}
}
export const ours = (text: string): Ours => new Ours(text);

/**
 * Typed text as Teams shows it: backslash escapes for what Teams formats (emphasis `*` `_`, code
 * `` ` ``, link brackets `[` `]`, `<` of autolinks and `<at>` mentions, and list, heading and quote
 * markers at a line's start), the backslash itself, and an entity-like `&…;`. Teams also makes a
 * bare address clickable, which no escape prevents: `//` is shown as two fraction slashes
 * (`https:⁄⁄…`, also a scheme-less `⁄⁄host`) and `www.` with a one-dot leader (`www․`): readable,
 * not a link. A bare domain (`kommun.se`) is left as typed: it shows its own target. A link that
 * is meant to be followed (the meeting link) is a validated button (Action.OpenUrl) instead.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<]/g, "\\$&")
    .replace(/&(?=#?\w+;)/g, "\\&")
    .replace(/^([ \t]*)([-+=>#]|\d+(?=[.)]))/gm, (_all, indent: string, marker: string) =>
      /\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`,
    )
    .replace(/\/\//g, "\u2044\u2044")
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u2024`);
}

/** An untrusted string as it may enter a template: visible only, wrapped when it needs escaping. */
function protectText(s: string): string {
  const clean = visible(s.replace(MARKS, ""));
  return escapeMarkdown(clean) === clean ? clean : `${OPEN}${clean}${CLOSE}`;
}

/** The view data with every untrusted string protected and every `ours()` unwrapped. */
export function protect(data: unknown): unknown {
  if (typeof data === "string") return protectText(data);
  if (data instanceof Ours) return data.text;
  if (Array.isArray(data)) return data.map(protect);
  if (typeof data === "object" && data !== null)
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, protect(v)]));
  return data;
}

/**
 * Where Teams (and Microsoft's renderer) read Markdown: an element type → its Markdown properties,
 * and for lists of labels (facts; the choices of an expanded ChoiceSet, which render as radio
 * buttons and check boxes with formatted labels) the properties of each item that are Markdown.
 */
const MARKDOWN_AT: Record<string, readonly string[]> = { TextBlock: ["text"], "Input.Toggle": ["title"] };
const LABELS_AT: Record<string, { list: string; keys: readonly string[] }> = {
  FactSet: { list: "facts", keys: ["title", "value"] },
  "Input.ChoiceSet": { list: "choices", keys: ["title"] },
};

const resolve = (s: string, markdown: boolean): string =>
  s.replace(WRAPPED, (_all, inner: string) => (markdown ? escapeMarkdown(inner) : inner)).replace(MARKS, "");

/** The expanded card: each protected string escaped where it is Markdown, left as typed elsewhere. */
export function present<T>(node: T, markdownKeys: readonly string[] = []): T {
  if (typeof node === "string") return resolve(node, false) as T;
  if (Array.isArray(node)) return node.map((n) => present(n)) as T;
  if (typeof node !== "object" || node === null) return node;
  const o = node as Record<string, unknown>;
  const type = typeof o.type === "string" ? o.type : "";
  const own = [...markdownKeys, ...(MARKDOWN_AT[type] ?? [])];
  const labels = type === "Input.ChoiceSet" && o.style !== "expanded" ? undefined : LABELS_AT[type];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "string") out[k] = resolve(v, own.includes(k));
    else if (labels?.list === k && Array.isArray(v)) out[k] = v.map((item) => present(item, labels.keys));
    else out[k] = present(v);
  }
  return out as T;
}
