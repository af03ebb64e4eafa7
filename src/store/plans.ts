import { z } from "zod/v4";
import {
  FOLLOW_UP_KINDS,
  InterventionSchema,
  LEAD_ORGS,
  PLAN_KINDS,
  type LeadOrg,
  type Plan,
  type ReminderSpec,
} from "../cases/plan.js";
import { AuditLog } from "./audit.js";
import { openJson, openOpt, sealJson, sealOpt, type Sealer } from "./crypto.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";
import { ReminderRepository } from "./reminders.js";

const COLUMNS = `case_id, lead_user_id, lead_tenant_id, lead_name, lead_org, meeting_date::text AS meeting_date,
  follow_up_date::text AS follow_up_date, consent_until::text AS consent_until, interventions, absent,
  recorded_by, follow_up_done_at, version`;

/** Invitee ids; an unreadable column reads as nobody absent rather than failing the turn. */
const AbsentSchema = z.array(z.uuid()).catch([]);

/** Interventions keep who and when in clear (the statistics count by principal); "what" is sealed. */
const INTERVENTION_CLEAR = new Set(["principal", "start", "end"]);

const toPlan = (r: Record<string, unknown>, s: Sealer): Plan => {
  const absent = AbsentSchema.parse(r.absent);
  return {
    caseId: String(r.case_id),
    lead: {
      userId: String(r.lead_user_id),
      tenantId: String(r.lead_tenant_id),
      ...(r.lead_name ? { name: openOpt(s, r.lead_name) } : {}),
    },
    leadOrg: (LEAD_ORGS as readonly unknown[]).includes(r.lead_org)
      ? (r.lead_org as LeadOrg)
      : "socialtjanst",
    meetingDate: String(r.meeting_date),
    followUpDate: String(r.follow_up_date),
    ...(r.consent_until ? { consentUntil: String(r.consent_until) } : {}),
    // Erased by retention, or unreadable: the plan keeps its dates without the texts.
    interventions: InterventionSchema.array().catch([]).parse(openJson(s, r.interventions)),
    ...(absent.length ? { absent } : {}),
    recordedBy: String(r.recorded_by),
    ...(r.follow_up_done_at ? { followUpDoneAt: new Date(r.follow_up_done_at as string).toISOString() } : {}),
    version: Number(r.version),
  };
};

/**
 * The plan of a case and the reminders it sets. Saving replaces the plan and its pending
 * reminders in one transaction with the audit entry, so a changed date or lead never leaves an
 * old reminder behind; marking the follow-up done ends that follow-up's reminders the same way.
 * The lead's name and the interventions' texts are sealed with the case's key (crypto.ts).
 */
export class PlanRepository {
  constructor(private readonly db: Executor) {}

  async get(caseId: string): Promise<Plan | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM plans WHERE case_id = $1`, [caseId]);
    return row && toPlan(row, await new DataKeys(this.db).of(caseId));
  }

  async save(
    plan: Omit<Plan, "version" | "followUpDoneAt">,
    reminders: readonly ReminderSpec[],
    /** kva: only when health care takes part (the statistics count a KVÅ registration then). */
    audit: { actor: string; caseCode: string; kva?: string },
  ): Promise<Plan> {
    return this.db.transaction(async (tx) => {
      const s = await new DataKeys(tx).forWrite(plan.caseId, "case");
      const [row] = await tx.query(
        `INSERT INTO plans (case_id, lead_user_id, lead_tenant_id, lead_name, lead_org, meeting_date,
           follow_up_date, consent_until, interventions, recorded_by, absent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11::jsonb)
         ON CONFLICT (case_id) DO UPDATE SET lead_user_id = $2, lead_tenant_id = $3, lead_name = $4,
           lead_org = $5, meeting_date = $6, follow_up_date = $7, consent_until = $8, interventions = $9::jsonb,
           recorded_by = $10, absent = $11::jsonb, recorded_at = now(), follow_up_done_at = NULL, version = plans.version + 1
         RETURNING ${COLUMNS}`,
        [
          plan.caseId,
          plan.lead.userId,
          plan.lead.tenantId,
          sealOpt(s, plan.lead.name),
          plan.leadOrg,
          plan.meetingDate,
          plan.followUpDate,
          plan.consentUntil ?? null,
          JSON.stringify(sealJson(s, plan.interventions, INTERVENTION_CLEAR)),
          plan.recordedBy,
          JSON.stringify(plan.absent ?? []),
        ],
      );
      if (!row) throw new Error("plans upsert returned no row");
      const saved = toPlan(row, s);
      const due = new ReminderRepository(tx);
      await due.cancel(plan.caseId, PLAN_KINDS);
      await due.insert(plan.caseId, reminders);
      // Once a plan names a lead, the turning-18 reminders still to come are theirs (CONTRACT v3).
      await due.readdress(plan.caseId, ["reconsent_18"], plan.lead);
      await new AuditLog(tx).append({
        actor: audit.actor,
        action: "plan.saved",
        subject: audit.caseCode,
        detail: {
          version: saved.version,
          leadOrg: saved.leadOrg,
          ...(audit.kva ? { kva: audit.kva } : {}),
          followUpDate: saved.followUpDate,
          // Invitee ids, never their names (the audit log cannot be erased).
          absent: saved.absent ?? [],
        },
      });
      return saved;
    });
  }

  /**
   * "Markera klar" on a follow-up reminder: the follow-up happened; its remaining reminders end.
   * False when it was already marked (a second press changes nothing).
   */
  async followUpDone(
    caseId: string,
    audit: { actor: string; caseCode: string },
    now: Date,
    /** Today in Sweden: a follow-up marked on its own date is on time. */
    today: string,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ follow_up_date: string }>(
        `UPDATE plans SET follow_up_done_at = $2 WHERE case_id = $1 AND follow_up_done_at IS NULL
         RETURNING follow_up_date::text AS follow_up_date`,
        [caseId, now.toISOString()],
      );
      if (!row) return false;
      await new ReminderRepository(tx).cancel(caseId, FOLLOW_UP_KINDS);
      await new AuditLog(tx).append({
        actor: audit.actor,
        action: "followup.done",
        subject: audit.caseCode,
        detail: { onTime: today <= String(row.follow_up_date) },
      });
      return true;
    });
  }
}
