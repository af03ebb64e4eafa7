import { MessageFactory, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { Flag, FlagAssessment } from "../cases/flag.js";
import { messageCard } from "../cards/case-views.js";
import { flagFormCard, flagRefusal } from "../cards/flag-views.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import { assessResultCard, noticeCard } from "../cards/assess-consent-views.js";
import type { Services } from "../services/index.js";
import { assess, type Locale, type RegionKey } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { field, text, uuid } from "./card-data.js";
import { parseAssessForm } from "./forms.js";
import { actingOf, actorOf } from "./identity.js";
import { localeOf } from "./locale.js";

/**
 * Flag the need onward (stafettpinnen), translated: the card's data is parsed here and the flag
 * service (services/flags.ts) delivers, stores and moves the flag; only the current holder can
 * act, only the reporter sees the status card.
 */
export function flagHandlers(deps: { services: Services; logger: Logger; defaultRegion: RegionKey }) {
  const { flags, people } = deps.services;
  const send = (context: TurnContext, card: Card) =>
    context.sendActivity(MessageFactory.attachment(attachment(card)));

  /** The assessment re-run from the card's form values: what the card claims is never trusted. */
  function reassess(data: unknown, locale: Locale) {
    const form = parseAssessForm(field(data, "prefill"), deps.defaultRegion);
    if (!form.ok) return { ok: false as const, refusal: noticeCard(locale, "badPayload") };
    const result = assess(form.input, locale);
    const why = flagRefusal(locale, result);
    if (why)
      return {
        ok: false as const,
        refusal: messageCard(locale, why),
        resultCard: assessResultCard(locale, result, form.values),
      };
    const assessment: FlagAssessment = {
      recommendation: result.recommendation,
      codes: result.reasons.map((r) => r.code),
      region: form.input.region ?? deps.defaultRegion,
      // The deadlines of whoever takes the need over (assess.ts, CONTRACT v2 rule 3): first contact
      // is theirs, not the reporter's, so the dates are counted as for one who may convene.
      deadlines: assess({ ...form.input, reporterRole: "social_services" }, locale).deadlines.map(
        ({ kind, due }) => ({ kind, due }),
      ),
    };
    return { ok: true as const, values: form.values, assessment };
  }

  /** Only the current holder may act; anyone else is refused and nothing changes. */
  async function held(context: TurnContext, data: unknown, locale: Locale) {
    const id = uuid(data, "flagId");
    const f = id ? await flags.held(actorOf(context.activity), id) : "not_found";
    if (f === "not_found") return { refusal: messageCard(locale, STRINGS[locale].flags.errors.notFound) };
    if (f === "not_yours") return { refusal: messageCard(locale, STRINGS[locale].flags.errors.notYours) };
    // A second press on a flag already taken: show what is stored.
    if (f.status === "taken") return { refusal: await flags.storedHolderCard(locale, f) };
    return { flag: f };
  }

  const statusOf = async (locale: Locale, f: Flag) =>
    flags.statusCard(locale, f, await flags.reporterState(f));

  return {
    /** "Flagga behovet vidare" on an assessment result: the flag form comes as a new message. */
    open: async (context: TurnContext, data: unknown): Promise<Card | string> => {
      const locale = localeOf(context.activity);
      const r = reassess(data, locale);
      if (!r.ok) {
        if (!r.resultCard) return r.refusal;
        await send(context, r.refusal);
        return r.resultCard;
      }
      // Nothing picked yet: the picker starts empty (no directory, see case-views.ts).
      await send(context, flagFormCard(locale, { prefill: r.values, assessment: r.assessment, users: [] }));
      return STRINGS[locale].notice.formBelow;
    },

    /** "Skicka": deliver the holder's card first, store the flag only once it has arrived. */
    send: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const { activity } = context;
      const t = STRINGS[locale].flags.form;
      const r = reassess(data, locale);
      if (!r.ok) return r.refusal;
      const formAt = activity.replyToId
        ? { conversationId: activity.conversation.id, activityId: activity.replyToId }
        : undefined;
      const earlier = formAt && (await flags.sentFrom(actorOf(activity), formAt));
      if (earlier) return statusOf(locale, earlier);
      const contactId = text(data, "contactId");
      const form = async (error: string) =>
        flagFormCard(locale, {
          prefill: r.values,
          assessment: r.assessment,
          // The contact may be a colleague of another served tenant ("Name (Organisation)").
          users: await people.partnerChoices(actingOf(activity), [contactId], locale),
          contactId,
          error,
        });
      if (!contactId) return form(t.pickSomeone);
      if (contactId === activity.from.id) return form(t.notYourself);
      const sent = await flags.send(actingOf(activity), {
        contactId,
        assessment: r.assessment,
        ...(formAt ? { form: formAt } : {}),
      });
      if (sent.kind === "unknown_user") return form(t.unknownUser);
      if (sent.kind === "unreachable") return form(fill(t.unreachable, { name: sent.name }));
      return flags.statusCard(locale, sent.flag, { kind: "waiting", name: sent.name, passedOn: false });
    },

    /** "Ta över": a case for the holder, created with the flag's change in one transaction. */
    take: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const h = await held(context, data, locale);
      if (!h.flag) return h.refusal;
      const done = await flags.take(actingOf(context.activity), h.flag);
      if (!done) return flags.storedHolderCard(locale, h.flag);
      return flags.holderCard(locale, done.flag, {
        kind: "taken",
        caseId: done.case.id,
        code: done.case.code,
        region: done.case.region,
      });
    },

    /** "Skicka till kollega": the colleague's card goes first; the flag moves only once it arrived. */
    pass: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const h = await held(context, data, locale);
      if (!h.flag) return h.refusal;
      const f = h.flag;
      const t = STRINGS[locale].flags.contact;
      const again = (error: string) => flags.holderCard(locale, f, { kind: "open" }, error);
      const colleagueId = text(data, "colleagueId");
      if (!colleagueId) return again(t.pickColleague);
      if (colleagueId === f.holderUserId) return again(t.notYourself);
      if (colleagueId === f.reporterUserId && f.holderTenantId === f.tenantId)
        return again(fill(t.notReporter, { name: flags.reporterName(f, locale) }));
      const moved = await flags.pass(actingOf(context.activity), f, colleagueId);
      if (moved.kind === "unknown_user") return again(t.unknownUser);
      if (moved.kind === "unreachable") return again(fill(t.unreachable, { name: moved.name }));
      if (moved.kind === "moved_meanwhile") return messageCard(locale, STRINGS[locale].flags.errors.notYours);
      return flags.holderCard(locale, moved.flag, { kind: "passed", name: moved.name });
    },

    /** Teams refreshes the reporter's status card when they open it: show the stored state. */
    refresh: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "flagId");
      const f = id && (await flags.forReporter(actorOf(context.activity), id));
      return f ? statusOf(locale, f) : noticeCard(locale, "unknownAction");
    },

    /**
     * Send or pass refused for a personnummer in its picker (turn-guard.ts): the same card, marked,
     * for whoever may use it (as send and pass). A picker holds an id, never typed text: cleared.
     */
    refusedSend: async (context: TurnContext, data: unknown, fields: string[]) => {
      const locale = localeOf(context.activity);
      const r = fields.every((f) => f === "contactId") ? reassess(data, locale) : undefined;
      const error = STRINGS[locale].notice.pnrField;
      if (!r?.ok) return undefined;
      return flagFormCard(locale, { prefill: r.values, assessment: r.assessment, users: [], error });
    },
    refusedPass: async (context: TurnContext, data: unknown, fields: string[]) => {
      const locale = localeOf(context.activity);
      const h = fields.every((f) => f === "colleagueId") ? await held(context, data, locale) : undefined;
      return h?.flag && flags.holderCard(locale, h.flag, { kind: "open" }, STRINGS[locale].notice.pnrField);
    },
  };
}
