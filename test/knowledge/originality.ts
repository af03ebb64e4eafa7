import { existsSync, readdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * "In our own words": the longest run of consecutive words an article shares with the sources.
 * Text is compared as lower-case words of letters and digits only, so punctuation and line
 * breaks in the seeds cannot hide a pasted sentence.
 */
// The sources sit beside the checkout (../shared/seeds), as on every dev machine and in CI.
export const SEEDS_DIR = process.env.SIP_SEEDS_DIR
  ? pathToFileURL(`${process.env.SIP_SEEDS_DIR.replace(/\/+$/, "")}/`)
  : new URL("../../../shared/seeds/", import.meta.url);
export const RUN = 8;

const norm = (text: string) => text.toLocaleLowerCase("sv").match(/[\p{L}\p{N}]+/gu) ?? [];

export function seedRuns(dir: URL = SEEDS_DIR, n = RUN): Set<string> {
  if (!existsSync(dir)) throw new Error(`Source documents not found at ${dir.pathname}: set SIP_SEEDS_DIR`);
  const runs = new Set<string>();
  for (const f of readdirSync(dir)) {
    const w = norm(readFileSync(new URL(f, dir), "utf8"));
    for (let i = 0; i + n <= w.length; i++) runs.add(w.slice(i, i + n).join(" "));
  }
  return runs;
}

/** Every run of `n` words of the text that also occurs in the sources. */
export function sharedRuns(text: string, runs: Set<string>, n = RUN): string[] {
  const w = norm(text);
  const hits: string[] = [];
  for (let i = 0; i + n <= w.length; i++) {
    const run = w.slice(i, i + n).join(" ");
    if (runs.has(run)) hits.push(run);
  }
  return hits;
}
