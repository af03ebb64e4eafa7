import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { federationEnv, testIdentity } from "../helpers/federation.js";

const self = testIdentity("Kommun A", "https://sip.kommun-a.example");
const peer = testIdentity("Region B", "https://sip.region-b.example");
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return "";
};

describe("federation configuration", () => {
  it("is off without the variables, and on with all three, the key and the peers read", () => {
    expect(loadConfig({}).federation).toBeUndefined();
    const c = loadConfig(federationEnv(self, [peer.descriptor]));
    expect(c.federation).toMatchObject({
      name: "Kommun A",
      keyId: self.keyId,
      publicUrl: self.descriptor.url,
    });
    expect(c.federation?.peers.map((p) => [p.name, p.url, p.keyId])).toEqual([
      ["Region B", "https://sip.region-b.example", peer.keyId],
    ]);
  });

  it("wants all three or none, and PUBLIC_URL with them, naming the variables", () => {
    const env = federationEnv(self, [peer.descriptor]);
    expect(problems({ FEDERATION_NAME: "Kommun A" })).toMatch(
      /FEDERATION_KEY_FILE, FEDERATION_PEERS: required/,
    );
    expect(problems({ ...env, PUBLIC_URL: "" })).toContain("PUBLIC_URL: required for federation");
  });

  it("names the file and the problem: unreadable key, wrong key kind, bad peers", () => {
    const env = federationEnv(self, [peer.descriptor]);
    expect(problems({ ...env, FEDERATION_KEY_FILE: "/nonexistent/key.pem" })).toContain(
      "FEDERATION_KEY_FILE: cannot read /nonexistent/key.pem",
    );
    writeFileSync(env.FEDERATION_PEERS ?? "", "{ not json");
    expect(problems(env)).toMatch(/FEDERATION_PEERS: .*peers\.json is not valid JSON/);
    writeFileSync(env.FEDERATION_PEERS ?? "", JSON.stringify([{ ...peer.descriptor, keyId: self.keyId }]));
    expect(problems(env)).toContain("(Region B) keyId does not match its publicKey");
    const privatePem = peer.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    writeFileSync(
      env.FEDERATION_PEERS ?? "",
      JSON.stringify([{ ...peer.descriptor, publicKey: privatePem }]),
    );
    expect(problems(env)).toContain("publicKey is a private key");
    writeFileSync(env.FEDERATION_PEERS ?? "", JSON.stringify([{ name: "X" }]));
    expect(problems(env)).toMatch(/FEDERATION_PEERS: .* \[0\.url\]/);
    writeFileSync(
      env.FEDERATION_KEY_FILE ?? "",
      "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n",
    );
    expect(problems(env)).toContain("is not a PEM private key");
  });

  it('reads which of our tenants a peer may see: none by default, listed ids, or all with "*"', () => {
    const env = federationEnv(self, [peer.descriptor]);
    const peersWith = (entry: object) => {
      writeFileSync(env.FEDERATION_PEERS ?? "", JSON.stringify([{ ...peer.descriptor, ...entry }]));
      return loadConfig(env).federation?.peers[0]?.tenants;
    };
    expect(peersWith({})).toEqual([]);
    expect(peersWith({ tenants: ["tenant-a", "tenant-a", "tenant-b"] })).toEqual(["tenant-a", "tenant-b"]);
    expect(peersWith({ tenants: ["*"] })).toBe("all");
    writeFileSync(env.FEDERATION_PEERS ?? "", JSON.stringify([{ ...peer.descriptor, tenants: ["a b"] }]));
    expect(problems(env)).toMatch(/\[0\.tenants\.0\] must be a tenant id or "\*"/);
  });

  it("reads a key rotation: nextKey verifies beside the key, and after retirement peerId keeps the identity", () => {
    const next = testIdentity("Region B", peer.descriptor.url);
    const env = federationEnv(self, [peer.descriptor]);
    const read = (entry: object) => {
      writeFileSync(env.FEDERATION_PEERS ?? "", JSON.stringify([{ ...peer.descriptor, ...entry }]));
      const p = loadConfig(env).federation?.peers[0];
      return p && { keyId: p.keyId, keys: p.keys?.map((k) => k.keyId) };
    };
    const nextKey = { keyId: next.keyId, publicKey: next.descriptor.publicKey };
    expect(read({ nextKey })).toEqual({ keyId: peer.keyId, keys: [peer.keyId, next.keyId] });
    // Retired: the new key alone, the peer still known by its first keyId.
    expect(read({ peerId: peer.keyId, keyId: next.keyId, publicKey: next.descriptor.publicKey })).toEqual({
      keyId: peer.keyId,
      keys: [next.keyId],
    });
    writeFileSync(
      env.FEDERATION_PEERS ?? "",
      JSON.stringify([{ ...peer.descriptor, nextKey: { ...nextKey, keyId: self.keyId } }]),
    );
    expect(problems(env)).toContain("(Region B) nextKey.keyId does not match its publicKey");
    writeFileSync(
      env.FEDERATION_PEERS ?? "",
      JSON.stringify([peer.descriptor, { ...next.descriptor, name: "Dubbel", peerId: peer.keyId }]),
    );
    expect(problems(env)).toContain("lists a keyId twice");
  });

  it("refuses plain http:// peers in production only", () => {
    const httpPeer = { ...peer.descriptor, url: "http://10.0.0.2:3978" };
    const env = federationEnv(self, [httpPeer]);
    expect(loadConfig(env).federation?.peers[0]?.url).toBe("http://10.0.0.2:3978");
    const production = {
      ...env,
      NODE_ENV: "production",
      MicrosoftAppId: "app",
      MicrosoftAppPassword: "secret",
      MicrosoftAppTenantId: "tenant-a",
    };
    expect(problems(production)).toContain("(Region B) url must be https:// in production");
    expect(problems(federationEnv(self, [peer.descriptor]))).toBe("");
  });
});
