import type { Server } from "node:http";
import express from "express";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DIRECTORY_LIMIT,
  DIRECTORY_QUERIES_PER_MINUTE,
  federationRoutes,
} from "../../src/federation/routes.js";
import { peerMaySee, type FederationSettings, type Peer } from "../../src/federation/settings.js";
import { signRequest } from "../../src/federation/signature.js";
import { AuditLog } from "../../src/store/audit.js";
import { ConversationRefs } from "../../src/store/conversation-refs.js";
import type { Db } from "../../src/store/db.js";
import { FederationStore } from "../../src/store/federation.js";
import { ed25519PublicKey } from "../../src/federation/keys.js";
import { engines, type Sandbox } from "../store/engines.js";
import { movableClock, testIdentity, type TestIdentity } from "../helpers/federation.js";

/**
 * The directory a peer sees (issue 20): three letters at least, ten names at most, 30 queries a
 * minute per peer, and only the served tenants its FEDERATION_PEERS entry lists. The routes run
 * on a real database behind a real HTTP listener; only the peer is played by the test.
 */
const KOMMUN = "tenant-kommun";
const OTHER = "tenant-annan-kommun";

describe.each(engines)("the federation directory on $name", (engine) => {
  const clock = movableClock("2026-12-01T09:00:20Z");
  const self = testIdentity("Kommunen", "http://127.0.0.1:1");
  const region = testIdentity("Regionen", "http://127.0.0.1:2");
  const stranger = testIdentity("Grannregionen", "http://127.0.0.1:3");
  let sandbox: Sandbox;
  let db: Db;
  let server: Server;
  let base = "";

  const peer = (id: TestIdentity, tenants: Peer["tenants"]): Peer => {
    const publicKey = ed25519PublicKey(id.descriptor.publicKey);
    if (publicKey instanceof Error) throw publicKey;
    return { name: id.descriptor.name, url: id.descriptor.url, keyId: id.keyId, publicKey, tenants };
  };

  beforeAll(async () => {
    sandbox = await engine.fresh();
    db = sandbox.db;
    const refs = new ConversationRefs(db);
    // 14 Anna-somethings in the kommun, 3 in another kommun the same instance serves.
    const people = [
      ...Array.from({ length: 14 }, (_, i) => ({
        tenant: KOMMUN,
        name: `Anna Andersson ${"ABCDEFGHIJKLMN"[i]}`,
      })),
      ...Array.from({ length: 3 }, (_, i) => ({ tenant: OTHER, name: `Anna Berg ${"XYZ"[i]}` })),
    ];
    for (const [i, p] of people.entries())
      await refs.save({
        tenantId: p.tenant,
        userId: `29:u${i}`,
        conversationId: `a:${i}`,
        serviceUrl: "https://smba.example/",
        channelId: "msteams",
        botId: "28:bot",
        displayName: p.name,
      });
    const settings: FederationSettings = {
      name: self.descriptor.name,
      publicUrl: "http://sip.test",
      keyId: self.keyId,
      privateKey: self.privateKey,
      publicKeyPem: self.descriptor.publicKey,
      // The region may see the kommun only; the neighbour region's entry lists no tenant.
      peers: [peer(region, [KOMMUN]), peer(stranger, [])],
    };
    const app = express();
    app.use(
      "/fed/v1",
      federationRoutes({
        settings,
        store: new FederationStore(db),
        audit: new AuditLog(db),
        clock,
        logger: pino({ level: "silent" }),
        tenants: new Set([KOMMUN, OTHER]),
      }),
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await sandbox?.dispose();
  });
  beforeEach(() => clock.advance(60_000)); // every test starts in a new minute

  /** Signed for the URL the server rebuilds from PUBLIC_URL; sent to the local listener. */
  async function ask(q: string, who: TestIdentity = region) {
    const path = `/fed/v1/directory?q=${encodeURIComponent(q)}`;
    const headers = await signRequest(
      { method: "GET", url: `http://sip.test${path}` },
      { keyId: who.keyId, privateKey: who.privateKey },
      clock,
    );
    const res = await fetch(base + path, { headers });
    const body = (await res.json()) as { people?: { name: string }[]; error?: string };
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
  }

  it("answers at most ten names, and only from the tenants the peer's entry lists", async () => {
    const { status, body } = await ask("ann");
    expect(status).toBe(200);
    expect(body.people).toHaveLength(DIRECTORY_LIMIT);
    expect(body.people?.every((p) => p.name.startsWith("Anna Andersson"))).toBe(true);
    // The other kommun's staff are not found even by their own name.
    expect((await ask("berg")).body.people).toEqual([]);
  });

  it("shows a peer whose entry lists no tenant nobody (the default)", async () => {
    const { status, body } = await ask("ann", stranger);
    expect(status).toBe(200);
    expect(body.people).toEqual([]);
  });

  it.each([["an"], ["a -"], ["  ab  "]])("refuses a query of fewer than three letters (%j)", async (q) => {
    const { status, body } = await ask(q);
    expect(status).toBe(400);
    expect(body).toEqual({ error: "malformed_query" });
  });

  it("limits each peer to 30 queries a minute, with Retry-After, and counts peers apart", async () => {
    for (let i = 0; i < DIRECTORY_QUERIES_PER_MINUTE; i++) expect((await ask("ann")).status).toBe(200);
    const limited = await ask("ann");
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: "too_many_requests" });
    // The minute started 20 s ago (09:0x:20): 40 s are left.
    expect(Number(limited.retryAfter)).toBe(40);
    // Another peer has its own count.
    expect((await ask("ann", stranger)).status).toBe(200);
    clock.advance(40_000);
    expect((await ask("ann")).status).toBe(200);
    // Limited requests are logged, not audited; answered ones are audited.
    const audited = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'federation.directory_answered' AND subject = $1",
      [region.keyId],
    );
    expect(audited[0]?.n).toBeGreaterThanOrEqual(DIRECTORY_QUERIES_PER_MINUTE + 1);
  });
});

describe("which tenants a peer may see", () => {
  const served = new Set(["a", "b"]);
  it.each([
    [["a"], "a", true],
    [["a"], "b", false],
    [[], "a", false],
    ["all", "b", true],
    ["all", "c", false], // not served (any more): never, whatever the entry says
    [["c"], "c", false],
  ] as const)("entry %j, tenant %s → %s", (tenants, tenant, expected) => {
    expect(peerMaySee({ tenants: tenants as Peer["tenants"] }, served, tenant)).toBe(expected);
  });
});
