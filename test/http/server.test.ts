import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, message } from "../helpers/activities.js";
import { multiUser } from "../helpers/multi-user.js";
import { startTestServer } from "../helpers/server.js";

// The real server and a fake Bot Connector for this file (no users installed).
const h = multiUser({});

describe("the real HTTP server", () => {
  it("serves /healthz with the database kind", async () => {
    const res = await fetch(`${h.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "pglite" });
  });

  it("replies to a message through the connector at the activity's serviceUrl", async () => {
    h.connector.clear();
    const activity = message(h.connector.serviceUrl, "bedöm");
    const res = await h.server.post(activity);
    expect(res.status).toBe(200);
    const replies = h.connector.calls.filter((c) =>
      c.path.startsWith("/v3/conversations/a:conv-1/activities"),
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]?.path).toBe(`/v3/conversations/a:conv-1/activities/${activity.id}`);
    expect(cardText(cardOf(replies[0]?.body))).toContain("Behövs en SIP?");
  });

  it("answers Action.Execute synchronously in the HTTP response body", async () => {
    h.connector.clear();
    const data = { needsSocialServices: "yes", needsHealthCare: "unsure", reporterRole: "social_services" };
    const res = await h.server.post(execute(h.connector.serviceUrl, VERBS.submitAssess, data));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(body.value)).toContain("Bedöm vidare");
    expect(h.connector.sent()).toHaveLength(0);
  });

  it("answers broken JSON with 400 and an activity missing its parts with 400 naming them", async () => {
    expect((await h.server.post("{not json")).status).toBe(400);
    const res = await h.server.post({ type: "message", text: "hej" });
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
      const activity = message(h.connector.serviceUrl, "hjälp");
      expect((await secured.post(activity)).status).toBe(401);
      expect((await secured.post(activity, { authorization: "Bearer not-a-jwt" })).status).toBe(401);
      expect(h.connector.sent().some((a) => a.replyToId === activity.id)).toBe(false);
    } finally {
      await secured.close();
    }
  });
});
