import type { Activity, ConversationAccount } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConversationRefs,
  ConversationRefSchema,
  nameKey,
  refFromActivity,
  type ConversationRef,
} from "../../src/store/conversation-refs.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/** A 1:1 message as Teams delivers it (ids shortened but in Teams' shape). */
const personalMessage = (): Partial<Activity> => ({
  type: "message",
  id: "1732601234567",
  timestamp: new Date("2026-11-26T08:15:00.000Z"),
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  channelId: "msteams",
  from: {
    id: "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrrA8vM",
    name: "Åsa Öberg",
    aadObjectId: "6be4b5b4-3d4e-4f2e-9b1f-2a7e0c5d1e11",
  },
  conversation: {
    id: "a:1Hk9Xq3tZrUeW0-bS9sVJh7cL1nq0pD8eXr2FvY5mKwQz",
    conversationType: "personal",
    tenantId: TENANT,
    isGroup: false,
    name: "",
  },
  recipient: { id: "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c", name: "SIP-lotsen" },
  textFormat: "plain",
  locale: "sv-SE",
  text: "hej",
  entities: [{ type: "clientInfo", locale: "sv-SE", country: "SE", platform: "Windows" }],
  channelData: { tenant: { id: TENANT } },
});

describe("refFromActivity", () => {
  it("builds a reference from a Teams personal message", () => {
    expect(refFromActivity(personalMessage())).toEqual({
      tenantId: TENANT,
      userId: "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrrA8vM",
      aadObjectId: "6be4b5b4-3d4e-4f2e-9b1f-2a7e0c5d1e11",
      conversationId: "a:1Hk9Xq3tZrUeW0-bS9sVJh7cL1nq0pD8eXr2FvY5mKwQz",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      channelId: "msteams",
      botId: "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c",
      botName: "SIP-lotsen",
      displayName: "Åsa Öberg",
      locale: "sv-SE",
    });
  });

  it("takes the tenant from channelData and accepts a missing conversationType", () => {
    const a = personalMessage();
    // Older clients and some events omit conversationType; Partial<> mirrors that on the wire.
    a.conversation = { id: "a:1x", isGroup: false, name: "" } as ConversationAccount;
    const ref = refFromActivity(a);
    expect(ref?.tenantId).toBe(TENANT);
    expect(ref?.conversationId).toBe("a:1x");
  });

  it("leaves optional parts out instead of storing empty strings", () => {
    const a = personalMessage();
    a.from = { id: "29:abc", name: "" };
    a.locale = undefined;
    const ref = refFromActivity(a);
    expect(ref).toBeDefined();
    expect(ref?.displayName).toBeUndefined();
    expect(ref?.aadObjectId).toBeUndefined();
    expect(ref?.locale).toBeUndefined();
  });

  it.each([
    [
      "a group chat",
      (a: Partial<Activity>) => a.conversation && (a.conversation.conversationType = "groupChat"),
    ],
    ["a channel", (a: Partial<Activity>) => a.conversation && (a.conversation.conversationType = "channel")],
    ["no serviceUrl", (a: Partial<Activity>) => (a.serviceUrl = undefined)],
    ["a serviceUrl that is not a URL", (a: Partial<Activity>) => (a.serviceUrl = "smba")],
    [
      "no tenant anywhere",
      (a: Partial<Activity>) => {
        a.channelData = {};
        if (a.conversation) a.conversation.tenantId = undefined;
      },
    ],
    ["no sender", (a: Partial<Activity>) => (a.from = undefined)],
    ["no recipient (bot)", (a: Partial<Activity>) => (a.recipient = undefined)],
  ])("rejects %s", (_label, spoil) => {
    const a = personalMessage();
    spoil(a);
    expect(refFromActivity(a)).toBeUndefined();
  });
});

describe("ConversationRefSchema and nameKey", () => {
  it("requires the ids and a URL", () => {
    const ok = refFromActivity(personalMessage());
    expect(ConversationRefSchema.safeParse(ok).success).toBe(true);
    expect(ConversationRefSchema.safeParse({ ...ok, serviceUrl: "not a url" }).success).toBe(false);
    expect(ConversationRefSchema.safeParse({ ...ok, tenantId: "" }).success).toBe(false);
  });

  it("lower-cases the Swedish way and splits words on any non-letter", () => {
    expect(nameKey("  Anna-Karin ÅBERG (Socialtjänsten) ")).toBe("anna karin åberg socialtjänsten");
    expect(nameKey("ÄRLA Ö.")).toBe("ärla ö");
    expect(nameKey("A\u030Asa")).toBe("åsa"); // decomposed Å (A + ring) is composed first
  });
});

const ref = (tenantId: string, userId: string, displayName?: string): ConversationRef => ({
  tenantId,
  userId,
  conversationId: `a:conv-${userId}`,
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  channelId: "msteams",
  botId: "28:bot",
  ...(displayName ? { displayName } : {}),
});

describe.each(engines)("ConversationRefs on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let refs: ConversationRefs;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    refs = new ConversationRefs(sandbox.db);
    const people = [
      "Åsa Öberg",
      "Anna-Karin Åberg",
      "Östen Ärlig",
      "Ärling Öst",
      "Bo Ek",
      "Eva Åkesson-Lind",
    ];
    for (const [i, name] of people.entries()) await refs.save(ref("search-tenant", `29:s${i}`, name));
    await refs.save(ref("other-tenant", "29:o1", "Åsa Berg"));
  });
  afterAll(() => sandbox.dispose());

  it("saves and gets a reference; unknown users give undefined", async () => {
    const r = refFromActivity(personalMessage());
    if (!r) throw new Error("fixture must parse");
    await refs.save(r);
    expect(await refs.get(r.tenantId, r.userId)).toEqual(r);
    expect(await refs.get(r.tenantId, "29:nobody")).toBeUndefined();
    expect(await refs.get("another-tenant", r.userId)).toBeUndefined();
  });

  it("finds a user by AAD object id within their tenant only (an invitee the bot installed itself for)", async () => {
    await refs.save({ ...ref("t-aad", "29:new", "Berit Berg"), aadObjectId: "aad-berit" });
    expect((await refs.byAadObjectId("t-aad", "aad-berit"))?.userId).toBe("29:new");
    expect(await refs.byAadObjectId("other-tenant", "aad-berit")).toBeUndefined();
    expect(await refs.byAadObjectId("t-aad", "aad-nobody")).toBeUndefined();
  });

  it("saving again updates the row and its updated_at, keeping known optional fields", async () => {
    const first = { ...ref("t-update", "29:u1", "Bo Ek"), locale: "sv-SE" };
    await refs.save(first);
    // Backdate the row instead of waiting on the clock: the next save must move updated_at to now.
    await sandbox.db.query(
      "UPDATE conversation_refs SET updated_at = '2000-01-01Z' WHERE tenant_id = 't-update'",
    );

    const moved = {
      ...ref("t-update", "29:u1"),
      conversationId: "a:new",
      serviceUrl: "https://smba.example/se/",
    };
    await refs.save(moved);
    expect(await refs.get("t-update", "29:u1")).toEqual({ ...moved, displayName: "Bo Ek", locale: "sv-SE" });
    const [row] = await sandbox.db.query<{ updated_at: Date }>(
      "SELECT updated_at FROM conversation_refs WHERE tenant_id = 't-update'",
    );
    expect(row?.updated_at.getUTCFullYear()).toBeGreaterThan(2000);
    const count = await sandbox.db.query("SELECT 1 FROM conversation_refs WHERE tenant_id = 't-update'");
    expect(count).toHaveLength(1);
  });

  it("rejects an invalid reference", async () => {
    await expect(refs.save({ ...ref("t", "29:x"), serviceUrl: "nope" })).rejects.toThrow();
  });

  const names = async (prefix: string, limit?: number) =>
    (await refs.searchByName("search-tenant", prefix, limit)).map((r) => r.displayName);

  it.each([
    ["å", ["Anna-Karin Åberg", "Eva Åkesson-Lind", "Åsa Öberg"]],
    ["Å", ["Anna-Karin Åberg", "Eva Åkesson-Lind", "Åsa Öberg"]],
    ["ÅS", ["Åsa Öberg"]],
    ["äR", ["Ärling Öst", "Östen Ärlig"]],
    ["ö", ["Åsa Öberg", "Ärling Öst", "Östen Ärlig"]], // Swedish order: å < ä < ö
    ["LIND", ["Eva Åkesson-Lind"]], // a word after a hyphen
    ["karin-åb", ["Anna-Karin Åberg"]], // several words, typed with the hyphen
    ["a", ["Anna-Karin Åberg"]], // å and ä are letters of their own, not a with marks
    ["sa", []], // the middle of a word does not match
    ["%", []],
    ["_", []],
    ["   ", []],
  ])("searching %j finds %j", async (prefix, expected) => {
    expect(await names(prefix)).toEqual(expected);
  });

  it("keeps tenants apart and honours the limit", async () => {
    expect((await refs.searchByName("other-tenant", "åsa")).map((r) => r.userId)).toEqual(["29:o1"]);
    expect(await names("åsa")).toEqual(["Åsa Öberg"]);
    expect(await names("ö", 2)).toHaveLength(2);
    expect(await refs.searchByName("no-such-tenant", "å")).toEqual([]);
  });

  it("searches several served tenants at once, and none when given none", async () => {
    const found = await refs.searchByName(["search-tenant", "other-tenant"], "åsa");
    expect(found.map((r) => [r.tenantId, r.userId])).toEqual([
      ["other-tenant", "29:o1"],
      ["search-tenant", expect.any(String)],
    ]);
    expect(await refs.searchByName([], "åsa")).toEqual([]);
  });
});
