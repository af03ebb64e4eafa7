import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";

/** Unknown paths get JSON like every other answer of this server, not express's HTML page. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: "Not found" });
};

export const postOnly: RequestHandler = (_req, res) => {
  res.status(405).set("Allow", "POST").json({ error: "Method Not Allowed: use POST" });
};

/** Header values echoed back are cut short: the answer stays small whatever was sent. */
const echo = (v: unknown) => String(v).slice(0, 64);

/** What an error handed to express may carry: http-errors' status, body-parser's type and names. */
interface HttpErrorLike {
  status?: unknown;
  message?: unknown;
  type?: unknown;
  charset?: unknown;
  encoding?: unknown;
  /** body-parser's limit in bytes, on entity.too.large: each route has its own (64 kB, 256 kB …). */
  limit?: unknown;
}

/** body-parser's errors (they carry `type`) as what actually went wrong. */
function bodyError(err: HttpErrorLike): [number, string] | undefined {
  switch (err.type) {
    case "entity.parse.failed":
      return [400, "Invalid JSON"];
    case "entity.too.large":
      return [
        413,
        typeof err.limit === "number"
          ? `Too large: a request here may be at most ${Math.floor(err.limit / 1024)} kB`
          : "Too large",
      ];
    case "charset.unsupported":
      return [415, `Unsupported charset "${echo(err.charset)}": send UTF-8`];
    case "encoding.unsupported":
      return [415, `Unsupported Content-Encoding "${echo(err.encoding)}": send identity, gzip or deflate`];
    case "request.aborted":
      return [400, "Request aborted before the body was read"];
    case "request.size.invalid":
      return [400, "Content-Length does not match the body"];
    default:
      return undefined;
  }
}

/**
 * The last handler: a client's mistake is answered with its status and a JSON body that names
 * it; anything else is a 500 without detail, logged as one line.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e: HttpErrorLike = err && typeof err === "object" ? err : {};
    const known = bodyError(e);
    const status =
      known?.[0] ?? (typeof e.status === "number" && e.status >= 400 && e.status < 500 ? e.status : 500);
    if (status === 500) logger.error({ event: "http_error", err: String(e.message ?? err).slice(0, 300) });
    res
      .status(status)
      .json({ error: known?.[1] ?? (status === 500 ? "Internal error" : STATUS_CODES[status]) });
  };
}
