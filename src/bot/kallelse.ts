import { MessageFactory, type TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { canAct, canView } from "../cases/access.js";
import { ORG_TYPES, type Participant } from "../cases/model.js";
import { balance, kallelseGate } from "../cases/workflow.js";
import { kallelseFormCard, messageCard, notDigitalCard } from "../cards/case-views.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import { consentResultCard, noticeCard } from "../cards/views.js";
import { stockholmToday } from "../clock.js";
import { checkConsent, regionSettings, type Locale, type RegionKey } from "../sip/index.js";
import { fill } from "../sip/text.js";
import type { NewInvitee } from "../store/cases.js";
import type { CaseContext, CaseDeps } from "./case-context.js";
import { parseConsentForm } from "./forms.js";
import { actorOf, auditActorOf, tenantOf } from "./identity.js";
import {
  blankErrors,
  markPersonnummer,
  readKallelseForm,
  validateKallelseForm,
  type KallelseForm,
} from "./kallelse-form.js";
import { field, isCardKey, uuid } from "./card-data.js";
import { localeOf } from "./locale.js";

/**
 * Case and kallelse: create a case from a consent verdict (only may_proceed + digital), collect
 * the kallelse, send it, and answer the convener with the tracking card.
 */
export function kallelseHandlers(deps: CaseDeps, ctx: CaseContext) {
  const { repo, refs, logger } = deps;
  const send = (context: TurnContext, card: Card) =>
    context.sendActivity(MessageFactory.attachment(attachment(card)));

  async function formCard(
    context: TurnContext,
    caseId: string,
    code: string,
    form: KallelseForm,
    errors = {},
    warning?: string,
  ) {
    const locale = localeOf(context.activity);
    const picked = form.rows.map((r) => r.who);
    const users = await ctx.userChoices(context, picked);
    return kallelseFormCard(locale, {
      caseId,
      code,
      ...form,
      errors: { ...blankErrors(), ...errors },
      users,
      selfId: context.activity.from.id,
      ...(warning ? { balanceWarning: warning } : {}),
    });
  }

  return {
    /** "Skapa ärende och kallelse" on a verdict card: the verdict is recomputed here, never trusted. */
    createCase: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const { activity } = context;
      const form = parseConsentForm(field(data, "prefill"), deps.defaultRegion, stockholmToday(deps.clock));
      if (!form.ok) return noticeCard(locale, "badPayload");
      const result = checkConsent(form.input, locale);
      // The key this verdict card carries names the press: pressed again (a double click, Teams
      // resending the invoke, or later), it finds its case and creates and sends nothing, since the
      // user already has that case's form; the same verdict card answers. Without a key (a card
      // rendered before keys existed) each press creates a case, as before.
      const carriedKey = field(data, "idempotencyKey");
      const key = isCardKey(carriedKey) ? carriedKey : undefined;
      const verdictCard = consentResultCard(locale, result, form.values, uuid(data, "caseId") ?? "", key);
      const gate = kallelseGate(result);
      if (!gate.ok) {
        logger.info({ event: "kallelse_refused", why: gate.why });
        await send(context, notDigitalCard(locale, gate.why));
        return verdictCard;
      }
      const verdict = {
        verdict: result.verdict,
        channel: result.channel,
        codes: result.reasons.map((r) => r.code),
        // The consent's scope: the kallelse refuses these kinds of service (submit below).
        excludedServices: result.excludedServices,
      };
      const actor = auditActorOf(activity);
      // A case taken over from a flag gets its verdict; otherwise a new case is created.
      const carried = field(data, "caseId");
      const taken =
        typeof carried === "string" && carried !== "" ? await ctx.ownCase(context, carried) : undefined;
      if (carried && !taken) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      if (taken?.closed) return closedCard(locale, taken.code);
      const opened = taken
        ? { case: taken, created: await repo.setVerdict(taken, verdict, actor, key) }
        : await repo.createCaseOnce(
            key,
            {
              tenantId: tenantOf(activity),
              region: form.input.region ?? deps.defaultRegion,
              convenerUserId: activity.from.id,
              ...(activity.from.name ? { convenerName: activity.from.name } : {}),
              verdict,
            },
            actor,
          );
      const c = opened.case;
      if (!opened.created) {
        logger.info({ event: "case_create_repeated", case: c.code });
        return verdictCard;
      }
      logger.info({ event: "case_created", case: c.code });
      await send(context, await formCard(context, c.id, c.code, readKallelseForm({}) as KallelseForm));
      return verdictCard;
    },

    /** "Fler deltagare": the same form with two more rows, values kept. */
    moreRows: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const c = await ctx.ownCase(context, field(data, "caseId"));
      if (!c) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      if (c.closed) return closedCard(locale, c.code);
      const form = readKallelseForm(data, Number(field(data, "rows")) + 2);
      return form ? formCard(context, c.id, c.code, form) : noticeCard(locale, "badPayload");
    },

    submit: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const { activity } = context;
      const c = await ctx.ownCase(context, field(data, "caseId"));
      if (!c) return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      if (c.closed) return closedCard(locale, c.code);
      const form = readKallelseForm(data);
      if (!form) return noticeCard(locale, "badPayload");
      const chosen = form.rows.map((r) => r.who).filter((w) => w && w !== "external");
      const found = await Promise.all(chosen.map((id) => refs.get(c.tenantId, id)));
      const reachable = new Map(found.flatMap((r) => (r ? [[r.userId, r] as const] : [])));
      const excluded = c.verdict?.excludedServices ?? [];
      const parsed = validateKallelseForm(form, locale, new Set(reachable.keys()), excluded);
      if (!parsed.ok) return formCard(context, c.id, c.code, form, parsed.errors);

      const b = balance(
        parsed.participants,
        regionSettings(c.region as RegionKey).balanceMaxProfessionalsPerFamilyMember,
      );
      if (b.imbalanced && form.values.balanceAck !== "true")
        return formCard(
          context,
          c.id,
          c.code,
          form,
          {},
          fill(STRINGS[locale].cases.kallelse.balanceWarning, b),
        );

      const invitees = parsed.participants.map((p) => newInvitee(p, (id) => reachable.get(id)?.displayName));
      const {
        kallelse,
        invitees: stored,
        created,
      } = await repo.createKallelse(
        c.code,
        c.id,
        parsed.details,
        invitees,
        auditActorOf(activity),
        form.idempotencyKey,
      );
      if (!created) {
        // This form was sent before (KallelseForm.idempotencyKey): the same tracking card, as it
        // stands now; its invitations are already on their way and nothing is sent again.
        logger.info({ event: "kallelse_repeated", case: c.code });
        return ctx.tracking(c, kallelse, locale);
      }
      // The tracking card replaces this form: its activity is the one the button was pressed on.
      if (activity.replyToId)
        await repo.setTracking(kallelse.id, activity.conversation.id, activity.replyToId);
      // Answered now with every invitee "Skickas …"; the card is updated in place once sent.
      ctx.deliverLater(c, kallelse, stored);
      logger.info({ event: "kallelse_stored", case: c.code, invitees: stored.length });
      return ctx.tracking(c, kallelse, locale);
    },

    refreshTracking: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const kallelseId = uuid(data, "kallelseId");
      const k = kallelseId ? await repo.getKallelse(kallelseId) : undefined;
      const c = k && (await repo.getCase(k.caseId));
      if (!k || !c || !canView(actorOf(context.activity), { kind: "kallelse", case: c }))
        return messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      return ctx.tracking(c, k, locale);
    },

    /** "Återkalla samtycke delvis" on the tracking card: the scope narrows, the SIP goes on. */
    narrowScope: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const kallelseId = uuid(data, "kallelseId");
      const k = kallelseId ? await repo.getKallelse(kallelseId) : undefined;
      const c = k && (await repo.getCase(k.caseId));
      const notFound = messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      if (!k || !c || !canAct(actorOf(context.activity), { kind: "kallelse", case: c })) return notFound;
      if (c.closed) return ctx.tracking(c, k, locale);
      const picked = Withdrawn.safeParse(field(data, "withdrawnServices") ?? "");
      if (!picked.success) return ctx.tracking(c, k, locale, STRINGS[locale].cases.tracking.pickServices);
      const actor = auditActorOf(context.activity);
      const narrowed = await repo.narrowScope(c, picked.data, actor, deps.clock.now());
      if (!narrowed) return notFound;
      logger.info({
        event: "scope_narrowed",
        case: c.code,
        changed: narrowed.changed,
        withdrawn: narrowed.withdrawn.length,
      });
      // Their cards in Teams say so in place of the invitation, once this press is answered.
      ctx.withdrawLater(narrowed.case, narrowed.withdrawn);
      return ctx.tracking(narrowed.case, k, locale);
    },

    /**
     * "Samtycket återkallat helt" on the tracking card: the SIP ends (SIP-RULES §7), every
     * invitation still standing is withdrawn and its card in Teams says so.
     */
    withdrawConsent: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const kallelseId = uuid(data, "kallelseId");
      const k = kallelseId ? await repo.getKallelse(kallelseId) : undefined;
      const c = k && (await repo.getCase(k.caseId));
      const notFound = messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
      if (!k || !c || !canAct(actorOf(context.activity), { kind: "kallelse", case: c })) return notFound;
      const closed = await repo.close(
        c,
        "consent_withdrawn",
        auditActorOf(context.activity),
        deps.clock.now(),
      );
      if (!closed) return notFound;
      logger.info({
        event: "case_closed",
        case: c.code,
        reason: "consent_withdrawn",
        changed: closed.changed,
        withdrawn: closed.withdrawn.length,
      });
      ctx.withdrawLater(closed.case, closed.withdrawn);
      return ctx.tracking(closed.case, k, locale);
    },

    /**
     * A submit or "Fler deltagare" refused for a personnummer (turn-guard.ts): this form again,
     * typed values kept, the fields marked; only for the case's own convener (as submit).
     */
    refusedForm: async (context: TurnContext, data: unknown, fields: string[]) => {
      const c = await ctx.ownCase(context, field(data, "caseId"));
      const form = c && readKallelseForm(data);
      const errors = form && markPersonnummer(form, fields, localeOf(context.activity));
      return c && form && errors ? formCard(context, c.id, c.code, form, errors) : undefined;
    },
  };
}

/** A kallelse for a SIP that has ended: refused, nothing stored. */
const closedCard = (locale: Locale, code: string) =>
  messageCard(locale, fill(STRINGS[locale].cases.errors.caseClosed, { code }));

/** The services picked on the tracking card: a multi-select sends them comma-separated. */
const Withdrawn = z
  .string()
  .max(500)
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.enum(ORG_TYPES)).min(1));

function newInvitee(p: Participant, nameOf: (userId: string) => string | undefined): NewInvitee {
  const base = { orgType: p.orgType, participation: p.participation, contribution: p.contribution };
  return p.who.kind === "teams"
    ? {
        ...base,
        kind: "teams",
        userId: p.who.userId,
        name: nameOf(p.who.userId) ?? p.who.userId,
        status: "pending",
      }
    : {
        ...base,
        kind: "external",
        name: p.who.name,
        organisation: p.who.organisation,
        ...(p.who.email ? { email: p.who.email } : {}),
        status: "pending",
      };
}
