import { readdirSync } from "node:fs";
import type * as Render from "../../src/cards/render.js";

/** Every template in cards/, by the name renderCard takes. */
export const TEMPLATES = readdirSync(new URL("../../cards/", import.meta.url))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort();

/** The templates renderCard has expanded so far in this test file. */
export const rendered = new Set<string>();

/**
 * render.ts with renderCard noting each template it expands, for `vi.mock`: a Card does not say
 * which template it came from, and the views call renderCard through their own import of it.
 */
export function recording(real: typeof Render): typeof Render {
  return {
    ...real,
    renderCard: (name, locale, data) => {
      rendered.add(name);
      return real.renderCard(name, locale, data);
    },
  };
}
