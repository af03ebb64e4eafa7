import { readdirSync, readFileSync } from "node:fs";
import { Template } from "adaptivecards-templating";
import { CardFactory, type Attachment } from "botbuilder";
import { VERBS } from "./verbs.js";
import { present, protect } from "./shown.js";
import { LOCALES, type Locale } from "../sip/index.js";
import { casesEn } from "./strings-cases-en.js";
import { casesSv, type CasesStrings } from "./strings-cases-sv.js";
import { en } from "./strings-en.js";
import { flagsEn } from "./strings-flags-en.js";
import { flagsSv, type FlagsStrings } from "./strings-flags-sv.js";
import { mineEn } from "./strings-mine-en.js";
import { mineSv, type MineStrings } from "./strings-mine-sv.js";
import { planEn } from "./strings-plan-en.js";
import { planSv, type PlanStrings } from "./strings-plan-sv.js";
import { sv, type Strings } from "./strings-sv.js";

export const STRINGS: Record<
  Locale,
  Strings & { cases: CasesStrings; flags: FlagsStrings; mine: MineStrings; plan: PlanStrings }
> = {
  sv: { ...sv, cases: casesSv, flags: flagsSv, mine: mineSv, plan: planSv },
  en: { ...en, cases: casesEn, flags: flagsEn, mine: mineEn, plan: planEn },
};

/** An expanded Adaptive Card, ready to send (teams-ai's AdaptiveCard shape). */
export interface Card {
  type: "AdaptiveCard";
  [key: string]: unknown;
}

const CARDS_DIR = new URL("../../cards/", import.meta.url);

/**
 * All templates read and prepared once, at first use: a missing or broken template fails on start,
 * not mid-chat. Preparing parses every "${…}" with ANTLR, which was most of a turn's CPU when it
 * ran per card (bench/README.md). A Template is meant to be "bound to different data objects in a
 * loop" (the library's words) and expand() is synchronous, so one instance serves every turn.
 * One per locale: the fixed texts and verbs (`${$root.t.…}`, `${$root.verbs.…}`, two in five of
 * all expressions) are written in beforehand, so a turn evaluates only what depends on its data
 * (test/cards/template-coverage.ts checks every card case against the plain expansion).
 */
let templates: Map<string, Template> | undefined;
function loadTemplates(): Map<string, Template> {
  if (templates) return templates;
  templates = new Map();
  for (const f of readdirSync(CARDS_DIR).filter((f) => f.endsWith(".json"))) {
    const json: unknown = JSON.parse(readFileSync(new URL(f, CARDS_DIR), "utf8"));
    for (const locale of LOCALES) {
      const fixed = { t: STRINGS[locale], verbs: VERBS };
      templates.set(`${f.slice(0, -5)}:${locale}`, new Template(bindFixed(json, fixed)));
    }
  }
  return templates;
}

/** A whole `${$root.t.a.b}` or `${$root.verbs.x}` inside a string, path captured. */
const FIXED = /\$\{\$root\.((?:t|verbs)(?:\.[A-Za-z0-9_]+)+)\}/g;

/** The template with each fixed text that resolves to a plain string written in; the rest kept. */
function bindFixed(node: unknown, fixed: object): unknown {
  if (typeof node === "string") {
    return node.replace(FIXED, (expr, path: string) => {
      let v: unknown = fixed;
      for (const key of path.split("."))
        v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
      return typeof v === "string" && !v.includes("${") ? v : expr;
    });
  }
  if (Array.isArray(node)) return node.map((n) => bindFixed(n, fixed));
  if (typeof node === "object" && node !== null)
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, bindFixed(v, fixed)]));
  return node;
}

export type CardName =
  | "welcome"
  | "notice"
  | "answer"
  | "assess-form"
  | "assess-result"
  | "consent-form"
  | "consent-result"
  | "kallelse-form"
  | "invitation"
  | "tracking"
  | "flag-form"
  | "flag-contact"
  | "flag-status"
  | "stats"
  | "mine"
  | "plan-form"
  | "plan"
  | "lead-assigned"
  | "record-answer"
  | "reminder";

/**
 * Expands `cards/<name>.json` with the data, the locale's strings as `$root.t` and the verbs
 * as `$root.verbs`. Callers pass every field a template reads: the templating engine leaves an
 * unresolved `${…}` in the card as it is, and a test checks that none ever reaches a user.
 * Every string in `data` is shown as text, Markdown escaped, unless marked `ours()` (shown.ts).
 */
export function renderCard(name: CardName, locale: Locale, data: object = {}): Card {
  const template = loadTemplates().get(`${name}:${locale}`);
  if (!template) throw new Error(`Card template cards/${name}.json is missing`);
  const root = { ...(protect(data) as object), t: STRINGS[locale], verbs: VERBS, locale };
  return present(template.expand({ $root: root }) as Card);
}

export function attachment(card: Card): Attachment {
  return CardFactory.adaptiveCard(card);
}
