import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyConnectorError } from "../../src/proactive/errors.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { harness, refFor, testAdapter, type FakeConnector } from "./harness.js";

let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(() => connector.close());
beforeEach(() => connector.clear());

const hello = { type: "message", text: "hej" };
// Retry-After: 0 lets the connector client's own retry policy retry at once, so its retries show
// without waiting on the wall clock.
const throttledNow = { status: 429, headers: { "Retry-After": "0" } };

describe("one retry layer", () => {
  it("without connectorClientOptions, botbuilder's connector client retries by itself", async () => {
    connector.script(throttledNow);
    const h = harness(connector, { failFast: false, maxRetries: 0 });
    // Our layer allowed no retry, yet the message went out on a second request: a hidden layer.
    expect((await h.sender.send(refFor(connector), hello)).status).toBe("sent");
    expect(connector.calls).toHaveLength(2);
    expect(h.events()).toContainEqual(
      expect.objectContaining({ event: "proactive_connector_retries_not_disabled" }),
    );
  });

  it("with connectorClientOptions, the same 429 reaches our layer on the first request", async () => {
    connector.script(throttledNow);
    const h = harness(connector, { maxRetries: 0 });
    expect(await h.sender.send(refFor(connector), hello)).toEqual({ status: "throttled", retries: 0 });
    expect(connector.calls).toHaveLength(1);
    expect(h.events().map((e) => e.event)).not.toContain("proactive_connector_retries_not_disabled");
  });

  it("counts every request: 4 × 429 then success is 5 requests and 4 waits, all ours", async () => {
    connector.script(throttledNow, throttledNow, throttledNow, throttledNow);
    const h = harness(connector, { maxRetries: 4 });
    expect((await h.sender.send(refFor(connector), hello)).status).toBe("sent");
    expect(connector.calls).toHaveLength(5);
    expect(h.sleeps).toEqual([0, 0, 0, 0]);
  });
});

describe("calls outside the proactive scope (a turn's replies) keep botbuilder's behaviour", () => {
  const reference = () => ({
    channelId: "msteams",
    serviceUrl: connector.serviceUrl,
    conversation: { id: "a:conv-1", isGroup: false, conversationType: "personal", name: "" },
    bot: { id: "28:bot", name: "" },
    user: { id: "29:user-1", name: "" },
  });

  /** Sends through the adapter as a handler would, returning the id or what botbuilder threw. */
  async function sendOutsideScope(): Promise<{ id?: string; error?: unknown }> {
    const { adapter } = testAdapter();
    let outcome: { id?: string; error?: unknown } = {};
    await adapter.continueConversationAsync("", reference(), async (ctx) => {
      try {
        outcome = { id: (await ctx.sendActivity(hello))?.id };
      } catch (error) {
        outcome = { error };
      }
    });
    return outcome;
  }

  it("a success is deserialized: the connector's activity id comes back", async () => {
    const { id } = await sendOutsideScope();
    expect(id).toMatch(/^activity-\d+$/);
  });

  it("an HTTP error is botbuilder's RestError: statusCode, body code, headers at response.headers", async () => {
    connector.script({
      status: 403,
      headers: { "Retry-After": "7" },
      body: { error: { code: "MessageWritesBlocked", message: "blocked" } },
    });
    const { error } = await sendOutsideScope();
    expect(error).toMatchObject({ name: "RestError", statusCode: 403, code: "MessageWritesBlocked" });
    const headers = (error as { response: { headers: { get(n: string): string | undefined } } }).response
      .headers;
    expect(headers.get("retry-after")).toBe("7");
    expect(classifyConnectorError(error, 0)).toEqual({
      kind: "blocked",
      httpStatus: 403,
      code: "MessageWritesBlocked",
    });
  });

  it("the mapping reads Retry-After from that RestError", async () => {
    connector.script({ status: 412, headers: { "Retry-After": "3" } });
    const { error } = await sendOutsideScope();
    expect(connector.calls).toHaveLength(1);
    expect(classifyConnectorError(error, 0)).toMatchObject({
      kind: "retry",
      httpStatus: 412,
      retryAfterMs: 3000,
    });
  });
});
