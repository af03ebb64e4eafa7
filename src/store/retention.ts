import { z } from "zod/v4";
import { IsoDateSchema } from "../sip/index.js";
import { TimeSchema, type KallelseDetails } from "../cases/model.js";
import { AuditLog } from "./audit.js";
import { ERASED } from "./crypto.js";
import { compactDataKeys, DataKeys } from "./data-keys.js";
import type { Executor } from "./db.js";

/**
 * Retention (issue 11): the bot is not the journal. Once a closed case is older than the cutoff,
 * its free text and printable links are erased; codes, dates, kinds, statuses and user ids stay,
 * for the statistics and so that old buttons still find the case and answer "avslutad".
 *
 * Erasure that erases (issue 20): the case's data key is deleted and the key table compacted, so
 * the sealed text its rows, old row versions, the WAL and backups hold can never be opened again
 * (crypto.ts). The columns are blanked as well, which is what erases text stored in plain before
 * migration 016. What an erased case looks like, column by column:
 * - kallelser.details: `{ erased: true, date, time, durationMinutes, place: { kind } }`. The
 *   repository reads it back with ERASED in every text field (and an empty link, so no card
 *   offers one): every reader keeps working and shows that the text is gone, not corrupt data.
 * - invitees.name and .contribution (NOT NULL): ERASED; organisation, email, decline_reason: NULL.
 * - cases.convener_name, plans.lead_name, flags.reporter_name/holder_name: NULL.
 * - plans.interventions: each row keeps principal, start and end; "what" becomes ERASED (the
 *   plan reader's strict schema still parses it, so the rows stay countable by principal).
 * - plans.absent: kept. Invitee ids, no text; a deviation draft built from them names the erased
 *   invitee as ERASED, and a closed case's plan card is not shown anyway.
 * - print_links of the case's invitees: deleted (the printable page answers 404 like any unknown link).
 * - cases.erased_at: set. The audit log gets `case.erased` (actor "system", no detail).
 */

export { ERASED };

const ErasedDetailsSchema = z.object({
  erased: z.literal(true),
  date: IsoDateSchema,
  time: TimeSchema,
  durationMinutes: z.number(),
  place: z.object({ kind: z.enum(["in_person", "digital"]) }),
});

/** An erased kallelse's stored details as KallelseDetails with placeholders; undefined if not erased. */
export function erasedDetails(raw: unknown): KallelseDetails | undefined {
  const e = ErasedDetailsSchema.safeParse(raw);
  if (!e.success) return undefined;
  const { date, time, durationMinutes, place } = e.data;
  return {
    purpose: ERASED,
    longTermGoal: ERASED,
    questions: ERASED,
    date,
    time,
    durationMinutes,
    place: place.kind === "in_person" ? { kind: "in_person", text: ERASED } : { kind: "digital", link: "" },
    personTakesPart: ERASED,
  };
}

export interface EraseOptions {
  /** Cases per transaction: a backlog never holds one huge transaction or sits in memory at once. */
  batchSize?: number;
  /** Stored as erased_at; the database's clock when absent. */
  now?: Date;
}

/**
 * Erases every case closed before `cutoff` and not yet erased, a batch per transaction. Rows are
 * locked with SKIP LOCKED, so two instances running the job at once split the work rather than
 * wait; a second pass finds nothing. Then the key table is compacted: run it outside a transaction.
 */
export async function eraseClosedCases(
  db: Executor,
  cutoff: Date,
  opts: EraseOptions = {},
): Promise<{ cases: number }> {
  const batchSize = opts.batchSize ?? 100;
  let total = 0;
  for (;;) {
    const erased = await db.transaction((tx) => eraseBatch(tx, cutoff, batchSize, opts.now));
    total += erased;
    if (erased < batchSize) {
      if (total) await compactDataKeys(db);
      return { cases: total };
    }
  }
}

async function eraseBatch(tx: Executor, cutoff: Date, limit: number, now?: Date): Promise<number> {
  const batch = await tx.query<{ id: string; code: string }>(
    `SELECT id, code FROM cases
     WHERE status = 'closed' AND closed_at < $1 AND erased_at IS NULL
     ORDER BY closed_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff.toISOString(), limit],
  );
  if (!batch.length) return 0;
  const ids = batch.map((c) => c.id);
  const invitees = `SELECT i.id FROM invitees i JOIN kallelser k ON k.id = i.kallelse_id
                    WHERE k.case_id = ANY($1::uuid[])`;
  await new DataKeys(tx).destroy(ids);
  await tx.query(`DELETE FROM print_links WHERE invitee_id IN (${invitees})`, [ids]);
  await tx.query(
    `UPDATE invitees SET name = $2, contribution = $2, organisation = NULL, email = NULL,
       decline_reason = NULL
     WHERE id IN (${invitees})`,
    [ids, ERASED],
  );
  // Rebuilt from the kept keys only, so a text field added to the details later is erased too.
  await tx.query(
    `UPDATE kallelser SET details = jsonb_build_object(
       'erased', true, 'date', details->'date', 'time', details->'time',
       'durationMinutes', details->'durationMinutes',
       'place', jsonb_build_object('kind', details->'place'->'kind'))
     WHERE case_id = ANY($1::uuid[])`,
    [ids],
  );
  await tx.query(
    `UPDATE plans SET lead_name = NULL, interventions = (
       SELECT COALESCE(jsonb_agg(e || jsonb_build_object('what', $2::text)), '[]'::jsonb)
       FROM jsonb_array_elements(interventions) e)
     WHERE case_id = ANY($1::uuid[])`,
    [ids, ERASED],
  );
  await tx.query(
    "UPDATE flags SET reporter_name = NULL, holder_name = NULL WHERE case_id = ANY($1::uuid[])",
    [ids],
  );
  // A minor's 18th birthday gives away the date of birth: it goes with the free text.
  await tx.query(
    "UPDATE reminders SET about_date = NULL WHERE kind = 'reconsent_18' AND case_id = ANY($1::uuid[])",
    [ids],
  );
  await tx.query(
    `UPDATE cases SET convener_name = NULL, verdict = verdict - 'reconsentOn',
       erased_at = COALESCE($2::timestamptz, now()) WHERE id = ANY($1::uuid[])`,
    [ids, now?.toISOString() ?? null],
  );
  const audit = new AuditLog(tx);
  for (const c of batch) await audit.append({ actor: "system", action: "case.erased", subject: c.code });
  return batch.length;
}
