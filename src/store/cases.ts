import { randomUUID } from "node:crypto";
import type { Case, Invitee, InviteeStatus, KallelseDetails } from "../cases/model.js";
import { newCaseCode } from "../cases/workflow.js";
import { AuditLog } from "./audit.js";
import type { Db } from "./db.js";
import {
  INVITEE_COLUMNS,
  insertInvitee,
  toInvitee,
  type InviteeRow,
  type NewInvitee,
} from "./invitee-rows.js";

export type { NewInvitee } from "./invitee-rows.js";

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export interface Kallelse {
  id: string;
  caseId: string;
  details: KallelseDetails;
  trackingConversationId?: string;
  trackingActivityId?: string;
}

/**
 * Cases, kallelser and invitees. Every change is written together with its audit entry in one
 * transaction; answers are conditional updates, so a second press or a concurrent answer
 * changes nothing.
 */
export class CaseRepository {
  constructor(private readonly db: Db) {}

  async createCase(c: Omit<Case, "id" | "code" | "createdAt">, actor: string): Promise<Case> {
    // A 4-character code collides rarely; a unique index makes a collision a retry, not a merge.
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCaseCode();
      const id = randomUUID();
      const created = await this.db.transaction(async (tx) => {
        const rows = await tx.query<{ created_at: Date }>(
          `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, convener_name, verdict, assessment)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) ON CONFLICT (code) DO NOTHING RETURNING created_at`,
          [
            id,
            code,
            c.tenantId,
            c.region,
            c.convenerUserId,
            c.convenerName ?? null,
            json(c.verdict),
            json(c.assessment),
          ],
        );
        if (!rows[0]) return undefined;
        await new AuditLog(tx).append({
          actor,
          action: "case.created",
          subject: code,
          detail: { verdict: c.verdict?.verdict ?? null, assessment: c.assessment?.recommendation ?? null },
        });
        return { ...c, id, code, createdAt: new Date(rows[0].created_at).toISOString() };
      });
      if (created) return created;
    }
    throw new Error("Could not find a free case code");
  }

  async getCase(id: string): Promise<Case | undefined> {
    const [r] = await this.db.query<Record<string, unknown>>("SELECT * FROM cases WHERE id = $1", [id]);
    if (!r) return undefined;
    return {
      id: String(r.id),
      code: String(r.code),
      tenantId: String(r.tenant_id),
      region: String(r.region),
      convenerUserId: String(r.convener_user_id),
      ...(r.convener_name ? { convenerName: String(r.convener_name) } : {}),
      ...(r.verdict ? { verdict: r.verdict as Case["verdict"] } : {}),
      ...(r.assessment ? { assessment: r.assessment as Case["assessment"] } : {}),
      createdAt: new Date(r.created_at as string).toISOString(),
    };
  }

  /** The consent verdict a case taken over from a flag gets once its consent is checked. */
  async setVerdict(c: Case, verdict: NonNullable<Case["verdict"]>, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query("UPDATE cases SET verdict = $2::jsonb WHERE id = $1", [c.id, JSON.stringify(verdict)]);
      await new AuditLog(tx).append({
        actor,
        action: "case.consent_checked",
        subject: c.code,
        detail: { verdict: verdict.verdict },
      });
    });
  }

  async createKallelse(
    caseCode: string,
    caseId: string,
    details: KallelseDetails,
    invitees: NewInvitee[],
    actor: string,
  ) {
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      await tx.query("INSERT INTO kallelser (id, case_id, details) VALUES ($1, $2, $3::jsonb)", [
        id,
        caseId,
        JSON.stringify(details),
      ]);
      const stored: Invitee[] = [];
      for (const [i, inv] of invitees.entries()) stored.push(await insertInvitee(tx, id, i + 1, inv));
      await new AuditLog(tx).append({
        actor,
        action: "kallelse.created",
        subject: caseCode,
        detail: { kallelseId: id, invitees: stored.map((x) => x.id) },
      });
      return { kallelse: { id, caseId, details } satisfies Kallelse, invitees: stored };
    });
  }

  async getKallelse(id: string): Promise<Kallelse | undefined> {
    const [r] = await this.db.query<Record<string, unknown>>("SELECT * FROM kallelser WHERE id = $1", [id]);
    if (!r) return undefined;
    return {
      id: String(r.id),
      caseId: String(r.case_id),
      details: r.details as KallelseDetails,
      ...(r.tracking_conversation_id ? { trackingConversationId: String(r.tracking_conversation_id) } : {}),
      ...(r.tracking_activity_id ? { trackingActivityId: String(r.tracking_activity_id) } : {}),
    };
  }

  async invitees(kallelseId: string): Promise<Invitee[]> {
    const rows = await this.db.query<InviteeRow>(
      `SELECT ${INVITEE_COLUMNS} FROM invitees WHERE kallelse_id = $1 ORDER BY seq`,
      [kallelseId],
    );
    return rows.map(toInvitee);
  }

  async invitee(id: string): Promise<Invitee | undefined> {
    const [r] = await this.db.query<InviteeRow>(`SELECT ${INVITEE_COLUMNS} FROM invitees WHERE id = $1`, [
      id,
    ]);
    return r ? toInvitee(r) : undefined;
  }

  /**
   * Claims invitees still "pending" (never sent) for longer than the lease, by moving their
   * updated_at to now: a second sweep, on this instance or another, skips what this one took.
   * The database's clock decides, so instances with drifting clocks agree.
   */
  async claimStalePending(leaseMinutes: number, limit = 100): Promise<Invitee[]> {
    const rows = await this.db.query<InviteeRow>(
      `UPDATE invitees SET updated_at = now()
        WHERE id IN (SELECT id FROM invitees
                      WHERE status = 'pending' AND updated_at < now() - make_interval(mins => $1)
                      ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          AND status = 'pending'
      RETURNING ${INVITEE_COLUMNS}`,
      [leaseMinutes, limit],
    );
    return rows.map(toInvitee).sort((a, b) => a.seq - b.seq);
  }

  /** Renews the lease of invitees still waiting in a delivery under way, so no sweep takes them. */
  async renewPending(ids: string[]): Promise<void> {
    await this.db.query(`UPDATE invitees SET updated_at = now() WHERE id = ANY($1) AND status = 'pending'`, [
      ids,
    ]);
  }

  /** The live printable-invitation token of each invitee of a kallelse that has one. */
  async printTokens(kallelseId: string, now: Date): Promise<Map<string, string>> {
    const rows = await this.db.query<{ invitee_id: string; token: string }>(
      `SELECT DISTINCT ON (p.invitee_id) p.invitee_id, p.token FROM print_links p
       JOIN invitees i ON i.id = p.invitee_id
       WHERE i.kallelse_id = $1 AND p.expires_at > $2 ORDER BY p.invitee_id, p.expires_at DESC`,
      [kallelseId, now.toISOString()],
    );
    return new Map(rows.map((r) => [r.invitee_id, r.token]));
  }

  /** Everything a printable invitation shows, for the invitee behind a print link. */
  async printable(inviteeId: string) {
    const invitee = await this.invitee(inviteeId);
    const k = invitee && (await this.getKallelse(invitee.kallelseId));
    const c = k && (await this.getCase(k.caseId));
    if (!invitee || !k || !c) return undefined;
    return { caseCode: c.code, details: k.details, invitee, convenerName: c.convenerName ?? "" };
  }

  async setTracking(kallelseId: string, conversationId: string, activityId: string): Promise<void> {
    await this.db.query(
      "UPDATE kallelser SET tracking_conversation_id = $2, tracking_activity_id = $3 WHERE id = $1",
      [kallelseId, conversationId, activityId],
    );
  }

  /** Records where an invitee's card went (or that it must go on paper). */
  async delivered(
    id: string,
    d: { status: InviteeStatus; conversationId?: string; activityId?: string },
    caseCode: string,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE invitees SET status = $2, conversation_id = COALESCE($3, conversation_id),
           activity_id = COALESCE($4, activity_id), updated_at = now() WHERE id = $1`,
        [id, d.status, d.conversationId ?? null, d.activityId ?? null],
      );
      await new AuditLog(tx).append({
        actor: "system",
        action: `invitation.${d.status}`,
        subject: caseCode,
        detail: { invitee: id },
      });
    });
  }

  /**
   * An invitee's answer, applied only if the invitee is still unanswered: of two presses (or two
   * racing answers) exactly one changes anything. A substitute or colleague is added in the same
   * transaction. Returns undefined when nothing changed.
   */
  async answer(
    invitee: Invitee,
    change: { status: InviteeStatus; declineReason?: string; next?: NewInvitee },
    actor: string,
    caseCode: string,
  ): Promise<{ updated: Invitee; added?: Invitee } | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<InviteeRow>(
        `UPDATE invitees SET status = $2, decline_reason = $3, updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'invited', 'printable') RETURNING ${INVITEE_COLUMNS}`,
        [invitee.id, change.status, change.declineReason ?? null],
      );
      if (!row) return undefined;
      let added: Invitee | undefined;
      if (change.next) {
        const [{ seq }] = (await tx.query<{ seq: number }>(
          "SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM invitees WHERE kallelse_id = $1",
          [invitee.kallelseId],
        )) as [{ seq: number }];
        added = await insertInvitee(tx, invitee.kallelseId, Number(seq), {
          ...change.next,
          replaces: invitee.id,
        });
      }
      await new AuditLog(tx).append({
        actor,
        action: `invitation.${change.status}`,
        subject: caseCode,
        detail: { invitee: invitee.id, ...(added ? { added: added.id } : {}) },
      });
      return { updated: toInvitee(row), ...(added ? { added } : {}) };
    });
  }
}
