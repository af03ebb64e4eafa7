import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocaleRelay {
  /** Base URL of the relay, e.g. http://127.0.0.1:41234 (append /api/messages). */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * The Agents Playground hard-codes `locale: "en-US"` on every activity it sends, so the bot
 * (Swedish first, English for "en-…" clients) would always answer in English there. This relay
 * sits between the Playground and the bot and sets the locale a real Teams client in that
 * language would send; everything else passes through unchanged, responses included (card
 * invokes are answered in the HTTP response body). Local tooling only: it binds 127.0.0.1.
 */
export async function startLocaleRelay(target: string, locale: string): Promise<LocaleRelay> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => forward(upstream, req, res, withLocale(body, locale)))
      .catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(502, { "content-type": "text/plain" }).end(`relay: ${String(err)}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Sets `locale` and the clientInfo entity's locale; bodies that are not an activity pass as-is. */
export function withLocale(body: Buffer, locale: string): Buffer {
  if (body.length === 0) return body;
  let activity: unknown;
  try {
    activity = JSON.parse(body.toString("utf8"));
  } catch {
    return body;
  }
  if (!isRecord(activity) || typeof activity.type !== "string") return body;
  activity.locale = locale;
  if (Array.isArray(activity.entities))
    for (const entity of activity.entities)
      if (isRecord(entity) && entity.type === "clientInfo") entity.locale = locale;
  return Buffer.from(JSON.stringify(activity), "utf8");
}

function forward(upstream: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host, "content-length": String(body.length) };
    delete headers["transfer-encoding"];
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", resolve);
        answer.on("error", reject);
      },
    );
    out.on("error", reject);
    out.end(body);
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
