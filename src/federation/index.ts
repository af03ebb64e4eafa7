import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import { AuditLog } from "../store/audit.js";
import type { Db } from "../store/db.js";
import { FederationStore } from "../store/federation.js";
import { federationClient } from "./client.js";
import type { FederationInbox } from "./inbound.js";
import { federationRoutes } from "./routes.js";
import type { FederationSettings } from "./settings.js";

export type { FederationSettings } from "./settings.js";
export { federationPort } from "./port.js";
export { startOutbox, type Outbox } from "./outbox.js";

/** What server.ts mounts and hands the bot when federation is configured (config.federation). */
export function startFederation(
  settings: FederationSettings,
  o: { db: Db; clock: Clock; logger: Logger; tenants?: ReadonlySet<string>; inbox?: FederationInbox },
) {
  const audit = new AuditLog(o.db);
  const logger = o.logger.child({ component: "federation" });
  const store = new FederationStore(o.db);
  const routes = federationRoutes({
    settings,
    store,
    audit,
    clock: o.clock,
    logger,
    ...(o.tenants ? { tenants: o.tenants } : {}),
    ...(o.inbox ? { inbox: o.inbox } : {}),
  });
  const client = federationClient({ settings, clock: o.clock, logger, audit, store });
  logger.info({ event: "federation_on", keyId: settings.keyId, peers: settings.peers.length });
  return { routes, client };
}
