import type { Activity } from "botbuilder";
import { afterAll, beforeAll, expect } from "vitest";
import { TENANT, cardOf, execute, membersAdded } from "./activities.js";
import { startFakeConnector } from "./fake-connector.js";
import { startTestServer } from "./server.js";

/** A Teams user in their own 1:1 chat with the bot; `locale` is their Teams client's language. */
export interface Person {
  id: string;
  name: string;
  aadObjectId: string;
  locale?: string;
  /** Another organisation's tenant; TENANT when left out. */
  tenantId?: string;
}

/** Their chat: one per user and tenant (the same user id may exist in two tenants). */
export const chatOf = (p: Person) =>
  p.tenantId && p.tenantId !== TENANT ? `a:${p.id}@${p.tenantId}` : `a:${p.id}`;

export const as = ({ locale = "sv-SE", tenantId = TENANT, ...from }: Person): Partial<Activity> => ({
  from,
  locale,
  conversation: {
    id: chatOf({ ...from, tenantId }),
    conversationType: "personal",
    tenantId,
    isGroup: false,
    name: "",
  },
  channelData: { tenant: { id: tenantId } },
});

/** The data of the card action with this verb (nested cards included), or undefined. */
export function dataOf(card: unknown, verb: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) return card.map((c) => dataOf(c, verb)).find(Boolean);
  if (!card || typeof card !== "object") return undefined;
  const o = card as Record<string, unknown>;
  if (o.verb === verb) return (o.data ?? {}) as Record<string, unknown>;
  return Object.values(o)
    .map((v) => dataOf(v, verb))
    .find(Boolean);
}

/**
 * The real server and a fake Bot Connector for one test file, with every person installed (so
 * the bot holds their conversation references; `env` configures the server, e.g. ALLOWED_TENANTS).
 * Registers its own beforeAll/afterAll.
 */
export function multiUser(people: Record<string, Person>, env: Record<string, string> = {}) {
  const h = {} as {
    connector: Awaited<ReturnType<typeof startFakeConnector>>;
    server: Awaited<ReturnType<typeof startTestServer>>;
  };
  beforeAll(async () => {
    h.connector = await startFakeConnector();
    h.server = await startTestServer(env);
    for (const p of Object.values(people)) await h.server.post(membersAdded(h.connector.serviceUrl, as(p)));
  });
  afterAll(async () => {
    await h.server.close();
    await h.connector.close();
  });

  return {
    get connector() {
      return h.connector;
    },
    get server() {
      return h.server;
    },
    /**
     * One Action.Execute press by a person; the synchronous card (or message) that answers it,
     * returned once the sends it started in the background have finished.
     */
    async invoke(p: Person, verb: string, data: unknown, replyToId = "card-1") {
      const res = await h.server.post({ ...execute(h.connector.serviceUrl, verb, data, as(p)), replyToId });
      expect(res.status).toBe(200);
      const { value } = (await res.json()) as { value: Record<string, unknown> };
      // Invitations and tracking updates go out after the answer: let them land before asserting.
      await h.server.background.idle();
      return value;
    },
    /** Cards the bot sent into one person's chat (new messages, or updates with "PUT"), oldest first. */
    cardsTo(p: Person, method = "POST") {
      return h.connector.calls
        .filter((c) => c.method === method && c.path.startsWith(`/v3/conversations/${chatOf(p)}/activities`))
        .map((c) => cardOf(c.body));
    },
  };
}

type Posting = { post(body: unknown): Promise<Response>; background: { idle(): Promise<boolean> } };

/**
 * Presses a card button as a person on the server `current()` returns (a test may restart it),
 * waits until the work the press queued is done, and returns the invoke's answer; `calls` lists
 * what the connector got for a person's chat.
 */
export function presser<C extends { method: string; path: string }>(
  current: () => Posting,
  connector: { serviceUrl: string; calls: C[] },
) {
  return {
    press: async (p: Person, verb: string, data: unknown, replyToId = "card-1") => {
      const server = current();
      const res = await server.post({ ...execute(connector.serviceUrl, verb, data, as(p)), replyToId });
      const { value } = (await res.json()) as { value: unknown };
      await server.background.idle();
      return value;
    },
    calls: (p: Person, method = "POST") =>
      connector.calls.filter(
        (c) => c.method === method && c.path.startsWith(`/v3/conversations/${chatOf(p)}/`),
      ),
  };
}
