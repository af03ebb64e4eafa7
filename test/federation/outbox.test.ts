import { createPublicKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retryDelayS, startOutbox, type Outbox, type Outcome } from "../../src/federation/outbox.js";
import type { FederationSettings, Peer } from "../../src/federation/settings.js";
import { verifyRequest } from "../../src/federation/signature.js";
import { AuditLog } from "../../src/store/audit.js";
import { engines, jobsSandbox, type JobsSandbox } from "../jobs/sandbox.js";
import { freePort, movableClock, testIdentity } from "../helpers/federation.js";

const pglite = engines[0];
const until = async (what: () => Promise<boolean> | boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** A's outbox against a peer B that is a plain HTTP server verifying A's signatures. */
describe("federation outbox: durable signed sends to a peer", () => {
  const clock = movableClock("2026-11-26T10:00:00Z");
  const a = testIdentity("Kommun A", "http://127.0.0.1:1");
  let sandbox: JobsSandbox;
  let outbox: Outbox;
  let port: number;
  let peerB: Peer;
  let server: Server | undefined;
  const received: { status: number; body: string }[] = [];
  const outcomes: [string, Outcome][] = [];

  const listen = () =>
    new Promise<void>((resolve) => {
      const aAsSeenByB = { ...a.descriptor, publicKey: createPublicKey(a.privateKey), tenants: [] };
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const body = Buffer.concat(chunks);
          const targetUri = `http://127.0.0.1:${port}${req.url ?? ""}`;
          const verdict = verifyRequest(
            { method: req.method ?? "", targetUri, headers: req.headers, body },
            [aAsSeenByB],
            clock,
          );
          const status = verdict.ok ? 200 : verdict.status;
          received.push({ status, body: body.toString() });
          res.writeHead(status).end("{}");
        });
      });
      server.listen(port, "127.0.0.1", () => resolve());
    });

  beforeAll(async () => {
    port = await freePort();
    const b = testIdentity("Region B", `http://127.0.0.1:${port}`);
    peerB = {
      name: "Region B",
      url: b.descriptor.url,
      keyId: b.keyId,
      publicKey: createPublicKey(b.privateKey),
      tenants: [],
    };
    const settings: FederationSettings = {
      name: "Kommun A",
      publicUrl: a.descriptor.url,
      keyId: a.keyId,
      privateKey: a.privateKey,
      publicKeyPem: a.descriptor.publicKey,
      peers: [peerB],
    };
    if (!pglite) throw new Error("no PGlite engine");
    sandbox = await jobsSandbox(pglite);
    const jobs = await sandbox.start();
    outbox = await startOutbox(jobs, {
      settings,
      clock,
      logger: pino({ level: "silent" }),
      audit: new AuditLog(sandbox.db),
      onOutcome: async (key, outcome) => void outcomes.push([key, outcome]),
      wanted: async (key) => key !== "withdrawn-1",
      timeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await sandbox?.dispose();
  });

  const attempts = async (key: string) =>
    (
      await sandbox.db.query<{ detail: { status: number; attempt: number; outcome?: string } }>(
        "SELECT detail FROM audit_log WHERE action = 'federation.sent' AND subject = $1 ORDER BY id",
        [key],
      )
    ).map((r) => r.detail);

  it("backs off from 10 s, doubling, capped at 5 min", () => {
    expect([0, 1, 2, 3, 4, 5, 12].map(retryDelayS)).toEqual([10, 20, 40, 80, 160, 300, 300]);
  });

  it("a peer that is down gets the request again once it is up, and it arrives exactly once", async () => {
    await outbox.send(peerB.keyId, "/fed/v1/invitations", { invitationId: "inv-1" }, "inv-1");
    await until(async () => (await attempts("inv-1")).length >= 2);
    expect((await attempts("inv-1")).every((d) => d.status === 0)).toBe(true);
    await listen();
    await until(() => outcomes.some(([k]) => k === "inv-1"));
    expect(outcomes).toContainEqual(["inv-1", "delivered"]);
    // Queued again under the same key: a no-op, nothing more is sent.
    await outbox.send(peerB.keyId, "/fed/v1/invitations", { invitationId: "inv-1" }, "inv-1");
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toEqual([{ status: 200, body: '{"invitationId":"inv-1"}' }]);
    const log = await attempts("inv-1");
    expect(log.at(-1)).toMatchObject({ status: 200, outcome: "delivered" });
    expect(log.map((d) => d.attempt)).toEqual(log.map((_, i) => i));
  });

  it("drops unsent a delivery no longer wanted (an invitation withdrawn meanwhile)", async () => {
    const before = received.length;
    await outbox.send(peerB.keyId, "/fed/v1/invitations", { invitationId: "w-1" }, "withdrawn-1");
    await until(async () => (await attempts("withdrawn-1")).length === 1);
    expect((await attempts("withdrawn-1"))[0]).toMatchObject({ outcome: "dropped" });
    expect(received.length).toBe(before);
    expect(outcomes.some(([k]) => k === "withdrawn-1")).toBe(false);
  });

  it("gives up after 24 h by its clock, and refuses at once a peer it does not know", async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    await outbox.send(peerB.keyId, "/fed/v1/invitations", { invitationId: "inv-2" }, "inv-2");
    await until(async () => (await attempts("inv-2")).length >= 1);
    expect(outcomes.some(([k]) => k === "inv-2")).toBe(false);
    clock.advance(24 * 60 * 60 * 1000);
    await until(() => outcomes.some(([k]) => k === "inv-2"));
    expect(outcomes).toContainEqual(["inv-2", "given_up"]);
    await outbox.send("no-such-peer", "/fed/v1/invitations", { invitationId: "inv-3" }, "inv-3");
    await until(() => outcomes.some(([k]) => k === "inv-3"));
    expect(outcomes).toContainEqual(["inv-3", "refused"]);
    expect(await attempts("inv-3")).toHaveLength(1);
  });
});
