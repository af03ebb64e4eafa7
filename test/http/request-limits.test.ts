import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../helpers/bot.js";
import { federationEnv, testIdentity } from "../helpers/federation.js";
import { startServerAt } from "../helpers/server.js";

/**
 * What only the HTTP edge shows (issue 20): a request that trickles in is cut (Node's own limit
 * is 300 s), and a body over a route's limit is answered 413 naming that route's real limit.
 * The server runs with a 600 ms request timeout instead of 15 s, so the test stays short.
 */
describe("request limits on the public endpoints", () => {
  let server: Awaited<ReturnType<typeof startServerAt>>;
  let port = 0;

  beforeAll(async () => {
    const self = testIdentity("Kommunen", "http://127.0.0.1:1");
    const peer = testIdentity("Regionen", "http://127.0.0.1:2");
    server = await startServerAt(fixedClock, federationEnv(self, [peer.descriptor]), {
      reminderPassMs: 0,
      requestTimeoutMs: 600,
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => server?.close());

  /** Sends `head` (and nothing more), then reads until the server closes; how long that took. */
  function trickle(head: string): Promise<{ answer: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = connect(port, "127.0.0.1", () => socket.write(head));
      let answer = "";
      socket.on("data", (d) => (answer += d.toString("latin1")));
      socket.on("close", () => resolve({ answer, ms: Date.now() - started }));
      socket.on("error", reject);
      // Far beyond the server's limit: without one the test fails here instead of hanging.
      socket.setTimeout(10_000, () => {
        socket.destroy();
        reject(new Error("the server kept a trickling request open"));
      });
    });
  }

  it.each([
    ["/api/messages", "application/json", '{"a":'],
    ["/fed/v1/invitations", "application/json", '{"a":'],
    ["/svar/x", "application/x-www-form-urlencoded", "answer=acc"],
  ])("cuts a body that trickles in on %s (408, connection closed)", async (path, type, start) => {
    const { answer, ms } = await trickle(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: 1000\r\n\r\n${start}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(5_000);
  });

  it("cuts headers that never end", async () => {
    const { answer } = await trickle("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it.each([
    ["/fed/v1/invitations", 70 * 1024, "at most 64 kB"],
    ["/api/messages", 300 * 1024, "at most 256 kB"],
  ])("answers an oversized body on %s with 413 naming its real limit", async (path, size, limit) => {
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "x".repeat(size) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain(limit);
  });
});
