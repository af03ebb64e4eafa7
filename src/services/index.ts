import { deliveryService } from "./delivery.js";
import type { ServiceDeps } from "./deps.js";
import { flagService } from "./flags.js";
import { invitationService } from "./invitations.js";
import { kallelseService } from "./kallelse.js";
import { people } from "./people.js";

export type { ServiceDeps, JobPort } from "./deps.js";
export type { Acting } from "./kallelse.js";
export type { Person } from "./people.js";

/** The application services, one per capability, built once from one set of dependencies. */
export function createServices(deps: ServiceDeps) {
  const delivery = deliveryService(deps);
  return {
    people: people(deps.refs),
    delivery,
    kallelse: kallelseService(deps, delivery),
    invitations: invitationService(deps),
    flags: flagService(deps),
  };
}
export type Services = ReturnType<typeof createServices>;
