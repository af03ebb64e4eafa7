import { randomUUID } from "node:crypto";
import { MessageFactory, type TurnContext } from "botbuilder";
import { canAct, canView } from "../cases/access.js";
import { messageCard } from "../cards/case-views.js";
import { fill } from "../sip/text.js";
import {
  flagContactCard,
  flagFormCard,
  flagRefusal,
  flagStatusCard,
  type HolderState,
  type ReporterState,
} from "../cards/flag-views.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import { assessResultCard, noticeCard } from "../cards/views.js";
import { assess, type Locale } from "../sip/index.js";
import type { ConversationRef } from "../store/conversation-refs.js";
import type { Flag, FlagAssessment, FlagRepository } from "../store/flags.js";
import type { CaseContext, CaseDeps } from "./case-context.js";
import { field, text, uuid } from "./card-data.js";
import { parseAssessForm } from "./forms.js";
import { actorOf, auditActorOf, tenantOf } from "./identity.js";
import { localeOf } from "./locale.js";

const auditActor = (context: TurnContext) => auditActorOf(context.activity);

/**
 * Flag the need onward (stafettpinnen): a reporter who may not convene sends the assessment, with
 * no personal data, to a social-services or health-care contact, who takes it over (a case is
 * created for them) or passes it to a colleague. Only the current holder can act, only the
 * reporter sees the status card (cases/access.ts); the flag is stored or moved only once its card
 * has reached the next holder, so nobody lets go before someone has it. The reporter's status
 * card is updated in place at every step.
 */
export function flagHandlers(deps: CaseDeps, ctx: CaseContext, flags: FlagRepository) {
  const { repo, refs, sender, logger } = deps;
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
    };
    return { ok: true as const, values: form.values, assessment };
  }

  /** Sends a card into a user's 1:1 chat, keeping their reference current if Teams moved the chat. */
  async function deliver(ref: ConversationRef, card: Card) {
    const result = await sender.send(ref, MessageFactory.attachment(attachment(card)));
    if (result.status === "sent" && result.conversationId !== ref.conversationId)
      await refs.save({ ...ref, conversationId: result.conversationId });
    return result;
  }

  async function load(data: unknown): Promise<Flag | undefined> {
    const id = uuid(data, "flagId");
    return id ? flags.get(id) : undefined;
  }

  const reporterName = (f: Flag, locale: Locale) => f.reporterName ?? STRINGS[locale].flags.contact.someone;
  const holderName = (f: Flag) => f.holderName ?? f.holderUserId;
  const caseCode = async (f: Flag) => (f.caseId ? (await repo.getCase(f.caseId))?.code : undefined) ?? "";

  async function holderCard(locale: Locale, f: Flag, state: HolderState, error = "") {
    return flagContactCard(locale, {
      flagId: f.id,
      reporterName: reporterName(f, locale),
      assessment: f.assessment,
      state,
      error,
    });
  }

  /** The holder's card as stored: taken (with its case) or still open. */
  async function storedHolderCard(locale: Locale, f: Flag) {
    return f.status === "taken"
      ? holderCard(locale, f, {
          kind: "taken",
          caseId: f.caseId ?? "",
          code: await caseCode(f),
          region: f.assessment.region,
        })
      : holderCard(locale, f, { kind: "open" });
  }

  async function reporterState(f: Flag): Promise<ReporterState> {
    if (f.status === "taken") return { kind: "taken", name: holderName(f), code: await caseCode(f) };
    return { kind: "waiting", name: holderName(f), passedOn: (await flags.passes(f.id)) > 0 };
  }

  const statusCard = (locale: Locale, f: Flag, state: ReporterState) =>
    flagStatusCard(locale, {
      flagId: f.id,
      reporterUserId: f.reporterUserId,
      assessment: f.assessment,
      state,
    });

  /** Replaces the reporter's status card in place; a failure is logged, the stored flag is the truth. */
  async function updateReporter(f: Flag, state: ReporterState): Promise<void> {
    if (!f.reporterConversationId || !f.reporterActivityId) return;
    const ref = await refs.get(f.tenantId, f.reporterUserId);
    if (!ref) return;
    const result = await sender.update(
      { ...ref, conversationId: f.reporterConversationId },
      f.reporterActivityId,
      MessageFactory.attachment(attachment(statusCard(localeOf(ref), f, state))),
    );
    logger.info({ event: "flag_status_updated", flag: f.id, status: result.status });
  }

  /** Only the current holder may act; anyone else is refused and nothing changes. */
  async function held(context: TurnContext, data: unknown, locale: Locale) {
    const f = await load(data);
    if (!f) return { refusal: messageCard(locale, STRINGS[locale].flags.errors.notFound) };
    if (!canAct(actorOf(context.activity), { kind: "flag", flag: f })) {
      logger.warn({ event: "flag_not_yours", flag: f.id });
      return { refusal: messageCard(locale, STRINGS[locale].flags.errors.notYours) };
    }
    // A second press on a flag already taken: show what is stored.
    if (f.status === "taken") return { refusal: await storedHolderCard(locale, f) };
    return { flag: f };
  }

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
      const tenant = tenantOf(activity);
      const t = STRINGS[locale].flags.form;
      const r = reassess(data, locale);
      if (!r.ok) return r.refusal;
      const earlier =
        activity.replyToId &&
        (await flags.fromForm(tenant, activity.from.id, activity.conversation.id, activity.replyToId));
      if (earlier && canView(actorOf(activity), { kind: "flagStatus", flag: earlier }))
        return statusCard(locale, earlier, await reporterState(earlier));
      const contactId = text(data, "contactId");
      const form = async (error: string) =>
        flagFormCard(locale, {
          prefill: r.values,
          assessment: r.assessment,
          users: await ctx.userChoices(context, [contactId]),
          contactId,
          error,
        });
      if (!contactId) return form(t.pickSomeone);
      if (contactId === activity.from.id) return form(t.notYourself);
      const ref = await refs.get(tenant, contactId);
      if (!ref) return form(t.unknownUser);
      const name = ref.displayName ?? contactId;

      const id = randomUUID();
      const draft = { id, tenantId: tenant, reporterUserId: activity.from.id, assessment: r.assessment };
      const reporter = activity.from.name ? { reporterName: activity.from.name } : {};
      const contactCard = await holderCard(
        localeOf(ref),
        { ...draft, ...reporter, holderUserId: contactId, status: "open" },
        { kind: "open" },
      );
      const sent = await deliver(ref, contactCard);
      logger.info({ event: "flag_delivery", flag: id, status: sent.status });
      if (sent.status !== "sent") return form(fill(t.unreachable, { name }));

      const flag = await flags.create(
        {
          ...draft,
          ...reporter,
          // The status card replaces this form: its activity is the one the button was pressed on.
          ...(activity.replyToId
            ? { reporterConversationId: activity.conversation.id, reporterActivityId: activity.replyToId }
            : {}),
          holderUserId: contactId,
          holderName: name,
          holderConversationId: sent.conversationId,
          holderActivityId: sent.activityId,
        },
        auditActor(context),
      );
      return statusCard(locale, flag, { kind: "waiting", name, passedOn: false });
    },

    /** "Ta över": a case for the holder, created with the flag's change in one transaction. */
    take: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const h = await held(context, data, locale);
      if (!h.flag) return h.refusal;
      const done = await flags.take(h.flag.id, context.activity.from.id, auditActor(context));
      if (!done) return storedHolderCard(locale, (await flags.get(h.flag.id)) ?? h.flag);
      logger.info({ event: "flag_taken", flag: done.flag.id, case: done.case.code });
      await updateReporter(done.flag, { kind: "taken", name: holderName(done.flag), code: done.case.code });
      return holderCard(locale, done.flag, {
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
      const again = (error: string) => holderCard(locale, f, { kind: "open" }, error);
      const colleagueId = text(data, "colleagueId");
      if (!colleagueId) return again(t.pickColleague);
      if (colleagueId === f.holderUserId) return again(t.notYourself);
      if (colleagueId === f.reporterUserId)
        return again(fill(t.notReporter, { name: reporterName(f, locale) }));
      const ref = await refs.get(f.tenantId, colleagueId);
      if (!ref) return again(t.unknownUser);
      const name = ref.displayName ?? colleagueId;

      const sent = await deliver(ref, await holderCard(localeOf(ref), f, { kind: "open" }));
      logger.info({ event: "flag_delivery", flag: f.id, status: sent.status });
      if (sent.status !== "sent") return again(fill(t.unreachable, { name }));
      const next = {
        userId: colleagueId,
        name,
        conversationId: sent.conversationId,
        activityId: sent.activityId,
      };
      const moved = await flags.pass(f.id, f.holderUserId, next, auditActor(context));
      if (!moved) {
        // A concurrent press moved the flag first: the card just sent must not invite a second taker.
        const gone = messageCard(localeOf(ref), STRINGS[localeOf(ref)].flags.errors.alreadyHandled, false);
        await sender.update(
          { ...ref, conversationId: sent.conversationId },
          sent.activityId,
          MessageFactory.attachment(attachment(gone)),
        );
        return messageCard(locale, STRINGS[locale].flags.errors.notYours);
      }
      logger.info({ event: "flag_passed", flag: f.id });
      await updateReporter(moved, { kind: "waiting", name, passedOn: true });
      return holderCard(locale, moved, { kind: "passed", name });
    },

    /** Teams refreshes the reporter's status card when they open it: show the stored state. */
    refresh: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const f = await load(data);
      if (!f || !canView(actorOf(context.activity), { kind: "flagStatus", flag: f }))
        return noticeCard(locale, "unknownAction");
      return statusCard(locale, f, await reporterState(f));
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
      return h?.flag && holderCard(locale, h.flag, { kind: "open" }, STRINGS[locale].notice.pnrField);
    },
  };
}
