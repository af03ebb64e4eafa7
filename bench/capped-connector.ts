import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request that reached the connector. */
export interface Arrival {
  /** performance.now() of the parent process when the request's body had been read. */
  at: number;
  /** 200 (taken) or 429 (over the tenant's cap). */
  status: number;
  tenantId: string;
  conversationId: string;
  /** From the card's action data; undefined for anything that is not a reminder card. */
  reminderId?: string;
  /** The first case code (SIP-…) in the card. */
  caseCode?: string;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities\/?$/;
const TENANT = /"tenantId":"([^"]+)"/;
const REMINDER = /"reminderId":"([0-9a-f-]{36})"/;
const CASE_CODE = /SIP-[0-9A-Z]+/;

/**
 * A stand-in for the Bot Connector that enforces Teams' per-tenant limit for a bot: at most
 * `perSecond` messages of one tenant are taken in any 1 s stretch (a sliding window); one more is
 * answered 429 with `Retry-After` (seconds), as Teams does, and does not count as taken. Every
 * arrival is recorded for the report. Only new activities (POST …/activities) are counted against
 * the cap; anything else is answered like the real service and recorded with status 200.
 */
export async function startCappedConnector(opts: { perSecond: number; retryAfterSeconds: number }) {
  const arrivals: Arrival[] = [];
  /** Times of taken requests per tenant, oldest first, trimmed to the last second. */
  const windows = new Map<string, number[]>();
  let inFlight = 0;
  let maxInFlight = 0;
  let next = 0;

  const take = (tenantId: string, at: number): boolean => {
    let log = windows.get(tenantId);
    if (!log) windows.set(tenantId, (log = []));
    while (log.length && (log[0] ?? 0) <= at - 1000) log.shift();
    if (log.length >= opts.perSecond) return false;
    log.push(at);
    return true;
  };

  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const at = performance.now();
    const path = (req.url ?? "").split("?")[0] ?? "";
    const conversationId = decodeURIComponent(ACTIVITIES.exec(path)?.[1] ?? "");
    const tenantId = TENANT.exec(text)?.[1] ?? "";
    const reminderId = REMINDER.exec(text)?.[1];
    const caseCode = CASE_CODE.exec(text)?.[0];
    if (req.method !== "POST" || !conversationId) {
      arrivals.push({ at, status: 200, tenantId, conversationId });
      const created = req.method === "POST" && path.replace(/\/$/, "") === "/v3/conversations";
      return answer(res, created ? 201 : 200, { id: `a:created-${++next}` });
    }
    const taken = take(tenantId, at);
    arrivals.push({
      at,
      status: taken ? 200 : 429,
      tenantId,
      conversationId,
      ...(reminderId ? { reminderId } : {}),
      ...(caseCode ? { caseCode } : {}),
    });
    if (taken) return answer(res, 200, { id: `activity-${++next}` });
    answer(
      res,
      429,
      { error: { code: "Throttled", message: "Too many requests" } },
      { "Retry-After": String(opts.retryAfterSeconds) },
    );
  };

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once("finish", () => inFlight--);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    arrivals,
    /** Most requests the connector was answering at one moment (the bot's sends in flight). */
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type CappedConnector = Awaited<ReturnType<typeof startCappedConnector>>;
