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

/** Every URL of the tracking card's "Svarslänk" buttons (Action.OpenUrl), by the row's name. */
export function answerLinks(card: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, name: string): void => {
    if (Array.isArray(v)) {
      let current = name;
      for (const x of v) {
        const o = x as Record<string, unknown> | null;
        if (o && o.type === "TextBlock" && o.weight === "Bolder" && typeof o.text === "string")
          current = o.text;
        walk(x, current);
      }
    } else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.type === "Action.OpenUrl" && typeof o.url === "string" && o.url.includes("/svar/"))
        out.set(name, o.url);
      for (const x of Object.values(o)) walk(x, name);
    }
  };
  walk(card, "");
  return out;
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
