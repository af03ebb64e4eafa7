import { answerService } from "./answers.js";
import { deliveryService } from "./delivery.js";
import { federatedService } from "./federated.js";
import type { ServiceDeps } from "./deps.js";
import { flagService } from "./flags.js";
import { invitationService } from "./invitations.js";
import { kallelseService } from "./kallelse.js";
import { mineService } from "./mine.js";
import { people, type ServedTenants } from "./people.js";
import { planService } from "./plan.js";
import { reminderService } from "./reminders.js";
import { statsService } from "./stats.js";

export type { ServiceDeps, JobPort } from "./deps.js";
export type { Acting } from "./kallelse.js";
export type { Person, ServedTenants } from "./people.js";

/**
 * The application services, one per capability, built once from one set of dependencies.
 * `served`: the tenants this deployment serves, for the partner directory (people.ts).
 */
export function createServices(deps: ServiceDeps, served?: ServedTenants) {
  const delivery = deliveryService(deps);
  const kallelse = kallelseService(deps, delivery);
  const invitations = invitationService(deps);
  const directory = people(deps.refs, served);
  return {
    people: directory,
    delivery,
    kallelse,
    plan: planService(deps, directory),
    reminders: reminderService(deps, kallelse),
    invitations,
    /** Invitations to and from federation peers' users (README "Federation"). */
    federated: federatedService(deps, invitations, delivery),
    /** Paper invitees' answers: the answer page and the convener's "Registrera svar". */
    answers: answerService(deps, invitations, kallelse),
    flags: flagService(deps, directory),
    stats: statsService(deps),
    mine: mineService(deps),
    /** Whether the bot may install itself for users of this tenant (proactive/installer.ts). */
    selfInstall: (tenantId: string) => Boolean(deps.installer?.covers(tenantId)),
  };
}
export type Services = ReturnType<typeof createServices>;
