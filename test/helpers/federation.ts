import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { keyIdOf, spkiPem } from "../../src/federation/keys.js";
import type { Descriptor } from "../../src/federation/settings.js";
import { signRequest } from "../../src/federation/signature.js";
import type { Clock } from "../../src/clock.js";

/** A test instance's identity: a fresh Ed25519 key and the descriptor its admin would hand out. */
export interface TestIdentity {
  privateKey: KeyObject;
  keyId: string;
  descriptor: Descriptor;
}

export function testIdentity(name: string, url: string): TestIdentity {
  const { privateKey } = generateKeyPairSync("ed25519");
  const keyId = keyIdOf(privateKey);
  return { privateKey, keyId, descriptor: { name, url, keyId, publicKey: spkiPem(privateKey) } };
}

/** Key and peers files of this test file, removed after its tests (a file-level hook). */
const made: string[] = [];
afterAll(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The FEDERATION_* variables for `self` trusting `peers`, with the key and peers files written. */
export function federationEnv(self: TestIdentity, peers: readonly Descriptor[]): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "sip-fed-"));
  made.push(dir);
  const keyFile = join(dir, "federation-key.pem");
  writeFileSync(keyFile, self.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  const peersFile = join(dir, "peers.json");
  // Test instances serve every tenant (no tenant configured), and each peer may see them all;
  // test/federation/directory.test.ts covers entries that list tenants, and the default of none.
  writeFileSync(peersFile, JSON.stringify(peers.map((p) => ({ tenants: ["*"], ...p }))));
  return {
    FEDERATION_NAME: self.descriptor.name,
    FEDERATION_KEY_FILE: keyFile,
    FEDERATION_PEERS: peersFile,
    PUBLIC_URL: self.descriptor.url,
  };
}

/** A port free right now: PUBLIC_URL must be known before the server starts (PORT=0 is not). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A clock the test moves by hand. */
export function movableClock(start: string) {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** A signed POST of `payload` to `url` as `who` would send it (federation/outbox.ts does the same). */
export async function signedPost(url: string, payload: unknown, who: TestIdentity, clock: Clock) {
  const text = JSON.stringify(payload);
  const key = { keyId: who.keyId, privateKey: who.privateKey };
  const body = { contentType: "application/json", text };
  const headers = await signRequest({ method: "POST", url, body }, key, clock);
  return fetch(url, { method: "POST", headers, body: text });
}

/** A federated invitation's body (services/federated-protocol.ts), case "SIP-TEST". */
export const invitationPayload = (o: { id: string; person: string; purpose: string }) => ({
  id: o.id,
  person: o.person,
  caseCode: "SIP-TEST",
  convenerName: "Karin Kurator",
  invitee: {
    name: "Berit Bergström",
    orgType: "region",
    participation: "convened",
    contribution: "Bedömning",
  },
  details: {
    purpose: o.purpose,
    longTermGoal: "Klara skolan",
    questions: "Vem?",
    date: "2026-12-10",
    time: "14:00",
    durationMinutes: 60,
    place: { kind: "in_person", text: "Familjecentralen" },
    personTakesPart: "På plats",
  },
});

/** Waits until `what` holds (work two instances do in the background), or fails after `ms`. */
export async function until(what: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
