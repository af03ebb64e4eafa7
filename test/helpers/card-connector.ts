import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TeamsAdapter } from "@microsoft/teams-ai";
import { connectorClientOptions } from "../../src/proactive/sender.js";

/** A card request the connector has not answered yet. */
export interface HeldCard {
  /** The card's id: the invitee's or the reminder's (the constructor's `key`). */
  id: string;
  /** Its conversation and the case code it names: one reminder per case and person. */
  pair: string;
  /** The x-worker header, where the sender sets one (in-process workers); "" otherwise. */
  worker: string;
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * A Bot Connector for the kill tests (test/jobs/invitations-kill.test.ts, reminders-kill.test.ts)
 * that counts cards per id — the `key` in the card's Action.Execute data: "inviteeId" or
 * "reminderId" — and per (conversation, case code). Like test/jobs/kill.test.ts's receiver, a card counts as received only when it
 * is answered while its client is still connected: one whose connection closed first (the sender
 * died mid-send) never completed, so the sender's job is retried and the retry is the one delivery.
 * While `holding`, it holds card requests unanswered until release().
 */
export class CardConnector {
  readonly received = new Map<string, number>();
  readonly pairs = new Map<string, number>();
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

  constructor(private readonly key = "inviteeId") {}

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
      if (h.req.socket.destroyed || h.res.closed) this.discarded.push(h.id);
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
    const conversation = /^\/v3\/conversations\/(.+)\/activities$/.exec(path)?.[1];
    const id = req.method === "POST" && conversation && find(body, this.key);
    if (!id) {
      this.other.push(`${req.method} ${path}`);
      const created = req.method === "POST" && path === "/v3/conversations";
      res.writeHead(created ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `${created ? "a:created" : "activity"}-${++this.#next}` }));
      return;
    }
    const pair = `${conversation} ${/SIP-[0-9A-Z]{4}/.exec(body)?.[0] ?? ""}`;
    const card = { id, pair, worker: String(req.headers["x-worker"] ?? ""), req, res };
    if (this.holding) this.held.push(card);
    else this.#answer(card);
  }

  #answer({ id, pair, worker, res }: HeldCard) {
    bump(this.received, id);
    bump(this.pairs, pair);
    bump(this.answeredBy, worker);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: `activity-${++this.#next}` }));
  }
}

/** The id under `name` in the card's Action.Execute data, or undefined. */
function find(body: string, name: string): string | undefined {
  let found: string | undefined;
  JSON.parse(body, (key: string, value: unknown) => {
    if (key === name && typeof value === "string") found ??= value;
    return value;
  });
  return found;
}
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * An adapter like server.ts's whose connector requests carry x-worker (the connector tells the two
 * in-process workers apart), and whose requests never settle once the worker is in `frozen`.
 */
export function adapterOf(name: string, frozen: ReadonlySet<string>): TeamsAdapter {
  const inner = connectorClientOptions.httpClient;
  if (!inner) throw new Error("connectorClientOptions has no httpClient");
  const never = new Promise<never>(() => undefined);
  const httpClient: typeof inner = {
    async sendRequest(web) {
      if (frozen.has(name)) return never;
      web.headers.set("x-worker", name);
      try {
        const res = await inner.sendRequest(web);
        return frozen.has(name) ? never : res;
      } catch (err) {
        if (frozen.has(name)) return never;
        throw err;
      }
    },
  };
  return new TeamsAdapter(
    {
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      MicrosoftAppType: "MultiTenant",
      MicrosoftAppTenantId: "",
    },
    undefined,
    undefined,
    { ...connectorClientOptions, httpClient },
  );
}
