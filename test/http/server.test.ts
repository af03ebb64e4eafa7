import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/bot/verbs.js";
import { cardOf, cardText, execute, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";

let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

describe("the real HTTP server", () => {
  it("serves /healthz with the database kind", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "pglite" });
  });

  it("replies to a message through the connector at the activity's serviceUrl", async () => {
    connector.clear();
    const activity = message(connector.serviceUrl, "bedöm");
    const res = await server.post(activity);
    expect(res.status).toBe(200);
    const replies = connector.calls.filter((c) => c.path.startsWith("/v3/conversations/a:conv-1/activities"));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.path).toBe(`/v3/conversations/a:conv-1/activities/${activity.id}`);
    expect(cardText(cardOf(replies[0]?.body))).toContain("Behövs en SIP?");
  });

  it("answers Action.Execute synchronously in the HTTP response body", async () => {
    connector.clear();
    const data = { needsSocialServices: "yes", needsHealthCare: "unsure", reporterRole: "social_services" };
    const res = await server.post(execute(connector.serviceUrl, VERBS.submitAssess, data));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(body.value)).toContain("Bedöm vidare");
    expect(connector.sent()).toHaveLength(0);
  });

  it("answers broken JSON with 400 and an activity missing its parts with 400 naming them", async () => {
    expect((await server.post("{not json")).status).toBe(400);
    const res = await server.post({ type: "message", text: "hej" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("serviceUrl");
  });
});

describe("authentication", () => {
  it("with credentials, refuses requests without a valid token (401)", async () => {
    const secured = await startTestServer({
      MicrosoftAppId: "00000000-0000-0000-0000-000000000001",
      MicrosoftAppPassword: "x",
    });
    try {
      const activity = message(connector.serviceUrl, "hjälp");
      expect((await secured.post(activity)).status).toBe(401);
      expect((await secured.post(activity, { authorization: "Bearer not-a-jwt" })).status).toBe(401);
      expect(connector.sent().some((a) => a.replyToId === activity.id)).toBe(false);
    } finally {
      await secured.close();
    }
  });
});
