// Deep imports: the package index also loads the AI planners and the openai client (~13 MB).
import { Application } from "@microsoft/teams-ai/lib/Application.js";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { UserChoice } from "../cards/case-views.js";
import type { Card } from "../cards/render.js";
import { VERBS, type Verb } from "../cards/verbs.js";
import type { Clock } from "../clock.js";
import type { Services } from "../services/index.js";
import { observeVerb } from "../telemetry/signals.js";
import type { RegionKey } from "../sip/index.js";
import { assessConsentHandlers } from "./assess-consent.js";
import { field } from "./card-data.js";
import type { AppState } from "./state.js";
import { questionHandlers, type QuestionDeps } from "./questions.js";
import { flagHandlers } from "./flags.js";
import { auditActorOf, tenantOf } from "./identity.js";
import { invitationHandlers } from "./invitations.js";
import { kallelseHandlers } from "./kallelse.js";
import { localeOf } from "./locale.js";
import { mineHandlers } from "./mine.js";
import { planHandlers } from "./plan.js";
import { printLinkHandlers } from "./print-links.js";
import { recordAnswerHandlers } from "./record-answer.js";
import { statsHandlers } from "./stats.js";
import { beforeTurn, type RefusedForms } from "./turn-guard.js";

export interface BotDeps extends QuestionDeps {
  /** The application services (src/services/): every case, invitation and flag goes through them. */
  services: Services;
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
  /** SIP_ADMINS: who may run `stats` (AAD object ids or Teams user ids). */
  admins: readonly string[];
  /** Federation peers' directories (src/federation/client.ts); left out when federation is off. */
  peers?: PeerDirectory;
  /** The HTTP adapter; tests that drive the app through botbuilder's TestAdapter leave it out. */
  adapter?: TeamsAdapter;
}

/** What the bot asks of federation: the typeahead, and the picked peer users it showed. */
export interface PeerDirectory {
  directory(actor: string, query: string): Promise<UserChoice[]>;
  known(values: readonly string[]): Promise<ReadonlyMap<string, PickedPeer>>;
}
export interface PickedPeer {
  keyId: string;
  personId: string;
  name: string;
  peerName: string;
}

const USERS_DATASET = "sip.users";
/** The kallelse's "Vem": colleagues in every served tenant (ALLOWED_TENANTS), people.ts. */
const PARTNERS_DATASET = "sip.partners";
/** The flag's contact and the plan's lead: the same colleagues, without federation peers' people. */
const SERVED_DATASET = "sip.served";
const command = (...words: string[]) => new RegExp(`^\\s*(${words.join("|")})\\s*[.!]?\\s*$`, "i");

/**
 * Every route of the bot, in the order teams-ai matches them. Handlers only translate between
 * activities and the dialogs; the rules live in src/sip/.
 */
export function createBot(deps: BotDeps): Application<AppState> {
  // No storage: the bot keeps no state between turns (every card carries its own data), so a turn
  // reads and writes nothing before it runs (turn-guard.ts keeps its one per-user fact in memory).
  const app = new Application<AppState>({
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    // Cards answer within milliseconds; a typing indicator would only add a send per turn.
    startTypingTimer: false,
  });
  const d = assessConsentHandlers(deps);
  const k = kallelseHandlers(deps);
  const inv = invitationHandlers(deps.services, deps.logger);
  const q = questionHandlers(deps);
  const fl = flagHandlers(deps);
  const links = printLinkHandlers(deps.services);
  const rec = recordAnswerHandlers(deps.services);
  const pl = planHandlers(deps.services);
  const stats = statsHandlers(deps);
  const mine = mineHandlers(deps);

  // A form submit refused for a personnummer comes back as that form, marked (turn-guard.ts).
  const refusedForms: RefusedForms = {
    [VERBS.submitAssess]: d.refusedAssess,
    [VERBS.submitConsent]: d.refusedConsent,
    [VERBS.submitKallelse]: k.refusedForm,
    [VERBS.kallelseRows]: k.refusedForm,
    [VERBS.declineInvite]: inv.refusedForm,
    [VERBS.substituteInvite]: inv.refusedForm,
    [VERBS.forwardInvite]: inv.refusedForm,
    [VERBS.sendFlag]: fl.refusedSend,
    [VERBS.passFlag]: fl.refusedPass,
    [VERBS.savePlan]: pl.refusedForm,
    [VERBS.recordAnswer]: rec.refusedForm,
  };
  const refs = { save: deps.services.people.remember };
  app.turn("beforeTurn", beforeTurn({ refs, clock: deps.clock, logger: deps.logger, refusedForms }));

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
  app.message(command("mina", "mine"), mine.send);
  app.message(command("stats", "statistik"), stats.show);

  const cards = app.adaptiveCards;
  cards.actionExecute(VERBS.openAssess, (c: TurnContext, _s, data: unknown) =>
    observeVerb(VERBS.openAssess, async () => {
      await d.sendAssessForm(c, data);
      return d.openedBelow(c);
    }),
  );
  cards.actionExecute(VERBS.openConsent, (c: TurnContext, _s, data: unknown) =>
    observeVerb(VERBS.openConsent, async () => {
      await d.sendConsentForm(c, data);
      return d.openedBelow(c);
    }),
  );
  cards.actionExecute(VERBS.openMine, (c: TurnContext) => observeVerb(VERBS.openMine, () => mine.open(c)));
  // Card verbs → handlers: each gets the card's data and answers with a card (or a short message).
  const execute: [Verb, (c: TurnContext, data: unknown) => Promise<Card | string>][] = [
    // Welcome cards sent before "Mina SIP" was built still carry it as a "soon" feature.
    [
      VERBS.comingSoon,
      (c, data) => (field(data, "feature") === "mine" ? mine.open(c) : d.comingSoon(c, data)),
    ],
    [VERBS.readArticle, q.read],
    [VERBS.submitAssess, d.submitAssess],
    [VERBS.submitConsent, d.submitConsent],
    [VERBS.createCase, k.createCase],
    [VERBS.kallelseRows, k.moreRows],
    [VERBS.submitKallelse, k.submit],
    [VERBS.refreshTracking, k.refreshTracking],
    [VERBS.narrowScope, k.narrowScope],
    [VERBS.withdrawConsent, k.withdrawConsent],
    [VERBS.revokePrintLink, links.revoke],
    [VERBS.mintPrintLink, links.mint],
    [VERBS.openRecordAnswer, rec.open],
    [VERBS.recordAnswer, rec.save],
    [VERBS.acceptInvite, inv.accept],
    [VERBS.declineInvite, inv.decline],
    [VERBS.substituteInvite, inv.substitute],
    [VERBS.forwardInvite, inv.forward],
    [VERBS.refreshInvite, inv.refresh],
    [VERBS.openFlag, fl.open],
    [VERBS.sendFlag, fl.send],
    [VERBS.takeFlag, fl.take],
    [VERBS.passFlag, fl.pass],
    [VERBS.refreshFlag, fl.refresh],
    [VERBS.showMine, mine.more],
    [VERBS.openPlan, pl.open],
    [VERBS.savePlan, pl.save],
    [VERBS.reminderDone, pl.reminderDone],
    [VERBS.reminderPostpone, pl.reminderPostpone],
    [VERBS.reminderClose, pl.reminderClose],
    [VERBS.reminderFollowUp, (c, data) => pl.reminderFollowUp(c, data, (sip) => k.sendFollowUpForm(c, sip))],
  ];
  // Each press in a span of its verb, counted by outcome (telemetry/signals.ts; no-op unless configured).
  for (const [verb, handler] of execute)
    cards.actionExecute(verb, (c: TurnContext, _state, data: unknown) =>
      observeVerb(verb, () => handler(c, data)),
    );
  // Typeahead for "who" within the organisation (substitute, forward, pass a flag on): the own tenant.
  cards.search(USERS_DATASET, async (context, _state, query) => {
    const { queryText } = query.parameters;
    return deps.services.people.search(tenantOf(context.activity), queryText, query.count || 15);
  });
  cards.search(PARTNERS_DATASET, async (context, _state, query) => {
    const { activity } = context;
    const asker = { tenantId: tenantOf(activity), locale: localeOf(activity) };
    const { queryText } = query.parameters;
    // Peers are asked at the same time; their people follow ours as "Name (peer name)".
    const [ours, theirs] = await Promise.all([
      deps.services.people.searchPartners(asker, queryText, query.count || 15),
      deps.peers?.directory(auditActorOf(activity), queryText) ?? [],
    ]);
    return [...ours, ...theirs];
  });
  // A flag or a plan lead stays within this deployment (its cases and reminders): no peers here.
  cards.search(SERVED_DATASET, async (context, _state, query) => {
    const asker = { tenantId: tenantOf(context.activity), locale: localeOf(context.activity) };
    return deps.services.people.searchPartners(asker, query.parameters.queryText, query.count || 15);
  });
  // Any other verb (an old card, a forged payload): a clear error card, never a 5xx.
  cards.actionExecute(/.*/, (c: TurnContext) => d.unknownAction(c));

  // Any other text is a question for the knowledge base.
  app.message(/[\s\S]*/, q.ask);
  // An invoke no route took (a malformed Action.Execute, an invoke name we do not serve) still
  // gets an answer: botbuilder would otherwise reply 501.
  app.activity(ActivityTypes.Invoke, d.unhandledInvoke);
  return app;
}
