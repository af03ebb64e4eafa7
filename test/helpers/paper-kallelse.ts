import { VERBS } from "../../src/cards/verbs.js";
import { MAY_PROCEED_CONSENT, MEETING_FIELDS } from "../fixtures/kallelse.js";
import { cardText } from "./activities.js";
import { dataOf, type Person } from "./multi-user.js";

/** What multiUser gives a test: a press, the cards a person got, the server's database. */
interface Harness {
  invoke(p: Person, verb: string, data: unknown, replyToId?: string): Promise<Record<string, unknown>>;
  cardsTo(p: Person, method?: string): unknown[];
  connector: { clear(): unknown };
}

interface RowActions {
  urls: string[];
  /** Each Action.Execute's data, by its verb. */
  verbs: Map<string, Record<string, unknown>>;
}

/** The tracking card's actions, by the name of the row (a bold TextBlock) they follow. */
function rowActions(card: unknown): Map<string, RowActions> {
  const out = new Map<string, RowActions>();
  const at = (name: string): RowActions => {
    const row = out.get(name) ?? { urls: [], verbs: new Map() };
    out.set(name, row);
    return row;
  };
  const walk = (v: unknown, name: string): void => {
    if (Array.isArray(v)) {
      let current = name;
      for (const x of v) {
        const o = x as Record<string, unknown> | null;
        if (o && o.type === "TextBlock" && o.weight === "Bolder" && typeof o.text === "string")
          current = o.text.replace(/\\(.)/g, "$1"); // as typed: a name's Markdown is escaped on cards
        walk(x, current);
      }
    } else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.type === "Action.OpenUrl" && typeof o.url === "string") at(name).urls.push(o.url);
      if (o.type === "Action.Execute" && typeof o.verb === "string")
        at(name).verbs.set(o.verb, o.data as Record<string, unknown>);
      for (const x of Object.values(o)) walk(x, name);
    }
  };
  walk(card, "");
  return out;
}

/** Every URL of the tracking card's "Svarslänk" buttons (Action.OpenUrl), by the row's name. */
export function answerLinks(card: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, row] of rowActions(card)) {
    const url = row.urls.find((u) => u.includes("/svar/"));
    if (url) out.set(name, url);
  }
  return out;
}

/** Every printable letter's URL (/kallelse/<token>) on a card, however deep. */
export const letterUrls = (card: unknown): string[] =>
  [...JSON.stringify(card).matchAll(/"url":"([^"]+\/kallelse\/[A-Za-z0-9_-]{43})"/g)].map((m) =>
    String(m[1]),
  );

/** The data of `verb` on the named row of a tracking card ("Hämta utskrift", "Återkalla länken", …). */
export function rowData(card: unknown, name: string, verb: string): Record<string, unknown> | undefined {
  return rowActions(card).get(name)?.verbs.get(verb);
}

/**
 * Presses "Hämta utskrift" on the named row of a tracking card as the convener. Returns the card it
 * answers with and the links shown there, the only place they ever are: letter, .ics, answer page.
 */
export async function mintLinks(
  press: (p: Person, verb: string, data: unknown) => Promise<unknown>,
  convener: Person,
  tracking: unknown,
  name: string,
) {
  const data = rowData(tracking, name, VERBS.mintPrintLink);
  if (!data) throw new Error(`no "Hämta utskrift" for ${name}`);
  const card = await press(convener, VERBS.mintPrintLink, data);
  const urls = rowActions(card).get(name)?.urls ?? [];
  const find = (re: RegExp) => urls.find((u) => re.test(u)) ?? "";
  return {
    card,
    letter: find(/\/kallelse\/[A-Za-z0-9_-]{43}$/),
    ics: find(/\/kallelse\/[A-Za-z0-9_-]{43}\.ics$/),
    answer: find(/\/svar\/[A-Za-z0-9_-]{43}$/),
  };
}

/**
 * A case and a kallelse from the convener to a Teams partner (Anna) and two partners on paper
 * (Eva, whose organisation's name needs escaping, and Erik); the tracking card is the activity
 * "form-1" in the convener's chat. Returns the ids and the tracking card once all are delivered.
 */
export async function paperKallelse(h: Harness, convener: Person, anna: Person) {
  h.connector.clear();
  await h.invoke(convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
  const form = h.cardsTo(convener)[0];
  const caseId = String(dataOf(form, VERBS.submitKallelse)?.caseId);
  const code = cardText(form).match(/SIP-[A-Z0-9]{4}/)?.[0] ?? "";
  const external = (n: number, name: string, organisation: string) => ({
    [`p${n}Who`]: "external",
    [`p${n}Name`]: name,
    [`p${n}Organisation`]: organisation,
    [`p${n}OrgType`]: "forsakringskassan",
    [`p${n}Role`]: "invited",
    [`p${n}Contribution`]: "Information om ersättning",
  });
  const first = await h.invoke(
    convener,
    VERBS.submitKallelse,
    {
      caseId,
      rows: "3",
      ...MEETING_FIELDS,
      p1Who: anna.id,
      p1OrgType: "region",
      p1Role: "convened",
      p1Contribution: "Bedömning från BUP",
      ...external(2, "Eva Extern", 'FK <Väst> & "Co"'),
      ...external(3, "Erik Extern", "Arbetsförmedlingen"),
      balanceAck: "true",
    },
    "form-1",
  );
  const kallelseId = String(dataOf(first, VERBS.refreshTracking)?.kallelseId);
  const tracking = h.cardsTo(convener, "PUT").at(-1);
  return { caseId, code, kallelseId, tracking };
}
