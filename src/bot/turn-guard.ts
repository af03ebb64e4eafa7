import type { TurnContext } from "botbuilder";
import { ActivityTypes } from "botbuilder";
import type { Logger } from "pino";
import type { Card } from "../cards/render.js";
import type { Clock } from "../clock.js";
import { stockholmToday } from "../clock.js";
import { noticeCard } from "../cards/assess-consent-views.js";
import { refFromActivity, type ConversationRef } from "../services/people.js";
import { tenantOf } from "./identity.js";
import { localeOf } from "./locale.js";
import { containsPersonnummer, personnummerFields } from "./pnr-guard.js";
import { replyWithCard } from "./reply.js";
import { VERBS, type Verb } from "../cards/verbs.js";

export interface RefSink {
  save(ref: ConversationRef): Promise<void>;
}

/**
 * A form verb's answer to a submit refused for a personnummer: the same form, values as typed,
 * `fields` (top-level keys of the card data) marked. Undefined when the form cannot mark every
 * one of them, or the presser may not see that form: the guard then sends the notice card.
 */
export type RefusedForm = (
  context: TurnContext,
  data: unknown,
  fields: string[],
) => Promise<Card | undefined>;
export type RefusedForms = Partial<Record<Verb, RefusedForm>>;

const ACTION_INVOKE = "adaptiveCard/action";
const MAX_REMEMBERED = 100_000;
const SEARCH_INVOKE = "application/search";
const KNOWN_VERBS: readonly string[] = Object.values(VERBS);
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;
/** Names safe to log: letters first, so never a number (types, field ids). */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * Runs before every route. Refuses a turn whose text or card payload looks like it holds a
 * personnummer (the text is neither stored nor logged), and keeps the user's conversation
 * reference fresh for later proactive cards: saved on install, on first contact, and again
 * once a day at most, since Teams may move a user to another serviceUrl.
 *
 * Decision: this is the one place that decides a refusal; `refusedForms` only re-render. A submit
 * comes back as its form with the user's own values (in the invoke response, to that user only,
 * never stored) and the field marked, so nothing typed is lost; a typeahead query gets an empty
 * result list; anything else (chat text, a verb without a form) the notice card. The log gets the
 * event, the verb and the field names only, and only names that cannot carry a number.
 */
export function beforeTurn(deps: {
  refs: RefSink;
  clock: Clock;
  logger: Logger;
  refusedForms?: RefusedForms;
}) {
  // When each user's reference was last saved (Stockholm date), in this process: at most one save
  // a day per user and instance, and no state to read from the database on every turn. A restart
  // forgets it, which costs one upsert per user. Bounded: a full map starts over.
  const savedOn = new Map<string, string>();
  const remember = (who: string, day: string) => {
    if (savedOn.size >= MAX_REMEMBERED) savedOn.clear();
    savedOn.set(who, day);
  };
  return async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    const inText = containsPersonnummer(activity.text);
    if (inText || containsPersonnummer(activity.value)) {
      const value: unknown = activity.value;
      activity.text = "";
      activity.value = undefined;
      await refuse(context, value, inText, deps);
      return false;
    }
    const today = stockholmToday(deps.clock);
    const isInstall =
      activity.type === ActivityTypes.InstallationUpdate ||
      activity.type === ActivityTypes.ConversationUpdate;
    const who = `${tenantOf(activity)}\u0000${activity.from?.id ?? ""}`;
    if (isInstall || savedOn.get(who) !== today) {
      const ref = refFromActivity(activity);
      if (ref) {
        await deps.refs.save(ref);
        // Install activities carry no display name: save again on the next turn that has one.
        if (ref.displayName) remember(who, today);
      }
    }
    return true;
  };
}

async function refuse(
  context: TurnContext,
  value: unknown,
  inText: boolean,
  deps: { logger: Logger; refusedForms?: RefusedForms },
): Promise<void> {
  const { activity } = context;
  const isInvoke = activity.type === ActivityTypes.Invoke;
  const action = isInvoke && activity.name === ACTION_INVOKE && isObj(value) ? value.action : undefined;
  const verb = isObj(action) && typeof action.verb === "string" ? action.verb : undefined;
  const known = verb !== undefined && KNOWN_VERBS.includes(verb) ? (verb as Verb) : undefined;
  const data = isObj(action) ? action.data : undefined;
  const fields = personnummerFields(data);
  deps.logger.warn(
    {
      event: "pnr_refused",
      activityType: NAME.test(activity.type) ? activity.type : "other",
      ...(isInvoke ? { invoke: activity.name === SEARCH_INVOKE ? "search" : (known ?? "other") } : {}),
      ...(fields.length ? { fields: fields.filter((f) => NAME.test(f)) } : {}),
    },
    "personnummer-like input refused",
  );
  if (isInvoke && activity.name === SEARCH_INVOKE) {
    // The same body teams-ai's AdaptiveCards.search sends, with nothing found.
    const body = { type: "application/vnd.microsoft.search.searchResponse", value: { results: [] } };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    return;
  }
  // Only a number in the form's own fields is re-rendered: one elsewhere in the invoke is no typo.
  const elsewhere =
    inText ||
    (isObj(value) && isObj(action) && containsPersonnummer({ ...value, action: { ...action, data: null } }));
  const form = known && fields.length && !elsewhere ? deps.refusedForms?.[known] : undefined;
  let card: Card | undefined;
  try {
    card = form && (await form(context, data, fields));
  } catch {
    // A failing re-render must not turn a refusal into an error; its values stay out of the log.
    deps.logger.warn({ event: "pnr_form_failed", invoke: known });
  }
  await replyWithCard(context, card ?? noticeCard(localeOf(activity), "pnr"));
}
