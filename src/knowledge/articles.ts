import { readdirSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod/v4";

/**
 * Knowledge articles: Markdown with YAML front-matter in knowledge/articles/ (see
 * knowledge/README.md). Parsed and checked here, once, when the index is built at start.
 */
const AUDIENCES = ["socialtjänst", "hälso- och sjukvård", "skola", "alla"] as const;
export const DIALOGS = ["assess", "consent", "invite"] as const;

export const FrontMatterSchema = z.strictObject({
  title: z.string().trim().min(5).max(160),
  audience: z.array(z.enum(AUDIENCES)).min(1),
  tags: z.array(z.string().trim().min(2)).min(2),
  synonyms: z.array(z.string().trim().min(2)).min(2),
  source: z.string().trim().min(10).max(400),
  dialog: z.enum(DIALOGS).optional(),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

export interface Passage {
  /** The section heading, or "" for the article's opening paragraphs. */
  heading: string;
  text: string;
}
export interface Article extends FrontMatter {
  /** The file name without .md: stable, used in eval files and card actions. */
  id: string;
  passages: Passage[];
}

export const ARTICLES_DIR = new URL("../../knowledge/articles/", import.meta.url);
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/;

/** One article from its file text; a list of problems when it is not a valid article. */
export function parseArticle(id: string, text: string): Article | string[] {
  const m = FRONT_MATTER.exec(text);
  if (!m) return [`${id}: no front-matter between --- lines`];
  let data: unknown;
  try {
    data = parseYaml(m[1] ?? "");
  } catch (e) {
    return [`${id}: front-matter is not valid YAML (${(e as Error).message.split("\n")[0]})`];
  }
  const fm = FrontMatterSchema.safeParse(data);
  if (!fm.success)
    return fm.error.issues.map((i) => `${id}: ${i.path.join(".") || "front-matter"} ${i.message}`);
  const passages = splitPassages(m[2] ?? "");
  if (passages.length === 0) return [`${id}: the article has no text`];
  return { id, ...fm.data, passages };
}

/** "## " headings split the body; each part can be found and shown on its own. */
function splitPassages(body: string): Passage[] {
  const out: Passage[] = [];
  let heading = "";
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) out.push({ heading, text });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const h = /^##\s+(.+?)\s*$/.exec(line);
    if (h) {
      flush();
      heading = h[1] ?? "";
    } else if (!/^#\s/.test(line)) lines.push(line);
  }
  flush();
  return out;
}

/** Every article in the folder; invalid ones are reported, not loaded, so one bad edit never stops the bot. */
export function loadArticles(dir: URL = ARTICLES_DIR): { articles: Article[]; problems: string[] } {
  const articles: Article[] = [];
  const problems: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()) {
    const parsed = parseArticle(file.slice(0, -3), readFileSync(new URL(file, dir), "utf8"));
    if (Array.isArray(parsed)) problems.push(...parsed);
    else articles.push(parsed);
  }
  return { articles, problems };
}
