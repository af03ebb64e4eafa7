import { MessageFactory, type TurnContext } from "botbuilder";
import { PICKED_CLOSE_REASONS, type Case, type Kallelse } from "../cases/model.js";
import type { Plan } from "../cases/plan.js";
import { messageCard } from "../cards/case-views.js";
import {
  planCard,
  planFormCard,
  planValues,
  blankPlanForm,
  type PlanFormErrors,
  type PlanFormValues,
} from "../cards/plan-views.js";
import { PLAN_FIELDS, type PlanField } from "../cards/form-fields.js";
import { attachment, STRINGS, type Card } from "../cards/render.js";
import type { Services } from "../services/index.js";
import { partnerValue } from "../services/people.js";
import type { PlanProblem } from "../services/plan.js";
import { longDate, ORG_TYPE_NAMES, type Locale } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { field, text, uuid } from "./card-data.js";
import { actingOf, actorOf } from "./identity.js";
import { localeOf } from "./locale.js";
import { readPlanForm, validatePlanForm } from "./plan-form.js";

/**
 * After the meeting, translated: "Registrera SIP-möte" on the tracking card sends the plan form
 * (the tracking card stays), "Spara plan" answers with the saved plan, and a reminder's buttons
 * answer on the reminder card. The services decide and check who may (services/plan.ts, reminders.ts).
 */
export function planHandlers(services: Services) {
  const { plan, reminders, kallelse, people } = services;
  const notFound = (locale: Locale) => messageCard(locale, STRINGS[locale].cases.errors.caseNotFound);
  const closed = (locale: Locale, code: string) =>
    messageCard(locale, fill(STRINGS[locale].cases.errors.caseClosed, { code }));

  async function formCard(
    context: TurnContext,
    c: Case,
    k: Kallelse,
    values: PlanFormValues,
    errors?: PlanFormErrors,
  ) {
    const locale = localeOf(context.activity);
    // The lead may be a colleague of another served tenant, shown as "Name (Organisation)".
    const picked = values.lead ? [values.lead] : [];
    const users = await people.partnerChoices(actingOf(context.activity), picked, locale);
    const absentees = await plan.absentChoices(k);
    // Only this meeting's invitees stay picked: a plan saved from another kallelse, or a refused id.
    const offered = new Set(absentees.map((i) => i.id));
    const absent = values.absent.split(",").filter((id) => offered.has(id));
    return planFormCard(locale, {
      kallelseId: k.id,
      code: c.code,
      meetingDate: k.details.date,
      users,
      absentees,
      values: { ...values, absent: absent.join(",") },
      ...(errors ? { errors } : {}),
    });
  }

  /** The saved plan, with a deviation draft for each invitee marked absent (to the convener). */
  const savedCard = async (locale: Locale, c: Case, k: Kallelse, saved: Plan) =>
    planCard(locale, {
      kallelseId: k.id,
      code: c.code,
      plan: saved,
      kva: await plan.kva(c, k, saved),
      absent: await plan.absentees(saved),
    });

  /** The service's refusals, worded for the card. */
  function wordProblems(problems: PlanProblem[], locale: Locale): PlanFormErrors {
    const e = STRINGS[locale].plan.errors;
    const errors: PlanFormErrors = {};
    for (const p of problems) {
      if (p.code === "unknown_lead") errors.lead = e.unknownLead;
      else if (p.code === "unknown_invitee") errors.absent = e.unknownAbsent;
      else if (p.code === "cannot_lead")
        errors.leadOrg = fill(e.cannotLead, { org: capital(ORG_TYPE_NAMES[p.org][locale]) });
      else errors[p.field] = fill(e.afterMeeting, { date: longDate(p.meetingDate, locale) });
    }
    return errors;
  }

  return {
    /** "Registrera SIP-möte" / "Ändra plan": the form as a new message; the pressed card stays. */
    open: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "kallelseId");
      const found = id && (await plan.own(actorOf(context.activity), id));
      if (!found) return notFound(locale);
      const { c, k } = found;
      if (c.closed) return closed(locale, c.code);
      const saved = await plan.get(c.id);
      // A saved lead of another served tenant is picked again by the value the picker gave.
      const values = saved
        ? { ...planValues(saved), lead: partnerValue(c.tenantId, saved.lead) }
        : blankPlanForm();
      const form = await formCard(context, c, k, values);
      await context.sendActivity(MessageFactory.attachment(attachment(form)));
      // The pressed card answers as it was: the plan ("Ändra plan") or the tracking card.
      return field(data, "from") === "plan" && saved
        ? savedCard(locale, c, k, saved)
        : kallelse.tracking(c, k, locale);
    },

    save: async (context: TurnContext, data: unknown): Promise<Card> => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "kallelseId");
      const found = id && (await plan.own(actorOf(context.activity), id));
      if (!id || !found) return notFound(locale);
      const values = readPlanForm(data);
      const checked = validatePlanForm(values, locale);
      if (!checked.ok) return formCard(context, found.c, found.k, values, checked.errors);
      const saved = await plan.save(actingOf(context.activity), id, checked.input);
      if (saved.kind === "not_found") return notFound(locale);
      if (saved.kind === "closed") return closed(locale, saved.c.code);
      if (saved.kind === "invalid")
        return formCard(context, found.c, found.k, values, wordProblems(saved.problems, locale));
      return planCard(locale, {
        kallelseId: saved.k.id,
        code: saved.c.code,
        plan: saved.plan,
        kva: saved.kva,
        absent: saved.absent,
      });
    },

    /** A personnummer-refused submit (turn-guard.ts): the form again, typed values kept. */
    refusedForm: async (context: TurnContext, data: unknown, fields: string[]) => {
      const id = uuid(data, "kallelseId");
      const found = id && (await plan.own(actorOf(context.activity), id));
      if (!found) return undefined;
      const pnr = STRINGS[localeOf(context.activity)].notice.pnrTitle;
      const values = readPlanForm(data);
      const errors: PlanFormErrors = {};
      for (const f of fields) {
        const row = /^i(\d)/.exec(f);
        if (row) (errors.rows ??= {})[Number(row[1])] = pnr;
        else if ((PLAN_FIELDS as readonly string[]).includes(f)) errors[f as PlanField] = pnr;
      }
      return formCard(context, found.c, found.k, values, errors);
    },

    reminderDone: (context: TurnContext, data: unknown) =>
      onReminder(context, data, (acting, id, locale) => reminders.done(acting, id, locale)),
    reminderPostpone: (context: TurnContext, data: unknown) =>
      onReminder(context, data, (acting, id, locale) => reminders.postpone(acting, id, dateOf(data), locale)),
    reminderClose: (context: TurnContext, data: unknown) =>
      onReminder(context, data, (acting, id, locale) => {
        // "no_joint_plan" only follows from a partial withdrawal (services/kallelse.ts narrow).
        const reason = PICKED_CLOSE_REASONS.find((r) => r === field(data, "reason"));
        return reminders.close(acting, id, reason, locale);
      }),
    /**
     * "Kalla till uppföljning": the convener gets the kallelse form for the case as a new message
     * (kallelse.ts builds it). A lead who does not convene the case takes it over first (SIP-RULES
     * §7: the lead convenes the follow-up; services/handover.ts), so the tracking card and the
     * answers come to them, and the former convener is told; then they get the form as convener.
     */
    reminderFollowUp: async (
      context: TurnContext,
      data: unknown,
      sendForm: (c: Case) => Promise<void>,
    ): Promise<Card> => {
      const locale = localeOf(context.activity);
      const id = uuid(data, "reminderId");
      const found = id && (await reminders.forActor(actorOf(context.activity), id));
      if (!found) return messageCard(locale, STRINGS[locale].plan.notYours);
      const { c } = found;
      if (c.closed) return closed(locale, c.code);
      const t = STRINGS[locale].plan;
      const acting = actingOf(context.activity);
      // The convener by id and tenant: a lead of another tenant may have the same user id.
      if (c.convenerUserId === acting.userId && c.tenantId === acting.tenantId) {
        await sendForm(c);
        return reminders.card(found.r, c, locale, { outcome: t.followUpBelow });
      }
      const handed = await plan.handOver(acting, c, found.plan);
      if (handed.kind === "other_tenant") {
        const name = c.convenerName || t.theConvener;
        return reminders.card(found.r, c, locale, {
          outcome: fill(t.convenerConvenes, { code: c.code, name }),
        });
      }
      // Closed or handed to someone else meanwhile: the reminder is no longer this user's.
      if (handed.kind === "refused") return messageCard(locale, t.notYours);
      const taken = handed.case;
      await sendForm(taken);
      const outcome = fill(t.tookOver, { code: c.code, name: c.convenerName || t.formerConvener });
      return reminders.card(found.r, taken, locale, { outcome });
    },
  };

  async function onReminder(
    context: TurnContext,
    data: unknown,
    act: (
      acting: ReturnType<typeof actingOf>,
      id: string,
      locale: Locale,
    ) => Promise<{ kind: "not_yours" } | { kind: "card"; card: Card }>,
  ): Promise<Card> {
    const locale = localeOf(context.activity);
    const id = uuid(data, "reminderId");
    const result = id ? await act(actingOf(context.activity), id, locale) : { kind: "not_yours" as const };
    return result.kind === "card" ? result.card : messageCard(locale, STRINGS[locale].plan.notYours);
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** "Skjut upp" carries the new day from the card's date input. */
const dateOf = (data: unknown) => {
  const v = text(data, "newDate", 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
};
