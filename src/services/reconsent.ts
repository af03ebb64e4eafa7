import type { Case, CaseVerdict } from "../cases/model.js";
import { reconsentReminders } from "../cases/plan.js";
import { stockholmDate } from "../clock.js";
import type { ReminderRepository } from "../store/reminders.js";
import { unitOfWork } from "../store/unit-of-work.js";
import type { ServiceDeps } from "./deps.js";

/**
 * A case's consent verdict written together with its turning-18 reminders (CONTRACT v3 consent
 * rule 4), in one transaction: a case is never left with a `reconsentOn` and no reminder of it.
 * They go to the convener; a plan naming a lead readdresses them (store/plans.ts). The date is
 * an 18th birthday, so it is never logged.
 */
export function verdictWriter(deps: Pick<ServiceDeps, "db" | "clock">) {
  const remind = async (reminders: ReminderRepository, c: Case, verdict: CaseVerdict) => {
    // A verdict set again replaces the reminders of the one before.
    await reminders.cancel(c.id, ["reconsent_18"]);
    const to = { userId: c.convenerUserId, tenantId: c.tenantId };
    await reminders.insert(
      c.id,
      reconsentReminders(to, verdict.reconsentOn, stockholmDate(deps.clock.now())),
    );
  };

  return {
    /** CaseRepository.createCaseOnce, plus the reminders when the case was created. */
    createCaseOnce: (
      verdictKey: string | undefined,
      c: Omit<Case, "id" | "code" | "createdAt"> & { verdict: CaseVerdict },
      actor: string,
    ) =>
      unitOfWork(deps.db, async ({ cases, reminders }) => {
        const opened = await cases.createCaseOnce(verdictKey, c, actor);
        if (opened.created) await remind(reminders, opened.case, c.verdict);
        return opened;
      }),

    /** CaseRepository.setVerdict (a case taken over from a flag), plus the reminders when it changed. */
    setVerdict: (c: Case, verdict: CaseVerdict, actor: string, verdictKey?: string) =>
      unitOfWork(deps.db, async ({ cases, reminders }) => {
        const set = await cases.setVerdict(c, verdict, actor, verdictKey);
        if (set) await remind(reminders, c, verdict);
        return set;
      }),
  };
}
