import { readFileSync } from "node:fs";
import { stopwords as englishStopwords } from "@orama/stopwords/english";
import { stopwords as swedishStopwords } from "@orama/stopwords/swedish";
import { stemmer } from "@orama/stemmers/swedish";
import { parse as parseYaml } from "yaml";
import { z } from "zod/v4";

/**
 * Words → search terms: lower case, Swedish stop words (and English ones, since English
 * questions are answered too) dropped, Swedish Snowball stemming. The same function serves the
 * index and the questions, so both sides always agree.
 */
const STOP = new Set([
  ...swedishStopwords,
  ...englishStopwords,
  "sip",
  "kan",
  "ska",
  "måste",
  "behöver",
  "få",
  "gör",
]);

export function words(text: string): string[] {
  return text.toLocaleLowerCase("sv").match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * Words the stemmer would merge with a different word: "tolkar" (interprets) is not "tolk"
 * (interpreter), so the verb tolka keeps a stem of its own.
 */
const STEM_EXCEPTIONS = new Map<string, string>(
  ["tolka", "tolkar", "tolkas", "tolkat", "tolkade", "tolkats"].map((w) => [w, "tolka"]),
);

export function term(word: string): string | null {
  const w = word.toLocaleLowerCase("sv");
  if (STOP.has(w) || w.length < 2) return null;
  return STEM_EXCEPTIONS.get(w) ?? stemmer(w);
}

export const SYNONYMS_FILE = new URL("../../knowledge/synonyms.yml", import.meta.url);
const SynonymsSchema = z.array(z.array(z.string().min(1)).min(2));

/**
 * Synonym groups (knowledge/synonyms.yml) plus each article's own synonyms, as phrases of words.
 * A question that contains any phrase of a group is searched with the group's other phrases too.
 */
export class Synonyms {
  private constructor(private readonly groups: string[][][]) {}

  static load(file: URL = SYNONYMS_FILE): Synonyms {
    const groups = SynonymsSchema.parse(parseYaml(readFileSync(file, "utf8")));
    return new Synonyms(groups.map((g) => g.map((phrase) => words(phrase))));
  }

  /** All words of the groups that have a phrase containing this word. */
  groupWordsOf(word: string): string[] {
    return this.groups.filter((g) => g.some((phrase) => phrase.includes(word))).flatMap((g) => g.flat());
  }

  /** The other phrases of every group the question mentions, as extra words to search for. */
  expand(question: string): string[] {
    const q = words(question);
    const extra: string[] = [];
    for (const group of this.groups) {
      if (!group.some((phrase) => containsPhrase(q, phrase))) continue;
      for (const phrase of group) if (!containsPhrase(q, phrase)) extra.push(...phrase);
    }
    return extra;
  }
}

/** Every word of every group a word belongs to, the word itself included. */
export function alternativesOf(synonyms: Synonyms, word: string): string[] {
  return [word, ...synonyms.groupWordsOf(word)];
}

function containsPhrase(haystack: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= haystack.length; i++)
    if (phrase.every((w, j) => haystack[i + j] === w)) return true;
  return false;
}
