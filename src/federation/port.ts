import type { Logger } from "pino";
import { containsPersonnummer } from "../bot/pnr-guard.js";
import type { FederationPort } from "../services/federated-protocol.js";
import type { Outbox } from "./outbox.js";
import { peerMaySee, type FederationSettings } from "./settings.js";

/**
 * The services' way to peers (services/federated-protocol.ts) on the outbox. The personnummer
 * guard runs here on the sending side too: the kallelse's texts passed the turn guard, but what
 * leaves the organisation is checked once more, whole, and refused rather than sent.
 */
export function federationPort(
  settings: FederationSettings,
  outbox: () => Outbox | undefined,
  logger: Logger,
  /** The tenants served (config.tenants); undefined: every tenant (development). */
  served?: ReadonlySet<string>,
): FederationPort {
  const peer = (keyId: string) => settings.peers.find((p) => p.keyId === keyId);
  return {
    peerName: (keyId) => peer(keyId)?.name,
    maySee(keyId, tenantId) {
      const p = peer(keyId);
      return Boolean(p && peerMaySee(p, served, tenantId));
    },
    serves: (tenantId) => !served || served.has(tenantId),
    async send(keyId, path, payload, key) {
      const box = outbox();
      if (!box || !settings.peers.some((p) => p.keyId === keyId)) return false;
      if (containsPersonnummer(payload)) {
        logger.warn({ event: "federation_pnr_refused", peer: keyId, key, path });
        return false;
      }
      await box.send(keyId, path, payload, key);
      return true;
    },
  };
}
