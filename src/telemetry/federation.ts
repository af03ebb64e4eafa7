import { SpanStatusCode } from "@opentelemetry/api";
import { attrs, instruments, tracer } from "./signals.js";

/** Federation requests: ok, refused (signature), replay, limited, rejected (4xx), error (5xx). */
export function federationResult(status: number): string {
  if (status < 400) return "ok";
  if (status === 401 || status === 403) return "refused";
  if (status === 409) return "replay";
  if (status === 429) return "limited";
  return status < 500 ? "rejected" : "error";
}

/**
 * One federation request received, as an express middleware: a span from arrival to the answer,
 * with the route (one of `routes`, else "other"), the status and the verified peer's key id.
 */
export function observeFederation(routes: readonly string[]) {
  const known = new Set(routes);
  return (
    req: { path: string; method: string },
    res: {
      statusCode: number;
      locals: Record<string, unknown>;
      once(e: "finish" | "close", f: () => void): void;
    },
    next: () => void,
  ) => {
    const route = known.has(req.path) ? req.path : "other";
    const span = tracer().startSpan("sip.federation.request", {
      attributes: attrs({ "sip.federation.route": route, "http.request.method": req.method }),
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const status = res.statusCode;
      const keyId = (res.locals.peer as { keyId?: unknown } | undefined)?.keyId;
      const result = federationResult(status);
      const a = attrs({
        "sip.federation.route": route,
        "http.response.status_code": status,
        "sip.federation.result": result,
        ...(typeof keyId === "string" ? { "sip.peer.key_id": keyId } : {}),
      });
      span.setAttributes(a);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      instruments().federation.add(1, a);
    };
    res.once("finish", end);
    res.once("close", end);
    next();
  };
}
