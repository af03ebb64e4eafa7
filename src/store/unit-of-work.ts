import { CaseRepository } from "./cases.js";
import type { Executor } from "./db.js";
import { FlagRepository } from "./flags.js";
import { PrintLinks } from "./print-links.js";
import { ReminderRepository } from "./reminders.js";

/** The repositories, all bound to one executor: the database, or one transaction. */
export interface Repositories {
  cases: CaseRepository;
  flags: FlagRepository;
  printLinks: PrintLinks;
  reminders: ReminderRepository;
}

export const repositories = (ex: Executor): Repositories => ({
  cases: new CaseRepository(ex),
  flags: new FlagRepository(ex),
  printLinks: new PrintLinks(ex),
  reminders: new ReminderRepository(ex),
});

/**
 * A unit of work: one transaction, and repositories bound to it. Everything they write commits
 * together or, when fn throws, not at all; their own transactions join this one.
 */
export function unitOfWork<R>(db: Executor, fn: (repos: Repositories) => Promise<R>): Promise<R> {
  return db.transaction((tx) => fn(repositories(tx)));
}
