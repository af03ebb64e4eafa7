import { deliveryService } from "./delivery.js";
import type { ServiceDeps } from "./deps.js";
import { flagService } from "./flags.js";
import { invitationService } from "./invitations.js";
import { kallelseService } from "./kallelse.js";
import { mineService } from "./mine.js";
import { people } from "./people.js";
import { planService } from "./plan.js";
import { reminderService } from "./reminders.js";
import { statsService } from "./stats.js";

export type { ServiceDeps, JobPort } from "./deps.js";
export type { Acting } from "./kallelse.js";
export type { Person } from "./people.js";

/** The application services, one per capability, built once from one set of dependencies. */
export function createServices(deps: ServiceDeps) {
  const delivery = deliveryService(deps);
  const kallelse = kallelseService(deps, delivery);
  return {
    people: people(deps.refs),
    delivery,
    kallelse,
    plan: planService(deps),
    reminders: reminderService(deps, kallelse),
    invitations: invitationService(deps),
    flags: flagService(deps),
    stats: statsService(deps),
    mine: mineService(deps),
  };
}
export type Services = ReturnType<typeof createServices>;
