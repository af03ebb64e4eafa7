import type { Invitee } from "../../src/cases/model.js";
import { CaseRepository } from "../../src/store/cases.js";
import type { Executor } from "../../src/store/db.js";

/**
 * Every invitee as the store reads it: names, organisations and reasons are sealed with their
 * case's key in the table (issue 20), so a test finds a row by name here, not with SQL on `name`.
 * Kallelser in the order they were made, invitees by seq.
 */
export async function openedInvitees(db: Executor): Promise<(Invitee & { caseId: string })[]> {
  const repo = new CaseRepository(db);
  const ks = await db.query<{ id: string; case_id: string }>(
    "SELECT id, case_id FROM kallelser ORDER BY created_at, id",
  );
  const out: (Invitee & { caseId: string })[] = [];
  for (const k of ks)
    for (const i of await repo.invitees(k.id)) out.push({ ...i, caseId: String(k.case_id) });
  return out;
}

/** The invitee named `name` (the first, in kallelse and seq order), as the store reads it. */
export async function inviteeNamed(db: Executor, name: string) {
  return (await openedInvitees(db)).find((i) => i.name === name);
}
