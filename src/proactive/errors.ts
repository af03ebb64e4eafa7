/**
 * What a failed Bot Connector call means for the proactive sender. botbuilder surfaces connector
 * failures in two shapes, both read here:
 *  - `RestError` (@azure/core-rest-pipeline), thrown by the connector client for an HTTP error
 *    (`statusCode`, `code` = the body's `error.code` such as "MessageWritesBlocked", headers at
 *    `response.headers.get(name)`) and for a network error (`code` = "ECONNRESET"…, no status);
 *  - `ConnectorCallError` (below), thrown instead inside a proactive attempt by the fail-fast HTTP
 *    client of `connector-options.ts`, so that the pipeline's own retry policy lets it through.
 */

/** An HTTP or network failure of one connector call, deliberately not a `RestError`. */
export class ConnectorCallError extends Error {
  override readonly name = "ConnectorCallError";
  constructor(
    readonly statusCode: number | undefined,
    readonly code: string | undefined,
    /** The raw Retry-After header, when the response had one. */
    readonly retryAfter: string | undefined,
  ) {
    super(
      statusCode === undefined ? `connector unreachable (${code ?? "unknown"})` : `connector ${statusCode}`,
    );
  }
}

export type Failure =
  /** Worth another try: 429, 412, 5xx but 501/505, or the connection failed. */
  | { kind: "retry"; httpStatus?: number; code?: string; retryAfterMs?: number }
  /** 403: the user blocked or removed the bot (MessageWritesBlocked and kin). Never retried. */
  | { kind: "blocked"; httpStatus: 403; code?: string }
  /** 404: the conversation (or, for an update, the activity) no longer exists. */
  | { kind: "notFound"; httpStatus: 404; code?: string }
  /** Anything else: a request that will not succeed by being repeated. */
  | { kind: "fatal"; httpStatus?: number; code?: string };

// Connection failures worth retrying; REQUEST_SEND_ERROR is RestError's code when Node gave none.
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "REQUEST_SEND_ERROR",
]);

/** Maps whatever a connector call threw to what the sender should do next. */
export function classifyConnectorError(err: unknown, nowMs: number): Failure {
  const e = isRecord(err) ? err : {};
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (status === undefined) {
    return code !== undefined && NETWORK_CODES.has(code) ? { kind: "retry", code } : { kind: "fatal", code };
  }
  if (status === 403) return { kind: "blocked", httpStatus: 403, code };
  if (status === 404) return { kind: "notFound", httpStatus: 404, code };
  if (status === 429 || status === 412 || (status >= 500 && status !== 501 && status !== 505)) {
    const after = retryAfterMs(retryAfterHeader(e), nowMs);
    return after === undefined
      ? { kind: "retry", httpStatus: status, code }
      : { kind: "retry", httpStatus: status, code, retryAfterMs: after };
  }
  return { kind: "fatal", httpStatus: status, code };
}

/** Retry-After as delay-seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from now. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Only a value with letters can be a date: Date.parse would read "-1" or "7 " as a year.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

interface HeadersLike {
  get(name: string): string | undefined;
}

function retryAfterHeader(e: Record<string, unknown>): string | undefined {
  if (typeof e.retryAfter === "string") return e.retryAfter;
  const response = e.response;
  if (!isRecord(response) || !hasGet(response.headers)) return undefined;
  return response.headers.get("retry-after") ?? undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function hasGet(v: unknown): v is HeadersLike {
  return isRecord(v) && typeof v.get === "function";
}
