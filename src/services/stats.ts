import { monthsBefore, statsTable, type StatsCell } from "../cases/stats.js";
import { stockholmToday } from "../clock.js";
import type { Recommendation, RegionKey } from "../sip/index.js";
import { AuditLog } from "../store/audit.js";
import { statsRows } from "../store/stats.js";
import type { ServiceDeps } from "./deps.js";

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
  return {
    /**
     * One assessment made, for the statistics: one INSERT, codes only, written after the turn is
     * answered (it doubled a card submit's time in `npm run bench`). A failed write is logged and
     * not the user's problem: the assessment they asked for is shown all the same.
     */
    async assessed(actor: string, recommendation: Recommendation, region: RegionKey): Promise<void> {
      const write = async () => {
        try {
          await audit.append({
            actor,
            action: "assessment.made",
            subject: "assessment",
            detail: { recommendation, region },
          });
        } catch (err) {
          logger.warn({ event: "assessment_audit_failed", err: (err as Error).message });
        }
      };
      if (later) later("audit_assessment", write);
      else await write();
    },

    /** The cells of the last `months` months (this one included), oldest first. */
    async recent(months: number): Promise<StatsCell[]> {
      const from = monthsBefore(stockholmToday(clock).slice(0, 7), months - 1);
      return statsTable(await statsRows(db, from));
    },
  };
}
