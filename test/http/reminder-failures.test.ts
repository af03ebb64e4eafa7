import { describe, expect, it } from "vitest";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { startFakeConnector, type ScriptedResponse } from "../helpers/fake-connector.js";
import { as, presser } from "../helpers/multi-user.js";
import { startServerAt } from "../helpers/server.js";
import { kallelseTo, savePlan } from "../fixtures/followup.js";

/**
 * A reminder Teams will not take is not lost (issue 11): 429 with Retry-After and 5xx are retried
 * by the sender and then by the job queue, and the card arrives once; 403 (the lead blocked or
 * removed the bot) ends it, and the convener is told the lead cannot be reached.
 */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  lead: { id: "29:lead", name: "Lena Ledare", aadObjectId: "aad-lead" },
};
// The test server's sender makes three calls per send (maxRetries 2); Retry-After 0 keeps it from waiting.
const threeTimes = (status: number): ScriptedResponse[] =>
  Array.from({ length: 3 }, () => ({ status, headers: { "Retry-After": "0" } }));

describe("reminders Teams refuses", () => {
  it("retries 429 and 5xx until the card arrives once; a 403 tells the convener", async () => {
    let now = new Date("2026-11-26T10:00:00Z");
    const connector = await startFakeConnector();
    const server = await startServerAt({ now: () => now });
    const { press, calls } = presser(() => server, connector);
    const status = async (kind: string) =>
      (await server.db.query<{ status: string }>("SELECT status FROM reminders WHERE kind = $1", [kind]))[0]
        ?.status;
    const pass = async (at: string) => {
      now = new Date(at);
      await server.reminderPass();
      await server.background.idle();
    };
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      const { kallelseId } = await kallelseTo(press, connector, people.convener, people.lead);
      await savePlan(press, people.convener, kallelseId, people.lead, "2027-01-20");
      await server.db.query("UPDATE reminders SET status = 'cancelled' WHERE kind LIKE '%unanswered'");

      // 429 through the sender's retries: the job waits for its own retry, minutes away.
      connector.clear();
      connector.script(...threeTimes(429));
      await pass("2027-01-13T07:00:00Z");
      expect(calls(people.lead)).toHaveLength(3);
      expect(await status("follow_up_soon")).toBe("queued");
      const [job] = await server.db.query<{ state: string; later: boolean }>(
        "SELECT state, start_after > now() + interval '1 minute' AS later FROM pgboss.job WHERE name = 'reminder-deliver'",
      );
      expect(job).toEqual({ state: "retry", later: true });
      await server.db.query(
        "UPDATE pgboss.job SET start_after = now() WHERE name = 'reminder-deliver' AND state = 'retry'",
      );
      await server.background.idle();
      // The three refused calls, then the one that arrived.
      expect(calls(people.lead)).toHaveLength(4);
      expect(await status("follow_up_soon")).toBe("sent");

      // 500 once, then the sender's own retry gets it through: one card.
      connector.clear();
      connector.script({ status: 500 });
      await pass("2027-01-20T07:00:00Z");
      expect(calls(people.lead)).toHaveLength(2);
      expect(cardText(cardOf(calls(people.lead)[1]?.body))).toContain("Uppföljningen är i dag");
      expect(await status("follow_up_due")).toBe("sent");

      // 403: the lead blocked the bot. The reminder ends; the convener hears of it.
      connector.clear();
      connector.script({ status: 403, body: { error: { code: "MessageWritesBlocked" } } });
      await pass("2027-01-23T07:00:00Z");
      expect(await status("follow_up_overdue")).toBe("unreachable");
      const told = cardText(cardOf(calls(people.convener).at(-1)?.body));
      expect(told).toContain("Påminnelsen kom inte fram");
      expect(told).toContain("Lena Ledare");
      await pass("2027-01-24T07:00:00Z");
      expect(calls(people.lead)).toHaveLength(1); // nothing sent again
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
