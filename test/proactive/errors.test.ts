import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { classifyConnectorError, ConnectorCallError, retryAfterMs } from "../../src/proactive/errors.js";

const NOW = Date.parse("2026-11-26T10:00:00Z");

/** A RestError shaped as core-client throws it for an HTTP error response. */
function restError(status: number, headers: Record<string, string> = {}, code?: string): RestError {
  const request = createPipelineRequest({ url: "http://127.0.0.1/v3/conversations/a/activities" });
  const response = { request, status, headers: createHttpHeaders(headers) };
  return new RestError("connector error", {
    statusCode: status,
    request,
    response,
    ...(code ? { code } : {}),
  });
}

describe("classifyConnectorError", () => {
  it.each([
    [
      "429 with Retry-After seconds",
      restError(429, { "Retry-After": "2" }),
      { kind: "retry", httpStatus: 429, retryAfterMs: 2000 },
    ],
    ["429 without Retry-After", restError(429), { kind: "retry", httpStatus: 429 }],
    ["412", restError(412), { kind: "retry", httpStatus: 412 }],
    ["500", restError(500), { kind: "retry", httpStatus: 500 }],
    ["502", restError(502), { kind: "retry", httpStatus: 502 }],
    [
      "503 with Retry-After",
      restError(503, { "retry-after": "1" }),
      { kind: "retry", httpStatus: 503, retryAfterMs: 1000 },
    ],
    ["504", restError(504), { kind: "retry", httpStatus: 504 }],
    ["501 (not implemented)", restError(501), { kind: "fatal", httpStatus: 501 }],
    ["505 (HTTP version)", restError(505), { kind: "fatal", httpStatus: 505 }],
    [
      "403 MessageWritesBlocked",
      restError(403, {}, "MessageWritesBlocked"),
      { kind: "blocked", httpStatus: 403, code: "MessageWritesBlocked" },
    ],
    [
      "404",
      restError(404, {}, "ConversationNotFound"),
      { kind: "notFound", httpStatus: 404, code: "ConversationNotFound" },
    ],
    ["400", restError(400), { kind: "fatal", httpStatus: 400 }],
    ["408 (other 4xx)", restError(408), { kind: "fatal", httpStatus: 408 }],
    [
      "network RestError",
      new RestError("reset", { code: "ECONNRESET" }),
      { kind: "retry", code: "ECONNRESET" },
    ],
    [
      "REQUEST_SEND_ERROR",
      new RestError("x", { code: RestError.REQUEST_SEND_ERROR }),
      { kind: "retry", code: "REQUEST_SEND_ERROR" },
    ],
    [
      "fail-fast 429",
      new ConnectorCallError(429, undefined, "4"),
      { kind: "retry", httpStatus: 429, retryAfterMs: 4000 },
    ],
    [
      "fail-fast 403",
      new ConnectorCallError(403, "MessageWritesBlocked", undefined),
      { kind: "blocked", httpStatus: 403, code: "MessageWritesBlocked" },
    ],
    [
      "fail-fast ECONNREFUSED",
      new ConnectorCallError(undefined, "ECONNREFUSED", undefined),
      { kind: "retry", code: "ECONNREFUSED" },
    ],
    ["plain Error", new Error("bug"), { kind: "fatal" }],
    ["a thrown string", "oops", { kind: "fatal" }],
    ["undefined", undefined, { kind: "fatal" }],
  ])("%s", (_name, err, expected) => {
    const failure = classifyConnectorError(err, NOW);
    expect(failure).toMatchObject(expected);
    if (!("retryAfterMs" in expected)) expect(failure).not.toHaveProperty("retryAfterMs");
  });
});

describe("retryAfterMs", () => {
  it.each([
    ["2", 2000],
    [" 0 ", 0],
    ["1.5", 1500],
    ["Thu, 26 Nov 2026 10:00:07 GMT", 7000],
    ["Thu, 26 Nov 2026 09:59:00 GMT", 0],
    ["-1", undefined],
    ["soon", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%j → %j ms", (value, expected) => {
    expect(retryAfterMs(value, NOW)).toBe(expected);
  });
});
