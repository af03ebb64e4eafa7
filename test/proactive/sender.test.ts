import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { harness, refFor, type FakeConnector } from "./harness.js";

let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(() => connector.close());
beforeEach(() => connector.clear());

const hello = { type: "message", text: "Påminnelse: uppföljning av SIP" };
const sends = () => connector.calls.filter((c) => c.method === "POST" && c.path.endsWith("/activities"));

describe("createSender().send", () => {
  it("posts a new message into the saved conversation and returns the connector's activity id", async () => {
    const h = harness(connector);
    const result = await h.sender.send(refFor(connector), hello);
    expect(result).toEqual({
      status: "sent",
      activityId: expect.stringMatching(/^activity-\d+$/),
      conversationId: "a:conv-1",
    });
    expect(connector.calls).toHaveLength(1);
    const [call] = connector.calls;
    // A new message (POST …/activities), not a reply to the continuation's made-up activity id.
    expect(call?.path).toBe("/v3/conversations/a:conv-1/activities");
    expect(call?.body).toMatchObject({
      text: hello.text,
      recipient: { id: "29:user-1" },
      from: { id: "28:bot" },
    });
    expect(h.sleeps).toEqual([]);
    expect(h.turnErrors).toEqual([]);
  });

  it("honours Retry-After on a 429: sleeps as told, then sends, 2 requests in all", async () => {
    connector.script({
      status: 429,
      headers: { "Retry-After": "2" },
      body: { error: { code: "Throttled" } },
    });
    const h = harness(connector);
    const result = await h.sender.send(refFor(connector), hello);
    expect(result).toMatchObject({ status: "sent", conversationId: "a:conv-1" });
    expect(h.sleeps).toEqual([2000]);
    expect(connector.calls).toHaveLength(2);
  });

  it("reads Retry-After as an HTTP date against the injected clock", async () => {
    connector.script({ status: 429, headers: { "Retry-After": "Thu, 26 Nov 2026 10:00:05 GMT" } });
    const h = harness(connector);
    expect((await h.sender.send(refFor(connector), hello)).status).toBe("sent");
    expect(h.sleeps).toEqual([5000]);
  });

  it("retries a 503 in our layer only: 2 requests, and our sleep decided the wait", async () => {
    connector.script({ status: 503 });
    const h = harness(connector);
    expect((await h.sender.send(refFor(connector), hello)).status).toBe("sent");
    // Had the connector client retried by itself, we would have seen success and never slept.
    expect(h.sleeps).toHaveLength(1);
    expect(connector.calls).toHaveLength(2);
  });

  it("gives up on 502 after maxRetries retries: failed, exactly maxRetries + 1 requests", async () => {
    connector.script(...Array.from({ length: 5 }, () => ({ status: 502 })));
    const h = harness(connector, { maxRetries: 4 });
    expect(await h.sender.send(refFor(connector), hello)).toEqual({
      status: "failed",
      httpStatus: 502,
      retries: 4,
    });
    expect(connector.calls).toHaveLength(5);
    expect(h.sleeps).toHaveLength(4);
  });

  it("reports throttled when the connector still answers 429 after the retries", async () => {
    connector.script(...Array.from({ length: 3 }, () => ({ status: 429 })));
    const h = harness(connector, { maxRetries: 2 });
    expect(await h.sender.send(refFor(connector), hello)).toEqual({ status: "throttled", retries: 2 });
    expect(connector.calls).toHaveLength(3);
  });

  it("does not wait for a Retry-After beyond two minutes: throttled at once", async () => {
    connector.script({ status: 429, headers: { "Retry-After": "3600" } });
    const h = harness(connector);
    expect(await h.sender.send(refFor(connector), hello)).toEqual({ status: "throttled", retries: 0 });
    expect(h.sleeps).toEqual([]);
    expect(connector.calls).toHaveLength(1);
  });

  it("retries 412 like a transient error", async () => {
    connector.script({ status: 412 });
    const h = harness(connector);
    expect((await h.sender.send(refFor(connector), hello)).status).toBe("sent");
    expect(connector.calls).toHaveLength(2);
  });

  it("stops at once on 403 MessageWritesBlocked: blocked after 1 request", async () => {
    connector.script({ status: 403, body: { error: { code: "MessageWritesBlocked", message: "blocked" } } });
    const h = harness(connector);
    expect(await h.sender.send(refFor(connector), hello)).toEqual({ status: "blocked" });
    expect(connector.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(h.events()).toContainEqual(
      expect.objectContaining({ event: "proactive_blocked", httpStatus: 403, code: "MessageWritesBlocked" }),
    );
  });

  it("fails a 400 after 1 request", async () => {
    connector.script({ status: 400, body: { error: { code: "BadArgument" } } });
    const h = harness(connector);
    expect(await h.sender.send(refFor(connector), hello)).toEqual({
      status: "failed",
      httpStatus: 400,
      retries: 0,
    });
    expect(connector.calls).toHaveLength(1);
  });

  it("creates the 1:1 conversation again when the stored one is gone (404) and sends there", async () => {
    connector.script({ status: 404, body: { error: { code: "ConversationNotFound" } } });
    const h = harness(connector);
    const result = await h.sender.send(refFor(connector), hello);
    expect(result).toEqual({
      status: "sent",
      activityId: expect.stringMatching(/^activity-\d+$/),
      conversationId: expect.stringMatching(/^a:created-\d+$/),
    });
    expect(connector.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /v3/conversations/a:conv-1/activities",
      "POST /v3/conversations",
      `POST /v3/conversations/${result.status === "sent" ? result.conversationId : "?"}/activities`,
    ]);
    expect(connector.calls[1]?.body).toMatchObject({
      isGroup: false,
      bot: { id: "28:bot" },
      members: [{ id: "29:user-1" }],
      tenantId: "tenant-1",
    });
    expect(sends()).toHaveLength(2);
  });

  it("fails when the conversation cannot be created either, without sending twice", async () => {
    connector.script({ status: 404 }, { status: 403, body: { error: { code: "BotDisabledByAdmin" } } });
    const h = harness(connector);
    expect(await h.sender.send(refFor(connector), hello)).toEqual({ status: "blocked" });
    expect(connector.calls).toHaveLength(2);
  });

  it("retries a dropped connection (ECONNRESET)", async () => {
    connector.script({ status: 0, drop: true });
    const h = harness(connector);
    expect((await h.sender.send(refFor(connector), hello)).status).toBe("sent");
    expect(connector.calls).toHaveLength(2);
    expect(h.events()).toContainEqual(
      expect.objectContaining({ event: "proactive_retry", code: "ECONNRESET" }),
    );
  });

  it("retries a refused connection, then fails without an HTTP status", async () => {
    const closed = await startFakeConnector();
    await closed.close();
    const h = harness(connector, { maxRetries: 2 });
    expect(await h.sender.send(refFor(closed), hello)).toEqual({ status: "failed", retries: 2 });
    expect(h.sleeps).toHaveLength(2);
  });

  it("backs off exponentially with jitter from the injected random", async () => {
    const script = () => connector.script({ status: 503 }, { status: 503 }, { status: 503 });
    script();
    const low = harness(connector, { random: () => 0 });
    await low.sender.send(refFor(connector), hello);
    script();
    const mid = harness(connector, { random: () => 0.5 });
    await mid.sender.send(refFor(connector), hello);
    // Ceilings 1 s, 2 s, 4 s; half of each is fixed, the other half scaled by random().
    expect(low.sleeps).toEqual([500, 1000, 2000]);
    expect(mid.sleeps).toEqual([750, 1500, 3000]);
  });

  it("never logs the activity's text", async () => {
    connector.script({ status: 503 }, { status: 403 });
    const h = harness(connector);
    await h.sender.send(refFor(connector), hello);
    expect(h.lines.length).toBeGreaterThan(0);
    expect(h.lines.join("\n")).not.toContain("Påminnelse");
  });
});

describe("createSender().update", () => {
  it("PUTs the activity to /v3/conversations/{id}/activities/{activityId}", async () => {
    const h = harness(connector);
    const result = await h.sender.update(refFor(connector), "1:act-7", {
      type: "message",
      text: "Ny status",
    });
    expect(result).toMatchObject({ status: "sent", conversationId: "a:conv-1" });
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]).toMatchObject({
      method: "PUT",
      path: "/v3/conversations/a:conv-1/activities/1:act-7",
      body: { id: "1:act-7", text: "Ny status" },
    });
  });

  it("retries an update like a send, and never creates a conversation for it", async () => {
    connector.script({ status: 504 }, { status: 404 });
    const h = harness(connector);
    expect(await h.sender.update(refFor(connector), "1:act-7", hello)).toEqual({
      status: "failed",
      httpStatus: 404,
      retries: 1,
    });
    expect(connector.calls.map((c) => c.method)).toEqual(["PUT", "PUT"]);
  });
});
