import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../src/federation/signature.js";
import { base, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import {
  federationEnv,
  freePort,
  movableClock,
  testIdentity,
  type TestIdentity,
} from "../helpers/federation.js";
import { startServerAt, startTestServer } from "../helpers/server.js";

type Instance = Awaited<ReturnType<typeof startServerAt>>;

/**
 * Two instances on one machine, each with its own in-memory database and key, trusting each
 * other; a third party ("mallory") that neither trusts. Only the Teams connector is faked.
 */
describe("federation between two instances", () => {
  const clock = movableClock("2026-11-26T10:00:00Z");
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let a: Instance;
  let b: Instance;
  let idA: TestIdentity;
  let idB: TestIdentity;
  let downPeer: TestIdentity;
  const mallory = testIdentity("Mallory", "http://127.0.0.1:9");
  const count = async (server: Instance, table: string) =>
    (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;
  const berit = { id: "29:berit", aadObjectId: "aad-berit", name: "Berit Bergström" };

  beforeAll(async () => {
    connector = await startFakeConnector();
    const [portA, portB, portDown] = await Promise.all([freePort(), freePort(), freePort()]);
    idA = testIdentity("Kommun A", `http://127.0.0.1:${portA}`);
    idB = testIdentity("Region B", `http://127.0.0.1:${portB}`);
    downPeer = testIdentity("Nere", `http://127.0.0.1:${portDown}`);
    // Each admin names the peer as their users should see it: A calls B "Regionen".
    const bAsSeenByA = { ...idB.descriptor, name: "Regionen" };
    a = await startServerAt(clock, {
      ...federationEnv(idA, [bAsSeenByA, downPeer.descriptor]),
      PORT: String(portA),
    });
    b = await startServerAt(clock, { ...federationEnv(idB, [idA.descriptor]), PORT: String(portB) });
    // Berit writes to B's bot, so B knows her; Test Testsson writes to A's.
    await b.post(message(connector.serviceUrl, "hjälp", { from: berit }));
    await a.post(message(connector.serviceUrl, "hjälp"));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await connector?.close();
  });

  const directoryUrl = (q: string) => `${idB.descriptor.url}/fed/v1/directory?q=${encodeURIComponent(q)}`;
  const signedGet = (url: string, who: TestIdentity = idA, o: Parameters<typeof signRequest>[3] = {}) =>
    signRequest({ method: "GET", url }, { keyId: who.keyId, privateKey: who.privateKey }, clock, o);

  it("answers a signed directory request with the people it knows, ids opaque", async () => {
    const res = await fetch(directoryUrl("ber"), { headers: await signedGet(directoryUrl("ber")) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { organisation: string; people: { id: string; name: string }[] };
    expect(body.organisation).toBe("Region B");
    expect(body.people.map((p) => p.name)).toEqual(["Berit Bergström"]);
    expect(body.people[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toContain("29:berit");
    expect(JSON.stringify(body)).not.toContain("aad-berit");
    const audit = await b.db.query<{ actor: string; action: string; detail: unknown }>(
      "SELECT actor, action, detail FROM audit_log WHERE action LIKE 'federation.%'",
    );
    expect(audit).toContainEqual({
      actor: `peer:${idA.keyId}`,
      action: "federation.directory_answered",
      detail: { status: 200, results: 1 },
    });
  });

  it("rebuilds @target-uri from its PUBLIC_URL, never from the Host header (behind a proxy)", async () => {
    const url = directoryUrl("ber");
    // As a reverse proxy forwards it: another Host, the path and query unchanged.
    const viaProxy = await getWithHost(url, "sip-lotsen.internal:8080", await signedGet(url));
    expect(viaProxy).toBe(200);
    // Signed for the Host it arrives with rather than B's PUBLIC_URL: refused.
    const forHost = "http://sip-lotsen.internal:8080/fed/v1/directory?q=ber";
    expect(await getWithHost(url, "sip-lotsen.internal:8080", await signedGet(forHost))).toBe(401);
  });

  /** Each refused request leaves B as it was: no audit row, no nonce. */
  const refusals: [string, () => Promise<Response>, number, string][] = [
    ["no signature", () => fetch(directoryUrl("ber")), 401, "signature_missing"],
    [
      "signed with another key under A's key id (forged)",
      async () => {
        const headers = await signedGet(directoryUrl("ber"), { ...mallory, keyId: idA.keyId });
        return fetch(directoryUrl("ber"), { headers });
      },
      401,
      "signature_invalid",
    ],
    [
      "an unknown key",
      async () => fetch(directoryUrl("ber"), { headers: await signedGet(directoryUrl("ber"), mallory) }),
      401,
      "unknown_key",
    ],
    [
      "a tampered path (query)",
      async () => fetch(directoryUrl("an"), { headers: await signedGet(directoryUrl("ber")) }),
      401,
      "signature_invalid",
    ],
    [
      "created 61 s ago (stale)",
      async () => {
        const created = new Date(clock.now().getTime() - 61_000);
        return fetch(directoryUrl("ber"), {
          headers: await signedGet(directoryUrl("ber"), idA, { created }),
        });
      },
      401,
      "signature_stale",
    ],
    [
      "created 61 s ahead (future)",
      async () => {
        const created = new Date(clock.now().getTime() + 61_000);
        return fetch(directoryUrl("ber"), {
          headers: await signedGet(directoryUrl("ber"), idA, { created }),
        });
      },
      401,
      "signature_future",
    ],
    [
      "expires more than 5 min after created",
      async () =>
        fetch(directoryUrl("ber"), {
          headers: await signedGet(directoryUrl("ber"), idA, { lifetimeS: 301 }),
        }),
      401,
      "signature_expires",
    ],
    [
      "a Signature-Input that is no structured field (malformed)",
      async () => {
        const headers = await signedGet(directoryUrl("ber"));
        return fetch(directoryUrl("ber"), { headers: { ...headers, "signature-input": "sig1=(((" } });
      },
      400,
      "signature_malformed",
    ],
    [
      "a body that does not match its digest (tampered body)",
      async () => {
        const url = `${idB.descriptor.url}/fed/v1/directory`;
        const text = JSON.stringify({ q: "ber" });
        const headers = await signRequest(
          { method: "POST", url, body: { contentType: "application/json", text } },
          idA,
          clock,
        );
        return fetch(url, { method: "POST", headers, body: JSON.stringify({ q: "ann" }) });
      },
      401,
      "digest_mismatch",
    ],
  ];
  it.each(refusals)("refuses %s, and nothing changes", async (_name, send, status, error) => {
    const before = [await count(b, "audit_log"), await count(b, "federation_nonces")];
    const res = await send();
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect([await count(b, "audit_log"), await count(b, "federation_nonces")]).toEqual(before);
  });

  it("refuses a replayed nonce with 409; a tampered copy does not burn the genuine one", async () => {
    const url = directoryUrl("ber");
    const genuine = await signedGet(url);
    const tampered = await fetch(directoryUrl("b"), { headers: genuine });
    expect(tampered.status).toBe(401);
    expect((await fetch(url, { headers: genuine })).status).toBe(200);
    const replay = await fetch(url, { headers: genuine });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual({ error: "nonce_replayed" });
  });

  it("forgets nonces once their signature has expired", async () => {
    const headers = await signedGet(directoryUrl("ber"), idA, { lifetimeS: 30 });
    expect((await fetch(directoryUrl("ber"), { headers })).status).toBe(200);
    expect(await count(b, "federation_nonces")).toBeGreaterThan(0);
    clock.advance(6 * 60_000);
    const later = await signedGet(directoryUrl("ber"));
    expect((await fetch(directoryUrl("ber"), { headers: later })).status).toBe(200);
    // Only the request just made is remembered; the earlier ones' signatures have expired.
    expect(await count(b, "federation_nonces")).toBe(1);
  });

  it("the kallelse's Vem on A lists B's people as 'Name (peer name)'; a peer that is down is skipped", async () => {
    const res = await a.post({
      ...base(connector.serviceUrl),
      type: "invoke",
      name: "application/search",
      value: { kind: "search", queryText: "ber", dataset: "sip.partners" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: { results: { title: string; value: string }[] } };
    const results = body.value.results;
    expect(results.map((r) => r.title)).toEqual(["Berit Bergström (Regionen)"]);
    expect(results[0]?.value).toMatch(new RegExp(`^fed:${idB.keyId}:[0-9a-f-]{36}$`));
    const log = a.logLines.join("\n");
    expect(log).toContain(`"event":"federation_peer_skipped","peer":"${downPeer.keyId}"`);
    expect(log).not.toContain("Berit");
    const asked = await a.db.query<{ subject: string; detail: { status: number } }>(
      "SELECT subject, detail FROM audit_log WHERE action = 'federation.directory_asked' ORDER BY subject",
    );
    expect(asked.map((r) => [r.subject, r.detail.status]).sort()).toEqual(
      [
        [idB.keyId, 200],
        [downPeer.keyId, 0],
      ].sort(),
    );
  });
  it("never sends a personnummer (or any digit) typed in Vem to a peer", async () => {
    const asked = () => count(a, "audit_log");
    const before = [await asked(), await count(b, "audit_log")];
    for (const queryText of ["19121212-1212", "Berit 12"]) {
      const res = await a.post({
        ...base(connector.serviceUrl),
        type: "invoke",
        name: "application/search",
        value: { kind: "search", queryText, dataset: "sip.partners" },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { value: { results: unknown[] } };
      expect(body.value.results).toEqual([]);
    }
    // Neither instance heard of it: no directory request was made, so none was audited.
    expect([await asked(), await count(b, "audit_log")]).toEqual(before);
    expect(b.logLines.join("\n")).not.toContain("1212");
  });
});

describe("federation off", () => {
  it("serves nothing of it: /fed/v1 answers 404", async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/fed/v1/directory?q=ber`);
      expect(res.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

/** A GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(url: string, host: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...headers, host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}
