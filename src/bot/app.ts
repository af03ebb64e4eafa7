import { Application, type TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes, type Storage, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { RegionKey } from "../sip/index.js";
import type { FlagRepository } from "../store/flags.js";
import { dialogs } from "./dialogs.js";
import type { AppState } from "./state.js";
import { caseContext, type CaseDeps } from "./case-context.js";
import { flagHandlers } from "./flags.js";
import { tenantOf } from "./identity.js";
import { invitationHandlers } from "./invitations.js";
import { kallelseHandlers } from "./kallelse.js";
import { beforeTurn } from "./turn-guard.js";
import { VERBS } from "./verbs.js";

export interface BotDeps extends CaseDeps {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
  /** The HTTP adapter; tests that drive the app through botbuilder's TestAdapter leave it out. */
  adapter?: TeamsAdapter;
  /** Flags onward; when left out they share the case repository's database. */
  flags: FlagRepository;
}

const USERS_DATASET = "sip.users";
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
  const ctx = caseContext(deps);
  const k = kallelseHandlers(deps, ctx);
  const inv = invitationHandlers(deps, ctx);
  const fl = flagHandlers(deps, ctx, deps.flags);

  app.turn("beforeTurn", beforeTurn(deps));

  app.conversationUpdate("membersAdded", async (context) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((m) => m?.id === botId)) await d.welcome(context);
  });
  // Installing the app only needs its conversation reference saved, which beforeTurn did.
  app.activity(ActivityTypes.InstallationUpdate, async () => undefined);

  app.message(command("hjälp", "help", "hej", "hello", "hi", "start", "meny", "menu"), d.welcome);
  app.message(command("bedöm", "bedom", "bedöma", "assess"), (c) => d.sendAssessForm(c));
  // A kallelse starts from a consent check: only a verdict that may proceed digitally can send one.
  app.message(command("samtycke", "consent", "kallelse", "invite"), (c) => d.sendConsentForm(c));
  app.message(command("mina", "mine"), async (c) => {
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
  cards.actionExecute(VERBS.createCase, (c: TurnContext, _s, data: unknown) => k.createCase(c, data));
  cards.actionExecute(VERBS.kallelseRows, (c: TurnContext, _s, data: unknown) => k.moreRows(c, data));
  cards.actionExecute(VERBS.submitKallelse, (c: TurnContext, _s, data: unknown) => k.submit(c, data));
  cards.actionExecute(VERBS.refreshTracking, (c: TurnContext, _s, data: unknown) =>
    k.refreshTracking(c, data),
  );
  cards.actionExecute(VERBS.acceptInvite, (c: TurnContext, _s, data: unknown) => inv.accept(c, data));
  cards.actionExecute(VERBS.declineInvite, (c: TurnContext, _s, data: unknown) => inv.decline(c, data));
  cards.actionExecute(VERBS.substituteInvite, (c: TurnContext, _s, data: unknown) => inv.substitute(c, data));
  cards.actionExecute(VERBS.forwardInvite, (c: TurnContext, _s, data: unknown) => inv.forward(c, data));
  cards.actionExecute(VERBS.refreshInvite, (c: TurnContext, _s, data: unknown) => inv.refresh(c, data));
  cards.actionExecute(VERBS.openFlag, (c: TurnContext, _s, data: unknown) => fl.open(c, data));
  cards.actionExecute(VERBS.sendFlag, (c: TurnContext, _s, data: unknown) => fl.send(c, data));
  cards.actionExecute(VERBS.takeFlag, (c: TurnContext, _s, data: unknown) => fl.take(c, data));
  cards.actionExecute(VERBS.passFlag, (c: TurnContext, _s, data: unknown) => fl.pass(c, data));
  cards.actionExecute(VERBS.refreshFlag, (c: TurnContext, _s, data: unknown) => fl.refresh(c, data));
  // Typeahead for "who" on the kallelse and invitation cards: colleagues the bot can reach.
  cards.search(USERS_DATASET, async (context, _state, query) => {
    const found = await deps.refs.searchByName(
      tenantOf(context.activity),
      query.parameters.queryText,
      query.count || 15,
    );
    return found.map((r) => ({ title: r.displayName ?? r.userId, value: r.userId }));
  });
  // Any other verb (an old card, a forged payload): a clear error card, never a 5xx.
  cards.actionExecute(/.*/, (c: TurnContext) => d.unknownAction(c));

  // Any other text is a question; the knowledge base answers it once it lands.
  app.message(/[\s\S]*/, d.question);
  // An invoke no route took (a malformed Action.Execute, an invoke name we do not serve) still
  // gets an answer: botbuilder would otherwise reply 501.
  app.activity(ActivityTypes.Invoke, d.unhandledInvoke);
  return app;
}
