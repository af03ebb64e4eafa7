import { monthsBefore, statsTable, type StatsCell } from "../cases/stats.js";
import { stockholmToday } from "../clock.js";
import type { Recommendation, RegionKey } from "../sip/index.js";
import { AuditLog, type AuditEntryInput } from "../store/audit.js";
import { statsRows } from "../store/stats.js";
import type { ServiceDeps } from "./deps.js";

/** How long assessment rows gather before they are written together. */
const BATCH_MS = 200;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Statistics without personal data: assessments are audited here (they make no case, so no
 * repository records them), and the counts are read back as suppressed cells (cases/stats.ts).
 */
export function statsService({
  db,
  clock,
  logger,
  later,
}: Pick<ServiceDeps, "db" | "clock" | "logger" | "later">) {
  const audit = new AuditLog(db);
  const pending: AuditEntryInput[] = [];
  const flush = async () => {
    const batch = pending.splice(0);
    try {
      await audit.appendMany(batch);
    } catch (err) {
      logger.warn({ event: "assessment_audit_failed", rows: batch.length, err: (err as Error).message });
    }
  };
  return {
    /**
     * One assessment made, for the statistics: codes only, gathered for BATCH_MS after the turn is
     * answered and written in one INSERT (one per turn doubled a card submit's time in
     * `npm run bench`). A crash may lose that moment's rows; a failed write is logged, and the
     * assessment the user asked for is shown all the same.
     */
    async assessed(actor: string, recommendation: Recommendation, region: RegionKey): Promise<void> {
      pending.push({
        actor,
        action: "assessment.made",
        subject: "assessment",
        detail: { recommendation, region },
      });
      if (!later) return flush();
      // The first row of a batch schedules its write; the rest join it.
      if (pending.length === 1) later("audit_assessments", () => sleep(BATCH_MS).then(flush));
    },

    /** The cells of the last `months` months (this one included), oldest first. */
    async recent(months: number): Promise<StatsCell[]> {
      const from = monthsBefore(stockholmToday(clock).slice(0, 7), months - 1);
      return statsTable(await statsRows(db, from));
    },
  };
}
