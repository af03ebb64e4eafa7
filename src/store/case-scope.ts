import { ORG_TYPES, type Case, type CloseReason, type Invitee, type OrgType } from "../cases/model.js";
import { narrowedScope } from "../cases/workflow.js";
import { AuditLog } from "./audit.js";
import { ReminderRepository } from "./reminders.js";
import { toCase } from "./case-rows.js";
import { DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";
import { withdrawOutOfScope } from "./invitee-delivery.js";

/** What consent covers, over time: narrowed in part, or withdrawn in full, which ends the SIP. */
export interface ScopeChange {
  case: Case;
  /** False for a press that found nothing to change (a second press, or a case already closed). */
  changed: boolean;
  /** Invitees withdrawn by this change: a delivered card is to be replaced in place. */
  withdrawn: Invitee[];
}

/** Whether a narrowed scope ends the SIP, and why (cases/workflow.ts scopeEnds). */
export type Ends = (excluded: readonly OrgType[]) => CloseReason | undefined;

/**
 * A partial withdrawal of consent: `services` join the case's excluded ones, so the scope only
 * ever narrows, and the SIP goes on; invitees of a newly excluded kind are withdrawn
 * (invitee-delivery.ts). The row lock orders concurrent presses. Undefined for a case without a
 * verdict; `changed` false when nothing new is excluded or the SIP has ended.
 * `ends` (the rule, cases/workflow.ts scopeEnds) reads the new scope under the lock: a reason ends
 * the SIP in the same transaction, so two presses that each leave out half a side cannot both
 * narrow without ending it, and no crash leaves it narrowed but open.
 */
export function narrowScope(
  db: Executor,
  c: Case,
  services: readonly OrgType[],
  actor: string,
  now: Date,
  ends: Ends = () => undefined,
) {
  return db.transaction(async (tx): Promise<ScopeChange | undefined> => {
    const [row] = await tx.query("SELECT * FROM cases WHERE id = $1 FOR UPDATE", [c.id]);
    const current = row && toCase(row, await new DataKeys(tx).of(c.id));
    if (!current?.verdict) return undefined;
    const before = current.verdict.excludedServices ?? [];
    const after = narrowedScope(before, services);
    if (current.closed || after.length === before.length)
      return { case: current, changed: false, withdrawn: [] };
    const verdict = { ...current.verdict, excludedServices: after };
    await tx.query("UPDATE cases SET verdict = $2::jsonb WHERE id = $1", [c.id, JSON.stringify(verdict)]);
    await new AuditLog(tx).append({
      actor,
      action: "case.scope_narrowed",
      subject: c.code,
      detail: { excludedServices: after },
    });
    const reason = ends(after);
    if (reason) return closeIn(tx, { ...current, verdict }, reason, actor, now);
    const withdrawn = await withdrawOutOfScope(tx, current, after, actor, now);
    return { case: { ...current, verdict }, changed: true, withdrawn };
  });
}

/**
 * Ends a SIP (SIP-RULES §7): the case is closed with its reason, and every invitation still
 * standing is withdrawn — never sent, cannot be answered, printable links ended — since nothing
 * may be shared once consent is gone. Under the row lock; a second press changes nothing.
 * Undefined for a case that does not exist.
 */
export function closeCase(db: Executor, c: Case, reason: CloseReason, actor: string, now: Date) {
  return db.transaction(async (tx): Promise<ScopeChange | undefined> => {
    const [row] = await tx.query("SELECT * FROM cases WHERE id = $1 FOR UPDATE", [c.id]);
    const current = row && toCase(row, await new DataKeys(tx).of(c.id));
    if (!current) return undefined;
    if (current.closed) return { case: current, changed: false, withdrawn: [] };
    return closeIn(tx, current, reason, actor, now);
  });
}

/** closeCase's work, inside a transaction that holds the case's row lock. */
async function closeIn(tx: Executor, current: Case, reason: CloseReason, actor: string, now: Date) {
  await tx.query("UPDATE cases SET status = 'closed', closed_at = $2, closed_reason = $3 WHERE id = $1", [
    current.id,
    now.toISOString(),
    reason,
  ]);
  await new AuditLog(tx).append({ actor, action: "case.closed", subject: current.code, detail: { reason } });
  // Nothing more to remind anyone of: every pending reminder of the case ends with it.
  await new ReminderRepository(tx).cancel(current.id);
  const withdrawn = await withdrawOutOfScope(tx, current, ORG_TYPES, actor, now);
  const closed = { ...current, closed: { at: now.toISOString(), reason } };
  return { case: closed, changed: true, withdrawn } satisfies ScopeChange;
}
