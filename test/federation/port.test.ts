import { createPublicKey } from "node:crypto";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { federationPort } from "../../src/federation/port.js";
import type { Outbox } from "../../src/federation/outbox.js";
import type { FederationSettings } from "../../src/federation/settings.js";
import { invitationPayload, testIdentity } from "../helpers/federation.js";

/** The sending side's guard: what would leave the organisation is checked whole before queueing. */
describe("federationPort", () => {
  const self = testIdentity("Kommun A", "http://127.0.0.1:1");
  const peer = testIdentity("Region B", "http://127.0.0.1:2");
  const settings: FederationSettings = {
    name: "Kommun A",
    publicUrl: self.descriptor.url,
    keyId: self.keyId,
    privateKey: self.privateKey,
    publicKeyPem: self.descriptor.publicKey,
    peers: [
      {
        name: "Regionen",
        url: peer.descriptor.url,
        keyId: peer.keyId,
        publicKey: createPublicKey(peer.privateKey),
        tenants: [],
      },
    ],
  };
  const queued: string[] = [];
  const outbox: Outbox = { send: async (_peer, _path, _payload, key) => void queued.push(key) };
  const port = federationPort(settings, () => outbox, pino({ level: "silent" }));
  const body = (purpose: string) =>
    invitationPayload({ id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", person: "p-1", purpose }) as Parameters<
      typeof port.send
    >[2];

  it("queues a clean invitation to a known peer, and names the peer by its local label", async () => {
    expect(await port.send(peer.keyId, "/fed/v1/invitations", body("Samordna"), "inv:1")).toBe(true);
    expect(queued).toEqual(["inv:1"]);
    expect(port.peerName(peer.keyId)).toBe("Regionen");
  });

  it("refuses a personnummer anywhere in it, and a peer it does not trust; nothing queued", async () => {
    queued.length = 0;
    expect(await port.send(peer.keyId, "/fed/v1/invitations", body("Gäller 19121212-1212"), "inv:2")).toBe(
      false,
    );
    expect(await port.send("x".repeat(43), "/fed/v1/invitations", body("Samordna"), "inv:3")).toBe(false);
    expect(queued).toEqual([]);
  });
});
