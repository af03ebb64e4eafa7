import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { base, cardOf, cardText, execute, membersAdded, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";

/** Only the registration's tenant and ALLOWED_TENANTS are served; nothing of anyone else is kept. */
describe("tenants: a user of a tenant the bot does not serve", () => {
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const other = {
    conversation: {
      id: "a:other-conv",
      conversationType: "personal",
      tenantId: "tenant-evil",
      isGroup: false,
      name: "",
    },
    channelData: { tenant: { id: "tenant-evil" } },
    from: { id: "29:outsider", aadObjectId: "aad-outsider", name: "Olle Utomstående" },
  };
  const rows = async (sql: string) => (await server.db.query<{ n: number }>(sql))[0]?.n;

  beforeAll(async () => {
    connector = await startFakeConnector();
    server = await startTestServer({ ALLOWED_TENANTS: "tenant-region,tenant-1" });
  });
  afterAll(async () => {
    await server.close();
    await connector.close();
  });

  it("gets a polite refusal to a message, in their language, and nothing of them is stored", async () => {
    const before = await rows("SELECT count(*)::int AS n FROM bot_state");
    await server.post(membersAdded(connector.serviceUrl, other));
    const res = await server.post(message(connector.serviceUrl, "Hur gör vi med samtycket?", other));
    expect(res.status).toBe(200);
    const reply = connector.sent().at(-1);
    expect(cardText(cardOf(reply))).toContain("inte ansluten");
    // Nothing to press: every button would only be refused again.
    expect((cardOf(reply) as { actions?: unknown[] }).actions ?? []).toEqual([]);
    await server.post(message(connector.serviceUrl, "help", { ...other, locale: "en-US" }));
    expect(cardText(cardOf(connector.sent().at(-1)))).toContain("not connected");
    expect(
      await rows("SELECT count(*)::int AS n FROM conversation_refs WHERE tenant_id = 'tenant-evil'"),
    ).toBe(0);
    expect(await rows("SELECT count(*)::int AS n FROM bot_state")).toBe(before);
    const log = server.logLines.join("\n");
    expect(log).toContain('"event":"tenant_refused"');
    expect(log).toContain("tenant-evil");
    expect(log).not.toContain("Olle");
    expect(log).not.toContain("samtycket");
  });

  it("gets an error card for a card press, and the verb never runs", async () => {
    const res = await server.post(execute(connector.serviceUrl, VERBS.createCase, { prefill: {} }, other));
    expect(res.status).toBe(200);
    // The invoke response body is the card itself (application/vnd.microsoft.card.adaptive).
    const { value } = (await res.json()) as { value: unknown };
    expect(cardText(value)).toContain("inte ansluten");
    expect((value as { actions?: unknown[] }).actions ?? []).toEqual([]);
    expect(await rows("SELECT count(*)::int AS n FROM cases")).toBe(0);
  });

  it("gets a refusal, not a 501, for any other invoke (typeahead)", async () => {
    const res = await server.post({
      ...base(connector.serviceUrl, other),
      type: "invoke",
      name: "application/search",
      value: { kind: "search", queryText: "An", dataset: "sip.users" },
    });
    expect(res.status).toBe(403);
  });

  it("is served when the tenant is listed", async () => {
    connector.clear();
    await server.post(message(connector.serviceUrl, "hjälp"));
    expect(cardText(cardOf(connector.sent().at(-1)))).toContain("Bedöm");
    expect(await rows("SELECT count(*)::int AS n FROM conversation_refs WHERE tenant_id = 'tenant-1'")).toBe(
      1,
    );
  });
});
