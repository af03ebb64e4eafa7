import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** An answer a test scripts for the next connector call, instead of the usual success. */
export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Close the connection without answering (the client sees ECONNRESET). */
  drop?: boolean;
  /** Answer only once this settles: the call is recorded on arrival, like a slow connector. */
  hold?: Promise<void>;
}

/**
 * A local stand-in for the Bot Connector service (the network edge): records every call the
 * bot makes to its serviceUrl and answers like the real one. Tests point serviceUrl here.
 */
export async function startFakeConnector() {
  const calls: ConnectorCall[] = [];
  const scripted: ScriptedResponse[] = [];
  let next = 0;
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  // Scripted answers, when a test queued some; otherwise every call succeeds as before.
  app.use((req, res, nextHandler) => {
    const answer = req.path.startsWith("/v3/conversations") ? scripted.shift() : undefined;
    if (!answer) return nextHandler();
    calls.push({ method: req.method, path: decodeURIComponent(req.path), body: req.body });
    void (answer.hold ?? Promise.resolve()).then(() => {
      if (answer.drop) return void req.socket.destroy();
      res
        .status(answer.status)
        .set(answer.headers ?? {})
        .json(answer.body ?? {});
    });
  });
  app.post("/v3/conversations", (req, res) => {
    calls.push({ method: "POST", path: req.path, body: req.body });
    res.status(201).json({ id: `a:created-${++next}` });
  });
  app.all(/^\/v3\/conversations\/.*/, (req, res) => {
    calls.push({ method: req.method, path: decodeURIComponent(req.path), body: req.body });
    res.status(200).json({ id: `activity-${++next}` });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    /** Activities the bot sent into conversations (replies and new messages). */
    sent: () => calls.filter((c) => c.method === "POST" && c.path.includes("/activities")).map((c) => c.body),
    clear: () => calls.splice(0),
    /** Queues answers for the next calls, in order; later calls get the usual success again. */
    script: (...responses: ScriptedResponse[]) => void scripted.push(...responses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
