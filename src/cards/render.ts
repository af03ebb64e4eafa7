import { readdirSync, readFileSync } from "node:fs";
import { Template } from "adaptivecards-templating";
import { CardFactory, type Attachment } from "botbuilder";
import { VERBS } from "./verbs.js";
import type { Locale } from "../sip/index.js";
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
 */
let templates: Map<string, Template> | undefined;
function loadTemplates(): Map<string, Template> {
  templates ??= new Map(
    readdirSync(CARDS_DIR)
      .filter((f) => f.endsWith(".json"))
      .map((f) => [f.slice(0, -5), new Template(JSON.parse(readFileSync(new URL(f, CARDS_DIR), "utf8")))]),
  );
  return templates;
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
  | "reminder";

/**
 * Expands `cards/<name>.json` with the data, the locale's strings as `$root.t` and the verbs
 * as `$root.verbs`. Callers pass every field a template reads: the templating engine leaves an
 * unresolved `${…}` in the card as it is, and a test checks that none ever reaches a user.
 */
export function renderCard(name: CardName, locale: Locale, data: object = {}): Card {
  const template = loadTemplates().get(name);
  if (!template) throw new Error(`Card template cards/${name}.json is missing`);
  return template.expand({
    $root: { ...data, t: STRINGS[locale], verbs: VERBS, locale },
  }) as Card;
}

export function attachment(card: Card): Attachment {
  return CardFactory.adaptiveCard(card);
}
