import { FlagAssessmentSchema, type Flag, type NewFlag, type NextHolder } from "../cases/flag.js";
import { AuditLog } from "./audit.js";
import type { Executor } from "./db.js";

type Row = Record<string, unknown>;
const opt = (key: string, v: unknown) => (typeof v === "string" && v !== "" ? { [key]: v } : {});
function toFlag(r: Row): Flag {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    reporterUserId: String(r.reporter_user_id),
    ...opt("reporterName", r.reporter_name),
    ...opt("reporterConversationId", r.reporter_conversation_id),
    ...opt("reporterActivityId", r.reporter_activity_id),
    holderUserId: String(r.holder_user_id),
    holderTenantId: String(r.holder_tenant_id),
    ...opt("holderName", r.holder_name),
    ...opt("holderConversationId", r.holder_conversation_id),
    ...opt("holderActivityId", r.holder_activity_id),
    assessment: FlagAssessmentSchema.parse(r.assessment),
    status: r.status === "taken" ? "taken" : "open",
    ...opt("caseId", r.case_id),
  };
}

/**
 * "Behov av samordning" flags. Every change is written with its audit entry (subject: the flag id)
 * in one transaction. Passing and taking over are conditional on the flag being open and held by
 * the actor, so a second press, or a press by anyone else, changes nothing.
 */
export class FlagRepository {
  constructor(private readonly db: Executor) {}

  /** Stores a flag whose card has reached its first holder (never before: nothing half-sent). */
  async create(f: NewFlag, actor: string): Promise<Flag> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO flags (id, tenant_id, reporter_user_id, reporter_name, reporter_conversation_id,
           reporter_activity_id, holder_user_id, holder_name, holder_conversation_id, holder_activity_id, assessment,
           holder_tenant_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING *`,
        [
          f.id,
          f.tenantId,
          f.reporterUserId,
          f.reporterName ?? null,
          f.reporterConversationId ?? null,
          f.reporterActivityId ?? null,
          f.holderUserId,
          f.holderName ?? null,
          f.holderConversationId ?? null,
          f.holderActivityId ?? null,
          JSON.stringify(f.assessment),
          f.holderTenantId,
        ],
      );
      if (!row) throw new Error("flag insert returned no row");
      await new AuditLog(tx).append({
        actor,
        action: "flag.sent",
        subject: f.id,
        detail: { to: f.holderUserId, recommendation: f.assessment.recommendation },
      });
      return toFlag(row);
    });
  }

  async get(id: string): Promise<Flag | undefined> {
    const [r] = await this.db.query<Row>("SELECT * FROM flags WHERE id = $1", [id]);
    return r ? toFlag(r) : undefined;
  }

  /** The flag already sent from this form card, if any: a second press must not send it again. */
  async fromForm(tenantId: string, reporterUserId: string, conversationId: string, activityId: string) {
    const [r] = await this.db.query<Row>(
      `SELECT * FROM flags WHERE tenant_id = $1 AND reporter_user_id = $2
         AND reporter_conversation_id = $3 AND reporter_activity_id = $4`,
      [tenantId, reporterUserId, conversationId, activityId],
    );
    return r ? toFlag(r) : undefined;
  }

  /** How often the flag has been passed on (from the audit trail, which is what happened). */
  async passes(id: string): Promise<number> {
    return (await new AuditLog(this.db).list(id)).filter((e) => e.action === "flag.passed").length;
  }

  /**
   * Moves an open flag from its holder `from` to the next one, a colleague in the holder's tenant
   * (which stays); undefined when nothing changed.
   */
  async pass(id: string, from: string, to: NextHolder, actor: string): Promise<Flag | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `UPDATE flags SET holder_user_id = $3, holder_name = $4, holder_conversation_id = $5,
           holder_activity_id = $6, updated_at = now()
         WHERE id = $1 AND status = 'open' AND holder_user_id = $2 RETURNING *`,
        [id, from, to.userId, to.name, to.conversationId, to.activityId],
      );
      if (!row) return undefined;
      await new AuditLog(tx).append({
        actor,
        action: "flag.passed",
        subject: id,
        detail: { from, to: to.userId },
      });
      return toFlag(row);
    });
  }

  /**
   * The holder takes the flag over: it becomes 'taken' only if still open and theirs. Undefined
   * when nothing changed. Run in a unit of work (unit-of-work.ts) with the case it creates.
   */
  async claim(id: string, holder: string): Promise<Flag | undefined> {
    const [claimed] = await this.db.query<Row>(
      `UPDATE flags SET status = 'taken', updated_at = now()
       WHERE id = $1 AND status = 'open' AND holder_user_id = $2 RETURNING *`,
      [id, holder],
    );
    return claimed && toFlag(claimed);
  }

  /** The case a taken flag became, with the audit entry for the take. */
  async linkCase(id: string, c: { id: string; code: string }, actor: string): Promise<Flag> {
    const [row] = await this.db.query<Row>("UPDATE flags SET case_id = $2 WHERE id = $1 RETURNING *", [
      id,
      c.id,
    ]);
    if (!row) throw new Error("flag to link disappeared inside its transaction");
    await new AuditLog(this.db).append({
      actor,
      action: "flag.taken",
      subject: id,
      detail: { case: c.code },
    });
    return toFlag(row);
  }
}
