import { readdirSync, readFileSync } from "node:fs";
import { Template } from "adaptivecards-templating";
import type * as Render from "../../src/cards/render.js";
import { VERBS } from "../../src/cards/verbs.js";
import { present, protect } from "../../src/cards/shown.js";

/** Every template in cards/, by the name renderCard takes. */
export const TEMPLATES = readdirSync(new URL("../../cards/", import.meta.url))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort();

/** The templates renderCard has expanded so far in this test file. */
export const rendered = new Set<string>();

/** Cards that differ from expanding the template file as it is (render.ts binds fixed texts first). */
export const unlike: string[] = [];
const raw = new Map<string, Template>();
function plainExpansion(real: typeof Render, name: string, locale: "sv" | "en", data: object = {}) {
  if (!raw.has(name))
    raw.set(
      name,
      new Template(JSON.parse(readFileSync(new URL(`../../cards/${name}.json`, import.meta.url), "utf8"))),
    );
  // The data shown as text the same way (shown.ts): only the binding of fixed texts may differ.
  const root = { ...(protect(data) as object), t: real.STRINGS[locale], verbs: VERBS, locale };
  return present(raw.get(name)?.expand({ $root: root }));
}

/**
 * render.ts with renderCard noting each template it expands, for `vi.mock`: a Card does not say
 * which template it came from, and the views call renderCard through their own import of it.
 */
export function recording(real: typeof Render): typeof Render {
  return {
    ...real,
    renderCard: (name, locale, data) => {
      rendered.add(name);
      const card = real.renderCard(name, locale, data);
      if (JSON.stringify(card) !== JSON.stringify(plainExpansion(real, name, locale, data)))
        unlike.push(`${name} (${locale})`);
      return card;
    },
  };
}
