import { ActivityTypes, MessageFactory, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import {
  assessFormCard,
  assessResultCard,
  consentFormCard,
  consentResultCard,
  noticeCard,
  welcomeCard,
} from "../cards/assess-consent-views.js";
import { stockholmToday, type Clock } from "../clock.js";
import type { Services } from "../services/index.js";
import { assess, checkConsent, type Locale, type RegionKey } from "../sip/index.js";
import {
  assessValues,
  consentValues,
  parseAssessForm,
  parseConsentForm,
  refusedAssessForm,
  refusedConsentForm,
} from "./forms.js";
import { field, newCardKey, uuid } from "./card-data.js";
import { localeOf } from "./locale.js";
import { auditActorOf } from "./identity.js";
import { replyWithCard } from "./reply.js";

export interface DialogDeps {
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
  /** Counts each assessment for the statistics (codes only). */
  services: Pick<Services, "stats">;
}

/** Card data may carry `prefill` (the values to show again); anything else in it is ignored. */
const prefillOf = (data: unknown) => field(data, "prefill");
/** A case id carried by a card (a flag taken over awaits its consent check); checked where used. */
const caseIdOf = (data: unknown) => uuid(data, "caseId") ?? "";

/**
 * The assessment and consent dialogs. Each handler translates: card data in → rules engine →
 * card out. A form with bad values comes back as the same form, values kept, errors beside
 * the fields; a payload no form could have sent gets a clear error card.
 */
export function assessConsentHandlers({ clock, logger, defaultRegion, services }: DialogDeps) {
  const send = (context: TurnContext, card: Card) =>
    context.sendActivity(MessageFactory.attachment(attachment(card)));

  return {
    welcome: async (context: TurnContext) => {
      await send(context, welcomeCard(localeOf(context.activity)));
    },
    sendAssessForm: async (context: TurnContext, data?: unknown) => {
      await send(
        context,
        assessFormCard(localeOf(context.activity), assessValues(prefillOf(data), defaultRegion)),
      );
    },
    sendConsentForm: async (context: TurnContext, data?: unknown) => {
      await send(
        context,
        consentFormCard(
          localeOf(context.activity),
          consentValues(prefillOf(data), defaultRegion),
          {},
          caseIdOf(data),
        ),
      );
    },
    /** Action.Execute "open": the form comes as a new message; the clicked card stays as it was. */
    openedBelow: async (context: TurnContext) => STRINGS[localeOf(context.activity)].notice.formBelow,
    /** The welcome card's "Ställ en fråga" explains how (an old card's "Mina SIP": app.ts). */
    comingSoon: async (context: TurnContext, data?: unknown) => {
      const n = STRINGS[localeOf(context.activity)].notice;
      return field(data, "feature") === "ask" ? n.askHint : n.soonText;
    },

    submitAssess: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const form = parseAssessForm(data, defaultRegion);
      if ("unreadable" in form) return unreadable(locale, "assess");
      if (!form.ok) return assessFormCard(locale, form.values, form.errors);
      // Today from the injected clock, so an expired regional document is noted on the card.
      const result = assess({ ...form.input, today: stockholmToday(clock) }, locale);
      // Debug only: the audit log counts every assessment (stats), and a line per submit was a
      // few per cent of the turn's CPU at LOG_LEVEL=info (bench/README.md).
      logger.debug({ event: "assessed", recommendation: result.recommendation, region: form.input.region });
      const region = form.input.region ?? defaultRegion;
      await services.stats.assessed(auditActorOf(context.activity), result.recommendation, region);
      return assessResultCard(locale, result, form.values);
    },

    submitConsent: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const form = parseConsentForm(data, defaultRegion, stockholmToday(clock));
      if ("unreadable" in form) return unreadable(locale, "consent");
      if (!form.ok) return consentFormCard(locale, form.values, form.errors, caseIdOf(data));
      const result = checkConsent(form.input, locale);
      logger.info({ event: "consent_checked", verdict: result.verdict, channel: result.channel });
      // A fresh key per verdict card: its "Skapa ärende och kallelse" creates one case (kallelse.ts).
      return consentResultCard(locale, result, form.values, caseIdOf(data), newCardKey());
    },

    /** A submit refused for a personnummer (turn-guard.ts): the same form, typed values kept. */
    refusedAssess: async (context: TurnContext, data: unknown, fields: string[]) => {
      const form = refusedAssessForm(data, defaultRegion, fields);
      return form && assessFormCard(localeOf(context.activity), form.values, form.errors);
    },
    refusedConsent: async (context: TurnContext, data: unknown, fields: string[]) => {
      const form = refusedConsentForm(data, defaultRegion, fields);
      return form && consentFormCard(localeOf(context.activity), form.values, form.errors, caseIdOf(data));
    },

    unhandledInvoke: async (context: TurnContext) => {
      logger.warn({ event: "unhandled_invoke" });
      if (context.activity.name === "adaptiveCard/action")
        await replyWithCard(context, noticeCard(localeOf(context.activity), "unknownAction"));
      else await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    },

    unknownAction: async (context: TurnContext): Promise<Card> => {
      logger.warn({ event: "unknown_verb" });
      return noticeCard(localeOf(context.activity), "unknownAction");
    },
  };

  function unreadable(locale: Locale, dialog: string): Card {
    logger.warn({ event: "unreadable_payload", dialog });
    return noticeCard(locale, "badPayload");
  }
}
