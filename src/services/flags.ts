import { randomUUID } from "node:crypto";
import { canAct, canView, type Actor } from "../cases/access.js";
import type { Flag, FlagAssessment } from "../cases/flag.js";
import { deadlineReminders } from "../cases/plan.js";
import { messageCard } from "../cards/case-views.js";
import {
  flagContactCard,
  flagStatusCard,
  type HolderState,
  type ReporterState,
} from "../cards/flag-views.js";
import { localeOf } from "../cards/locale.js";
import { STRINGS } from "../cards/render.js";
import { regionSettings, type Locale } from "../sip/index.js";
import type { Executor } from "../store/db.js";
import { unitOfWork } from "../store/unit-of-work.js";
import type { ServiceDeps } from "./deps.js";
import type { Acting } from "./kallelse.js";
import type { People } from "./people.js";

/**
 * Flags onward (stafettpinnen): a reporter who may not convene sends an assessment, with no
 * personal data, to a contact who takes it over (a case is created for them) or passes it on. The
 * flag is stored or moved only once its card has reached the next holder, so nobody lets go
 * before someone has it; the reporter's status card is replaced in place at every step.
 *
 * The contact may be a colleague of another served tenant (issue 12: the school is in the
 * kommun's tenant, BUP in the region's), picked as a partner value (people.ts); the flag then
 * lives in the holder's tenant: passed on within it, taken over as a case of it. The reporter is
 * always reached in their own tenant (flags.tenant_id).
 */
export function flagService(deps: ServiceDeps, directory: Pick<People, "partner">) {
  const { repo, refs, flags, cards, logger } = deps;

  const reporterName = (f: Flag, locale: Locale) => f.reporterName ?? STRINGS[locale].flags.contact.someone;
  const holderName = (f: Flag) => f.holderName ?? f.holderUserId;
  const caseCode = async (f: Flag) => (f.caseId ? (await repo.getCase(f.caseId))?.code : undefined) ?? "";

  function holderCard(locale: Locale, f: Flag, state: HolderState, error = "") {
    return flagContactCard(locale, {
      flagId: f.id,
      reporterName: reporterName(f, locale),
      assessment: f.assessment,
      state,
      error,
    });
  }

  const statusCard = (locale: Locale, f: Flag, state: ReporterState) =>
    flagStatusCard(locale, {
      flagId: f.id,
      reporterUserId: f.reporterUserId,
      assessment: f.assessment,
      state,
    });

  async function reporterState(f: Flag): Promise<ReporterState> {
    if (f.status === "taken") return { kind: "taken", name: holderName(f), code: await caseCode(f) };
    return { kind: "waiting", name: holderName(f), passedOn: (await flags.passes(f.id)) > 0 };
  }

  /** Replaces the reporter's status card in place; a failure is logged, the stored flag is the truth. */
  async function updateReporter(f: Flag, state: ReporterState): Promise<void> {
    if (!f.reporterConversationId || !f.reporterActivityId) return;
    const ref = await refs.get(f.tenantId, f.reporterUserId);
    if (!ref) return;
    const card = statusCard(localeOf(ref), f, state);
    const result = await cards.replaceCard(ref, f.reporterConversationId, f.reporterActivityId, card);
    logger.info({ event: "flag_status_updated", flag: f.id, status: result.status });
  }

  /** The holder's card as stored now (read again: a concurrent press may have moved it). */
  async function storedHolderCard(locale: Locale, loaded: Flag) {
    const f = (await flags.get(loaded.id)) ?? loaded;
    return f.status === "taken"
      ? holderCard(locale, f, {
          kind: "taken",
          caseId: f.caseId ?? "",
          code: await caseCode(f),
          region: f.assessment.region,
        })
      : holderCard(locale, f, { kind: "open" });
  }

  return {
    holderCard,
    storedHolderCard,
    statusCard,
    reporterState,
    reporterName,

    /** The flag for its reporter's status card; undefined for anyone else. */
    async forReporter(actor: Actor, flagId: string): Promise<Flag | undefined> {
      const f = await flags.get(flagId);
      return f && canView(actor, { kind: "flagStatus", flag: f }) ? f : undefined;
    },

    /** The flag already sent from this form card (a second press), for its reporter only. */
    async sentFrom(actor: Actor, form: { conversationId: string; activityId: string }) {
      const f = await flags.fromForm(actor.tenantId, actor.userId, form.conversationId, form.activityId);
      return f && canView(actor, { kind: "flagStatus", flag: f }) ? f : undefined;
    },

    /** Only the current holder may act on an open flag. */
    async held(actor: Actor, flagId: string): Promise<Flag | "not_found" | "not_yours"> {
      const f = await flags.get(flagId);
      if (!f) return "not_found";
      if (!canAct(actor, { kind: "flag", flag: f })) {
        logger.warn({ event: "flag_not_yours", flag: f.id });
        return "not_yours";
      }
      return f;
    },

    /** "Skicka": the contact's card goes first; the flag is stored only once it has arrived. */
    async send(
      actor: Acting,
      input: {
        contactId: string;
        assessment: FlagAssessment;
        form?: { conversationId: string; activityId: string };
      },
    ): Promise<
      | { kind: "unknown_user" }
      | { kind: "unreachable"; name: string }
      | { kind: "sent"; flag: Flag; name: string }
    > {
      const ref = await directory.partner(actor.tenantId, input.contactId);
      if (!ref) return { kind: "unknown_user" };
      const name = ref.displayName ?? ref.userId;
      const id = randomUUID();
      const draft = {
        id,
        tenantId: actor.tenantId,
        reporterUserId: actor.userId,
        assessment: input.assessment,
      };
      const reporter = actor.name ? { reporterName: actor.name } : {};
      const card = holderCard(
        localeOf(ref),
        { ...draft, ...reporter, holderUserId: ref.userId, holderTenantId: ref.tenantId, status: "open" },
        { kind: "open" },
      );
      const sent = await cards.sendCard(ref, card);
      logger.info({ event: "flag_delivery", flag: id, status: sent.status });
      if (sent.status !== "sent") return { kind: "unreachable", name };
      const flag = await flags.create(
        {
          ...draft,
          ...reporter,
          // The status card replaces the form: its activity is the one the button was pressed on.
          ...(input.form
            ? { reporterConversationId: input.form.conversationId, reporterActivityId: input.form.activityId }
            : {}),
          holderUserId: ref.userId,
          holderTenantId: ref.tenantId,
          holderName: name,
          holderConversationId: sent.conversationId,
          holderActivityId: sent.activityId,
        },
        actor.audit,
      );
      return { kind: "sent", flag, name };
    },

    /** "Ta över": a case for the holder, created with the flag's change in one transaction. */
    async take(actor: Acting, f: Flag) {
      const done = await takeFlag(deps.db, f.id, actor.userId, actor.audit);
      if (!done) return undefined;
      logger.info({ event: "flag_taken", flag: done.flag.id, case: done.case.code });
      await updateReporter(done.flag, { kind: "taken", name: holderName(done.flag), code: done.case.code });
      return done;
    },

    /** "Skicka till kollega": the colleague's card goes first; the flag moves only once it arrived. */
    async pass(
      actor: Acting,
      f: Flag,
      colleagueId: string,
    ): Promise<
      | { kind: "unknown_user" }
      | { kind: "moved_meanwhile" }
      | { kind: "unreachable"; name: string }
      | { kind: "passed"; name: string; flag: Flag }
    > {
      // A colleague of the holder, in the holder's tenant (the picker is sip.users, theirs).
      const ref = await refs.get(f.holderTenantId, colleagueId);
      if (!ref) return { kind: "unknown_user" };
      const name = ref.displayName ?? colleagueId;
      const sent = await cards.sendCard(ref, holderCard(localeOf(ref), f, { kind: "open" }));
      logger.info({ event: "flag_delivery", flag: f.id, status: sent.status });
      if (sent.status !== "sent") return { kind: "unreachable", name };
      const next = {
        userId: colleagueId,
        name,
        conversationId: sent.conversationId,
        activityId: sent.activityId,
      };
      const moved = await flags.pass(f.id, f.holderUserId, next, actor.audit);
      if (!moved) {
        // A concurrent press moved the flag first: the card just sent must not invite a second taker.
        const locale = localeOf(ref);
        const gone = messageCard(locale, STRINGS[locale].flags.errors.alreadyHandled, false);
        await cards.replaceCard(ref, sent.conversationId, sent.activityId, gone);
        return { kind: "moved_meanwhile" };
      }
      logger.info({ event: "flag_passed", flag: f.id });
      await updateReporter(moved, { kind: "waiting", name, passedOn: true });
      return { kind: "passed", name, flag: moved };
    },
  };
}
export type FlagService = ReturnType<typeof flagService>;

/**
 * The holder takes a flag over: in one unit of work the flag becomes "taken" (only if still open
 * and theirs) and a case is created for them from the assessment, awaiting its consent check; of
 * two presses one does it. Undefined when nothing changed. The case is the holder's tenant's, who
 * convenes it: a flag across tenants becomes a case of the contact's organisation.
 */
export function takeFlag(db: Executor, id: string, holder: string, actor: string) {
  return unitOfWork(db, async ({ flags, cases, reminders }) => {
    const f = await flags.claim(id, holder);
    if (!f) return undefined;
    const created = await cases.createCase(
      {
        tenantId: f.holderTenantId,
        region: f.assessment.region,
        convenerUserId: holder,
        ...(f.holderName ? { convenerName: f.holderName } : {}),
        assessment: {
          recommendation: f.assessment.recommendation,
          codes: f.assessment.codes,
          ...(f.assessment.deadlines ? { deadlines: f.assessment.deadlines } : {}),
        },
      },
      actor,
    );
    // The assessment's deadlines become the new convener's reminders, in the same unit of work.
    const days = regionSettings(created.region).dischargeSipDays;
    await reminders.insert(created.id, deadlineReminders(created, f.assessment.deadlines ?? [], days));
    return { flag: await flags.linkCase(id, created, actor), case: created };
  });
}
