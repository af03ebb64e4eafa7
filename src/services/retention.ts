import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { Executor } from "../store/db.js";
import { eraseFederatedInvitations } from "../store/federated-invitations.js";
import { eraseClosedCases } from "../store/retention.js";

export interface RetentionDeps {
  db: Executor;
  clock: Clock;
  logger: Pick<Logger, "info">;
  /** RETENTION_DAYS: how long after closing a case keeps its free text. */
  retentionDays: number;
}

const DAY_MS = 86_400_000;

/**
 * The daily retention pass (issue 11): erases the free text of cases closed more than
 * `retentionDays` ago (store/retention.ts), and peers' invitations whose meeting is that old. Its
 * log line carries only the counts: no codes, no names.
 */
export async function retentionPass(deps: RetentionDeps): Promise<{ erased: number }> {
  const now = deps.clock.now();
  // Whole 24-hour days from now, not calendar days: a case closed at 14:00 is erased by the first
  // pass after 14:00 on day N, which for a daily job is the same day or the next.
  const cutoff = new Date(now.getTime() - deps.retentionDays * DAY_MS);
  const { cases } = await eraseClosedCases(deps.db, cutoff, { now });
  // Federation peers' invitations to our users, by their meeting day (store/federated-invitations.ts).
  const peerCopies = await eraseFederatedInvitations(deps.db, cutoff);
  deps.logger.info({ event: "retention_pass", erased: cases, peerCopies });
  return { erased: cases };
}
