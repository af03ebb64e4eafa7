import { randomUUID } from "node:crypto";
import type { Case, CloseReason, Invitee, Kallelse, KallelseDetails, OrgType } from "../cases/model.js";
import { newCaseCode } from "../cases/workflow.js";
import { AuditLog } from "./audit.js";
import { sealDetails, toCase, toKallelse } from "./case-rows.js";
import * as scope from "./case-scope.js";
import { sealOpt } from "./crypto.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";
import { applyAnswer, type AnswerChange } from "./invitee-answers.js";
import * as delivery from "./invitee-delivery.js";
import {
  INVITEE_COLUMNS,
  insertInvitee,
  toInvitee,
  type InviteeRow,
  type NewInvitee,
} from "./invitee-rows.js";

export type { NewInvitee } from "./invitee-rows.js";

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/**
 * Cases, kallelser and invitees. Every change is written together with its audit entry in one
 * transaction; answers are conditional updates and creations carry the pressed card's key under a
 * unique index, so a second press or a concurrent answer changes nothing. Free text is sealed with
 * the case's own key, made with the case in one transaction (crypto.ts, data-keys.ts).
 */
export class CaseRepository {
  constructor(private readonly db: Executor) {}
  private get keys() {
    return new DataKeys(this.db);
  }

  async createCase(c: Omit<Case, "id" | "code" | "createdAt">, actor: string): Promise<Case> {
    return (await this.createCaseOnce(undefined, c, actor)).case;
  }

  /**
   * Creates a case for one press of a verdict card's "Skapa ärende och kallelse". A second press
   * carrying the same key (a double click, Teams resending the invoke, another instance at the same
   * moment) finds the first case through the unique (tenant, convener, verdict_key) index:
   * created is false and nothing is written.
   */
  async createCaseOnce(
    verdictKey: string | undefined,
    c: Omit<Case, "id" | "code" | "createdAt">,
    actor: string,
  ): Promise<{ case: Case; created: boolean }> {
    // A 4-character code collides rarely; a unique index makes a collision a retry, not a merge.
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCaseCode();
      const id = randomUUID();
      const created = await this.db.transaction(async (tx) => {
        const key = new DataKeys(tx).fresh(id, "case");
        // No conflict target: a taken code and an already used key both insert nothing.
        const rows = await tx.query<{ created_at: Date }>(
          `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, convener_name, verdict, assessment,
             verdict_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9) ON CONFLICT DO NOTHING RETURNING created_at`,
          [
            id,
            code,
            c.tenantId,
            c.region,
            c.convenerUserId,
            sealOpt(key.sealer, c.convenerName),
            json(c.verdict),
            json(c.assessment),
            verdictKey ?? null,
          ],
        );
        if (!rows[0]) return undefined;
        await key.save();
        await new AuditLog(tx).append({
          actor,
          action: "case.created",
          subject: code,
          detail: { verdict: c.verdict?.verdict ?? null, assessment: c.assessment?.recommendation ?? null },
        });
        return { ...c, id, code, createdAt: new Date(rows[0].created_at).toISOString() };
      });
      if (created) return { case: created, created: true };
      // Read after the insert waited for the other press to commit: it sees that case.
      const [first] = verdictKey
        ? await this.db.query<Record<string, unknown>>(
            "SELECT * FROM cases WHERE tenant_id = $1 AND convener_user_id = $2 AND verdict_key = $3",
            [c.tenantId, c.convenerUserId, verdictKey],
          )
        : [];
      if (first) return { case: toCase(first, await this.keys.of(String(first.id))), created: false };
    }
    throw new Error("Could not find a free case code");
  }

  async getCase(id: string): Promise<Case | undefined> {
    const [r] = await this.db.query<Record<string, unknown>>("SELECT * FROM cases WHERE id = $1", [id]);
    return r && toCase(r, await this.keys.of(id));
  }

  /**
   * The consent verdict a case taken over from a flag gets once its consent is checked. With the
   * verdict card's key, a second press of that card changes nothing (false): the row lock makes a
   * concurrent press wait, then see the key already set.
   */
  async setVerdict(
    c: Case,
    verdict: NonNullable<Case["verdict"]>,
    actor: string,
    verdictKey?: string,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.query(
        `UPDATE cases SET verdict = $2::jsonb, verdict_key = COALESCE($3::text, verdict_key)
         WHERE id = $1 AND ($3::text IS NULL OR verdict_key IS DISTINCT FROM $3::text) RETURNING id`,
        [c.id, JSON.stringify(verdict), verdictKey ?? null],
      );
      if (!changed.length) return false;
      await new AuditLog(tx).append({
        actor,
        action: "case.consent_checked",
        subject: c.code,
        detail: { verdict: verdict.verdict },
      });
      return true;
    });
  }

  /** A partial withdrawal of consent: the scope narrows, or `ends` ends the SIP (case-scope.ts). */
  narrowScope(c: Case, services: readonly OrgType[], actor: string, now: Date, ends?: scope.Ends) {
    return scope.narrowScope(this.db, c, services, actor, now, ends);
  }

  /** Ends the SIP and withdraws every invitation still standing (case-scope.ts). */
  close(c: Case, reason: CloseReason, actor: string, now: Date) {
    return scope.closeCase(this.db, c, reason, actor, now);
  }

  /**
   * Stores a kallelse and its invitees, all "pending". `formKey` is the key its form carries: a
   * second submit of that form (at once or later, on any instance) meets the unique (case, form_key)
   * index and gets the first kallelse back with created false, having written nothing.
   */
  async createKallelse(
    caseCode: string,
    caseId: string,
    details: KallelseDetails,
    invitees: NewInvitee[],
    actor: string,
    formKey?: string,
  ): Promise<{ kallelse: Kallelse; invitees: Invitee[]; created: boolean }> {
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      const s = await new DataKeys(tx).forWrite(caseId, "case");
      const inserted = await tx.query(
        `INSERT INTO kallelser (id, case_id, details, form_key) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT DO NOTHING RETURNING id`,
        [id, caseId, JSON.stringify(sealDetails(s, details)), formKey ?? null],
      );
      if (!inserted.length) {
        // The insert waited for the other submit to commit; this statement sees its rows.
        const [r] = await tx.query<Record<string, unknown>>(
          "SELECT * FROM kallelser WHERE case_id = $1 AND form_key = $2",
          [caseId, formKey],
        );
        if (!r) throw new Error("kallelse insert conflicted, but no kallelse has its key");
        const rows = await tx.query<InviteeRow>(
          `SELECT ${INVITEE_COLUMNS} FROM invitees WHERE kallelse_id = $1 ORDER BY seq`,
          [r.id],
        );
        return { kallelse: toKallelse(r, s), invitees: rows.map((x) => toInvitee(x, s)), created: false };
      }
      const stored: Invitee[] = [];
      for (const [i, inv] of invitees.entries()) stored.push(await insertInvitee(tx, id, i + 1, inv, s));
      await new AuditLog(tx).append({
        actor,
        action: "kallelse.created",
        subject: caseCode,
        detail: { kallelseId: id, invitees: stored.map((x) => x.id) },
      });
      return { kallelse: { id, caseId, details } satisfies Kallelse, invitees: stored, created: true };
    });
  }

  async getKallelse(id: string): Promise<Kallelse | undefined> {
    const [r] = await this.db.query<Record<string, unknown>>("SELECT * FROM kallelser WHERE id = $1", [id]);
    return r && toKallelse(r, await this.keys.of(String(r.case_id)));
  }

  /** The case's latest kallelse: a follow-up is prefilled from it. */
  async latestKallelse(caseId: string): Promise<Kallelse | undefined> {
    const sql = "SELECT * FROM kallelser WHERE case_id = $1 ORDER BY created_at DESC, id LIMIT 1";
    const [r] = await this.db.query<Record<string, unknown>>(sql, [caseId]);
    return r && toKallelse(r, await this.keys.of(caseId));
  }

  async invitees(kallelseId: string): Promise<Invitee[]> {
    const rows = await this.db.query<InviteeRow>(
      `SELECT ${INVITEE_COLUMNS} FROM invitees WHERE kallelse_id = $1 ORDER BY seq`,
      [kallelseId],
    );
    if (!rows.length) return [];
    const s = await this.keys.ofKallelse(kallelseId);
    return rows.map((r) => toInvitee(r, s));
  }

  async invitee(id: string): Promise<Invitee | undefined> {
    const [r] = await this.db.query<InviteeRow>(`SELECT ${INVITEE_COLUMNS} FROM invitees WHERE id = $1`, [
      id,
    ]);
    return r ? toInvitee(r, await this.keys.ofKallelse(String(r.kallelse_id))) : undefined;
  }

  /** Whether another invitee of the kallelse still waits for its card (invitee-delivery.ts). */
  othersPending(kallelseId: string, inviteeId: string): Promise<boolean> {
    return delivery.othersPending(this.db, kallelseId, inviteeId);
  }

  /** Ids of the invitees still waiting for their card, oldest first (services/jobs.ts resumes them). */
  pendingInvitees(): Promise<string[]> {
    return delivery.pendingInvitees(this.db);
  }

  /** An invitee with its kallelse and case, or undefined if any of them is gone. */
  async inviteeWithCase(inviteeId: string): Promise<{ invitee: Invitee; k: Kallelse; c: Case } | undefined> {
    const invitee = await this.invitee(inviteeId);
    const k = invitee && (await this.getKallelse(invitee.kallelseId));
    const c = k && (await this.getCase(k.caseId));
    return invitee && k && c ? { invitee, k, c } : undefined;
  }

  /** Everything a printable invitation shows, for the invitee behind a print link. */
  async printable(inviteeId: string) {
    const found = await this.inviteeWithCase(inviteeId);
    if (!found) return undefined;
    const { invitee, k, c } = found;
    return {
      caseCode: c.code,
      region: c.region,
      details: k.details,
      invitee,
      convenerName: c.convenerName ?? "",
    };
  }

  async setTracking(kallelseId: string, conversationId: string, activityId: string): Promise<void> {
    await this.db.query(
      "UPDATE kallelser SET tracking_conversation_id = $2, tracking_activity_id = $3 WHERE id = $1",
      [kallelseId, conversationId, activityId],
    );
  }

  /** Records where an invitee's card went, or that it must go on paper; true if its status changed. */
  delivered(id: string, d: delivery.Delivery, caseCode: string): Promise<boolean> {
    return delivery.recordDelivery(this.db, id, d, caseCode);
  }

  /** A send Teams refused for now: pending still, its job tried again later (invitee-delivery.ts). */
  deferDelivery(id: string, reason: "throttled" | "failed" | "installing", caseCode: string) {
    return delivery.deferDelivery(this.db, id, reason, caseCode);
  }

  /**
   * An invitee's answer, applied only if the invitee is still unanswered: of two presses (or two
   * racing answers) exactly one changes anything. A substitute or colleague is added in the same
   * transaction. Returns undefined when nothing changed.
   */
  answer(
    invitee: Invitee,
    change: AnswerChange,
    actor: string,
    caseCode: string,
    /** How a paper invitee's answer came: their answer link, or recorded by the convener. */
    via?: "answer_link" | "recorded",
  ): Promise<{ updated: Invitee; added?: Invitee } | undefined> {
    return applyAnswer(this.db, invitee, change, actor, caseCode, via);
  }
}
