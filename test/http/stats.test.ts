import type { Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";

/** `stats` over HTTP: SIP_ADMINS reaches the bot from the configuration, and only served tenants get in. */
describe("stats: SIP_ADMINS and tenants", () => {
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const admin = { id: "29:admin", aadObjectId: "aad-admin", name: "Astrid Admin" };
  const inTenant = (tenantId: string, from: object): Partial<Activity> =>
    ({
      from,
      conversation: { id: `a:${tenantId}`, conversationType: "personal", tenantId, isGroup: false, name: "" },
      channelData: { tenant: { id: tenantId } },
    }) as Partial<Activity>;
  const reply = async (extra: Partial<Activity>) => {
    connector.clear();
    const res = await server.post(message(connector.serviceUrl, "statistik", extra));
    expect(res.status).toBe(200);
    return cardText(cardOf(connector.sent().at(-1) as Partial<Activity>));
  };

  beforeAll(async () => {
    connector = await startFakeConnector();
    server = await startTestServer({
      ALLOWED_TENANTS: "tenant-1,tenant-region",
      SIP_ADMINS: "aad-admin, 29:other",
    });
  });
  afterAll(async () => {
    await server.close();
    await connector.close();
  });

  it("an admin of a served tenant gets the statistics card", async () => {
    const text = await reply(inTenant("tenant-1", admin));
    expect(text).toContain("SIP-statistik");
  });

  it("a colleague of the other served tenant, not listed, is refused", async () => {
    const text = await reply(inTenant("tenant-region", { id: "29:r", aadObjectId: "aad-r", name: "Rut" }));
    expect(text).toContain("inte använda");
    expect(text).not.toContain("statistik");
  });

  it("a user of a tenant the bot does not serve is refused, even with an admin's ids", async () => {
    const text = await reply(inTenant("tenant-evil", admin));
    expect(text).toContain("inte ansluten");
    expect(text).not.toMatch(/statistik|<5/i);
    expect(server.logLines.join("\n")).toContain('"event":"tenant_refused"');
  });
});
