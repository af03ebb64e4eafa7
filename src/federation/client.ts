import type { Logger } from "pino";
import { z } from "zod/v4";
import type { Clock } from "../clock.js";
import type { AuditLog } from "../store/audit.js";
import type { FederationStore } from "../store/federation.js";
import { DIRECTORY_LIMIT, DIRECTORY_MIN_QUERY } from "./routes.js";
import type { FederationSettings, Peer } from "./settings.js";
import { signRequest } from "./signature.js";

/** A peer's directory answer, parsed: at most DIRECTORY_LIMIT people, ids opaque to us. */
const DirectoryAnswer = z.object({
  people: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        name: z.string().trim().min(1).max(200),
      }),
    )
    .max(DIRECTORY_LIMIT),
});

/** One peer user as a typeahead choice: "Name (peer name)", the value naming peer and person. */
export interface PeerChoice {
  title: string;
  value: string;
}

/** A picked peer user's value: "fed:<peer keyId>:<their opaque id>"; neither part holds ":". */
export const peerValue = (peer: Peer, id: string) => `fed:${peer.keyId}:${id}`;
const PEER_VALUE = /^fed:([A-Za-z0-9_-]{43}):([A-Za-z0-9_-]{1,64})$/;

/** A picked peer user, resolved: who, at which peer, and the name its directory gave. */
export interface PeerPerson {
  keyId: string;
  personId: string;
  name: string;
  peerName: string;
}

/**
 * Asks each peer's directory in parallel. Teams gives a typeahead about 5 s: a peer that does not
 * answer within `timeoutMs`, or answers wrongly, is skipped and logged, the others still shown.
 */
export function federationClient(o: {
  settings: FederationSettings;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  store: FederationStore;
  timeoutMs?: number;
  fetch?: typeof fetch;
}) {
  const { settings, clock, logger, audit, store } = o;
  const timeoutMs = o.timeoutMs ?? 2000;
  const send = o.fetch ?? fetch;
  const key = { keyId: settings.keyId, privateKey: settings.privateKey };

  async function askDirectory(actor: string, peer: Peer, query: string): Promise<PeerChoice[]> {
    const url = new URL(`${peer.url}/fed/v1/directory`);
    url.searchParams.set("q", query);
    let status = 0;
    try {
      const headers = await signRequest({ method: "GET", url: url.href }, key, clock);
      const res = await send(url.href, { headers, signal: AbortSignal.timeout(timeoutMs) });
      status = res.status;
      if (!res.ok) throw new Error(`status ${res.status}`);
      const answer = DirectoryAnswer.parse(await res.json());
      await store.rememberPeerPeople(peer.keyId, answer.people, clock.now());
      return answer.people.map((p) => ({ title: `${p.name} (${peer.name})`, value: peerValue(peer, p.id) }));
    } catch (err) {
      const reason = err instanceof Error && err.name === "TimeoutError" ? "timeout" : "failed";
      logger.warn({ event: "federation_peer_skipped", peer: peer.keyId, status, reason });
      return [];
    } finally {
      // Who asked which peer, and how it went: ids only (the query is a name).
      await audit
        .append({
          actor,
          action: "federation.directory_asked",
          subject: peer.keyId,
          detail: { status },
        })
        .catch(() => logger.warn({ event: "federation_audit_failed", peer: peer.keyId }));
    }
  }

  return {
    /** The typeahead's peer results, in the order of the peers file; none for a query with digits. */
    async directory(actor: string, query: string): Promise<PeerChoice[]> {
      const q = query.trim();
      // The peer refuses these anyway (routes.ts): asking would only spend its rate limit.
      if (q.length < DIRECTORY_MIN_QUERY || /\d/.test(q) || q.length > 100) return [];
      const answers = await Promise.all(settings.peers.map((peer) => askDirectory(actor, peer, q)));
      return answers.flat();
    },

    /** Picked "Vem" values naming a peer's user that its directory showed us, by value. */
    async known(values: readonly string[]): Promise<Map<string, PeerPerson>> {
      const found = await Promise.all(
        values.map(async (value) => {
          const [, keyId = "", personId = ""] = PEER_VALUE.exec(value) ?? [];
          const peer = settings.peers.find((p) => p.keyId === keyId);
          const name = peer && (await store.peerPersonName(keyId, personId));
          return name && peer ? [[value, { keyId, personId, name, peerName: peer.name }] as const] : [];
        }),
      );
      return new Map(found.flat());
    },
  };
}
export type FederationClient = ReturnType<typeof federationClient>;
