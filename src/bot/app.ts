import { Application, type TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes, type Storage, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { RegionKey } from "../sip/index.js";
import { dialogs } from "./dialogs.js";
import type { AppState } from "./state.js";
import { beforeTurn, type RefSink } from "./turn-guard.js";
import { VERBS } from "./verbs.js";

export interface BotDeps {
  storage: Storage;
  refs: RefSink;
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
  /** The HTTP adapter; tests that drive the app through botbuilder's TestAdapter leave it out. */
  adapter?: TeamsAdapter;
}

const command = (...words: string[]) => new RegExp(`^\\s*(${words.join("|")})\\s*[.!]?\\s*$`, "i");

/**
 * Every route of the bot, in the order teams-ai matches them. Handlers only translate between
 * activities and the dialogs; the rules live in src/sip/.
 */
export function createBot(deps: BotDeps): Application<AppState> {
  const app = new Application<AppState>({
    storage: deps.storage,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    // Cards answer within milliseconds; a typing indicator would only add a send per turn.
    startTypingTimer: false,
  });
  const d = dialogs(deps);

  app.turn("beforeTurn", beforeTurn(deps));

  app.conversationUpdate("membersAdded", async (context) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((m) => m?.id === botId)) await d.welcome(context);
  });
  // Installing the app only needs its conversation reference saved, which beforeTurn did.
  app.activity(ActivityTypes.InstallationUpdate, async () => undefined);

  app.message(command("hjälp", "help", "hej", "hello", "hi", "start", "meny", "menu"), d.welcome);
  app.message(command("bedöm", "bedom", "bedöma", "assess"), (c) => d.sendAssessForm(c));
  app.message(command("samtycke", "consent"), (c) => d.sendConsentForm(c));
  app.message(command("kallelse", "invite", "mina", "mine"), async (c) => {
    await c.sendActivity(await d.comingSoon(c));
  });

  const cards = app.adaptiveCards;
  cards.actionExecute(VERBS.openAssess, async (c: TurnContext, _s, data: unknown) => {
    await d.sendAssessForm(c, data);
    return d.openedBelow(c);
  });
  cards.actionExecute(VERBS.openConsent, async (c: TurnContext, _s, data: unknown) => {
    await d.sendConsentForm(c, data);
    return d.openedBelow(c);
  });
  cards.actionExecute(VERBS.comingSoon, (c: TurnContext) => d.comingSoon(c));
  cards.actionExecute(VERBS.submitAssess, (c: TurnContext, _s, data: unknown) => d.submitAssess(c, data));
  cards.actionExecute(VERBS.submitConsent, (c: TurnContext, _s, data: unknown) => d.submitConsent(c, data));
  // Any other verb (an old card, a forged payload): a clear error card, never a 5xx.
  cards.actionExecute(/.*/, (c: TurnContext) => d.unknownAction(c));

  // Any other text is a question; the knowledge base answers it once it lands.
  app.message(/[\s\S]*/, d.question);
  // An invoke no route took (a malformed Action.Execute, an invoke name we do not serve) still
  // gets an answer: botbuilder would otherwise reply 501.
  app.activity(ActivityTypes.Invoke, d.unhandledInvoke);
  return app;
}
