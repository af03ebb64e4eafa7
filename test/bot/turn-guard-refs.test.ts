import { TestAdapter, TurnContext, type Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { beforeTurn } from "../../src/bot/turn-guard.js";
import type { ConversationRef } from "../../src/services/people.js";
import { capturingLogger } from "../helpers/bot.js";

/** A user's conversation reference is saved on first contact, then at most once a day per instance. */
describe("turn guard: the conversation reference kept fresh without reading state", () => {
  it("saves on first contact and on a new Stockholm day, not on every turn; per user and tenant", async () => {
    let now = new Date("2026-11-26T10:00:00Z");
    const saved: ConversationRef[] = [];
    const guard = beforeTurn({
      refs: { save: async (r) => void saved.push(r) },
      clock: { now: () => now },
      logger: capturingLogger().logger,
    });
    const adapter = new TestAdapter();
    const turn = (userId: string, tenantId = "t1") =>
      guard(
        new TurnContext(adapter, {
          type: "message",
          text: "hej",
          channelId: "msteams",
          serviceUrl: "https://smba.example/",
          from: { id: userId, name: "Anna" },
          recipient: { id: "28:bot", name: "SIP-lotsen" },
          conversation: { id: `a:${userId}`, tenantId, conversationType: "personal" },
          channelData: { tenant: { id: tenantId } },
        } as Partial<Activity>),
      );
    await turn("29:a");
    await turn("29:a");
    await turn("29:b");
    await turn("29:a", "t2");
    expect(saved.map((r) => `${r.tenantId}/${r.userId}`)).toEqual(["t1/29:a", "t1/29:b", "t2/29:a"]);
    // 23:30 in Stockholm is still the same day; 00:30 is the next.
    now = new Date("2026-11-26T22:30:00Z");
    await turn("29:a");
    expect(saved).toHaveLength(3);
    now = new Date("2026-11-26T23:30:00Z");
    await turn("29:a");
    expect(saved).toHaveLength(4);
  });
});
