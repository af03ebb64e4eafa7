/** Reading a rendered Adaptive Card's form the way a user sees it: inputs and the marks under them. */
type Element = Record<string, unknown>;

/** Inputs (anything with an id) and TextBlocks in document order, through containers and show-cards. */
function elements(card: unknown): Element[] {
  const out: Element[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Element;
      if (typeof o.id === "string" || o.type === "TextBlock") out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The value an input shows, or undefined when the card has no such input. */
export const inputValue = (card: unknown, id: string): unknown =>
  elements(card).find((e) => e.id === id)?.value;

/** The error shown right under an input (a TextBlock in Attention colour), or undefined. */
export function fieldMark(card: unknown, id: string): unknown {
  const all = elements(card);
  const at = all.findIndex((e) => e.id === id);
  const next = at >= 0 ? all[at + 1] : undefined;
  return next?.type === "TextBlock" && next.color === "Attention" ? next.text : undefined;
}
