import { canAct, type Actor } from "../cases/access.js";
import type { Case, Invitee, InviteeStatus, Kallelse, OrgType } from "../cases/model.js";
import {
  EXPECTED_AT_MEETING,
  LEAD_ORGS,
  planKva,
  planReminders,
  type Intervention,
  type LeadOrg,
  type Plan,
} from "../cases/plan.js";
import { localeOf } from "../cards/locale.js";
import { leadAssignedCard, reminderUnreachableCard } from "../cards/plan-views.js";
import { reminderDays } from "../sip/index.js";
import type { ServiceDeps } from "./deps.js";
import { handover } from "./handover.js";
import type { Acting } from "./kallelse.js";
import type { People } from "./people.js";

/** The plan form, parsed at the edge: ids, a kind of service, dates, interventions. */
export interface PlanInput {
  /** The lead as the picker names them: a user id, or "tenantId/userId" of another served tenant. */
  leadUserId: string;
  leadOrg: OrgType;
  followUpDate: string;
  consentUntil?: string;
  interventions: Intervention[];
  /** Invitee ids marked "Kom inte till mötet" (edge-checked to be ids; checked against the meeting here). */
  absent: string[];
}

/** Why a plan was refused, per field; the card words it. */
export type PlanProblem =
  | { field: "lead"; code: "unknown_lead" }
  | { field: "leadOrg"; code: "cannot_lead"; org: OrgType }
  | { field: "followUp" | "consentUntil"; code: "after_meeting"; meetingDate: string }
  | { field: "absent"; code: "unknown_invitee" };

export type SaveOutcome =
  | { kind: "not_found" }
  | { kind: "closed"; c: Case }
  | { kind: "invalid"; problems: PlanProblem[] }
  /** kva: the code health care registers; undefined when no health care takes part (plan.ts). */
  | { kind: "saved"; c: Case; k: Kallelse; plan: Plan; kva?: string; absent: Invitee[] };

/**
 * Who can have stayed away (SIP-RULES §8, "did not answer or come"): an invitee who accepted or
 * never answered. One who declined, sent a substitute, forwarded the invitation or was withdrawn
 * is not expected at the meeting.
 */
const MAY_BE_ABSENT: readonly InviteeStatus[] = EXPECTED_AT_MEETING;

const DISCHARGE = "INDICATION_DISCHARGE_READY";
/** AU125 when the case came from an assessment at discharge from inpatient care, else AU124. */
const atDischarge = (c: Case) => c.assessment?.codes.includes(DISCHARGE) ?? false;

/**
 * The plan recorded after the meeting (SIP-RULES §6): the convener names the lead, books the
 * follow-up and the consent's end, and marks who did not come (§8); saving sets (or moves) the
 * lead's reminders in the same transaction and tells the lead in their 1:1 chat (a job, after the
 * turn). The lead taking the case over to convene the follow-up is handover.ts.
 */
export function planService(deps: ServiceDeps, directory: Pick<People, "partner">) {
  const { repo, plans, refs, jobs, logger, cards } = deps;

  /** A kallelse and its case, for the case's convener only (as the tracking card). */
  async function own(actor: Actor, kallelseId: string) {
    const k = await repo.getKallelse(kallelseId);
    const c = k && (await repo.getCase(k.caseId));
    return k && c && canAct(actor, { kind: "kallelse", case: c }) ? { k, c } : undefined;
  }

  /** The invitees of the meeting's kallelse that "Kom inte till mötet" offers. */
  async function absentChoices(k: Kallelse): Promise<Invitee[]> {
    return (await repo.invitees(k.id)).filter((i) => MAY_BE_ABSENT.includes(i.status));
  }

  /** The invitees a saved plan marks absent, read by their stored ids and only of its own case. */
  async function absentees(plan: Plan): Promise<Invitee[]> {
    const found = await Promise.all((plan.absent ?? []).map((id) => repo.inviteeWithCase(id)));
    return found.flatMap((f) => (f && f.c.id === plan.caseId ? [f.invitee] : []));
  }

  /** The KVÅ code for health care, only when health care takes part in the plan (cases/plan.ts). */
  async function kvaOf(c: Case, k: Kallelse, plan: Pick<Plan, "leadOrg" | "interventions" | "absent">) {
    return planKva(atDischarge(c), plan, await repo.invitees(k.id));
  }

  return {
    ...handover(deps),
    own,
    get: (caseId: string) => plans.get(caseId),
    kva: kvaOf,
    absentChoices,
    absentees,

    async save(actor: Acting, kallelseId: string, input: PlanInput): Promise<SaveOutcome> {
      const found = await own(actor, kallelseId);
      if (!found) return { kind: "not_found" };
      const { c, k } = found;
      if (c.closed) return { kind: "closed", c };
      const meetingDate = k.details.date;
      const problems: PlanProblem[] = [];
      // The lead is a colleague the bot can reach, in the convener's or another served tenant (issue
      // 12): reminders go to them there, and they act on them there (reminders.ts forActor).
      const lead = await directory.partner(c.tenantId, input.leadUserId);
      if (!lead) problems.push({ field: "lead", code: "unknown_lead" });
      if (!(LEAD_ORGS as readonly string[]).includes(input.leadOrg))
        problems.push({ field: "leadOrg", code: "cannot_lead", org: input.leadOrg });
      if (input.followUpDate <= meetingDate)
        problems.push({ field: "followUp", code: "after_meeting", meetingDate });
      if (input.consentUntil !== undefined && input.consentUntil <= meetingDate)
        problems.push({ field: "consentUntil", code: "after_meeting", meetingDate });
      // Decision: an id that is not one of this meeting's invitees (another case's, a stale form's,
      // a forged one) refuses the whole save, like any wrong field: a draft deviation naming the
      // wrong party, or one silently missing, is worse than asking once more.
      const offered = new Set((await absentChoices(k)).map((i) => i.id));
      if (input.absent.some((id) => !offered.has(id)))
        problems.push({ field: "absent", code: "unknown_invitee" });
      if (problems.length || !lead) return { kind: "invalid", problems };

      const draft = {
        caseId: c.id,
        lead: {
          userId: lead.userId,
          tenantId: lead.tenantId,
          ...(lead.displayName ? { name: lead.displayName } : {}),
        },
        leadOrg: input.leadOrg as LeadOrg,
        meetingDate,
        followUpDate: input.followUpDate,
        ...(input.consentUntil ? { consentUntil: input.consentUntil } : {}),
        interventions: input.interventions,
        ...(input.absent.length ? { absent: input.absent } : {}),
        recordedBy: actor.audit,
      };
      const kva = await kvaOf(c, k, draft);
      const due = planReminders({ ...draft, version: 0 }, reminderDays(c.region));
      const audit = { actor: actor.audit, caseCode: c.code, ...(kva ? { kva } : {}) };
      const plan = await plans.save(draft, due, audit);
      logger.info({ event: "plan_saved", case: c.code, version: plan.version, reminders: due.length });
      await jobs.notifyLead(c.id, plan.version);
      return { kind: "saved", c, k, plan, ...(kva ? { kva } : {}), absent: await absentees(plan) };
    },

    /** The lead's card (a job after the save): they lead the SIP, with the follow-up date. */
    async sendLeadCard(caseId: string): Promise<"sent" | "skipped" | "retry" | "unreachable"> {
      const c = await repo.getCase(caseId);
      const plan = c && !c.closed ? await plans.get(caseId) : undefined;
      if (!c || !plan) return "skipped";
      const ref = await refs.get(plan.lead.tenantId, plan.lead.userId);
      const result =
        ref && (await cards.sendCard(ref, leadAssignedCard(localeOf(ref), { code: c.code, plan })));
      logger.info({ event: "lead_told", case: c.code, status: result ? result.status : "no_reference" });
      if (result && (result.status === "throttled" || result.status === "failed")) return "retry";
      if (result?.status === "sent") return "sent";
      // Blocked or never reached: the convener is told, as for a reminder.
      const convener = await refs.get(c.tenantId, c.convenerUserId);
      const name = plan.lead.name ?? "";
      if (convener)
        await cards.sendCard(convener, reminderUnreachableCard(localeOf(convener), { code: c.code, name }));
      return "unreachable";
    },
  };
}
export type PlanService = ReturnType<typeof planService>;
