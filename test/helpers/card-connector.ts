import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A card request the connector has not answered yet. */
export interface HeldCard {
  inviteeId: string;
  /** The x-worker header, where the sender sets one (in-process workers); "" otherwise. */
  worker: string;
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * A Bot Connector for the kill tests (test/jobs/invitations-kill.test.ts) that counts invitation
 * cards per invitee. Like test/jobs/kill.test.ts's receiver, a card counts as received only when it
 * is answered while its client is still connected: one whose connection closed first (the sender
 * died mid-send) never completed, so the sender's job is retried and the retry is the one delivery.
 * While `holding`, it holds card requests unanswered until release().
 */
export class CardConnector {
  readonly received = new Map<string, number>();
  /** Which worker's request each answered card was, when the sender says (x-worker). */
  readonly answeredBy = new Map<string, number>();
  readonly held: HeldCard[] = [];
  readonly discarded: string[] = [];
  /** Requests that were no invitation card (createConversation, updates): none are expected. */
  readonly other: string[] = [];
  holding = false;
  #next = 0;
  readonly server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => this.#handle(req, res, body));
  });

  get total(): number {
    let n = 0;
    for (const v of this.received.values()) n += v;
    return n;
  }

  async listen(): Promise<string> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Answers what was held, except requests whose client has gone (they were never received). */
  release(): void {
    this.holding = false;
    for (const h of this.held.splice(0)) {
      if (h.req.socket.destroyed || h.res.closed) this.discarded.push(h.inviteeId);
      else this.#answer(h);
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const path = decodeURIComponent(req.url ?? "");
    // sendToConversation: POST /v3/conversations/{id}/activities, the card as its attachment.
    const inviteeId =
      req.method === "POST" && /^\/v3\/conversations\/.+\/activities$/.test(path) && find(body);
    if (!inviteeId) {
      this.other.push(`${req.method} ${path}`);
      const created = req.method === "POST" && path === "/v3/conversations";
      res.writeHead(created ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `${created ? "a:created" : "activity"}-${++this.#next}` }));
      return;
    }
    const card = { inviteeId, worker: String(req.headers["x-worker"] ?? ""), req, res };
    if (this.holding) this.held.push(card);
    else this.#answer(card);
  }

  #answer({ inviteeId, worker, res }: HeldCard) {
    this.received.set(inviteeId, (this.received.get(inviteeId) ?? 0) + 1);
    this.answeredBy.set(worker, (this.answeredBy.get(worker) ?? 0) + 1);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: `activity-${++this.#next}` }));
  }
}

/** The invitee id in the card's Action.Execute data (cards/case-views.ts), or undefined. */
function find(body: string): string | undefined {
  let found: string | undefined;
  JSON.parse(body, (key: string, value: unknown) => {
    if (key === "inviteeId" && typeof value === "string") found ??= value;
    return value;
  });
  return found;
}
