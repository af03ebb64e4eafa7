import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import type { Db } from "../../src/store/db.js";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { startFakeConnector, type ScriptedResponse } from "../helpers/fake-connector.js";
import { as, dataOf, presser, type Person } from "../helpers/multi-user.js";
import { startTestServer } from "../helpers/server.js";
import { openDb } from "../../src/store/db.js";

/** The server's database, opened while the server is stopped (PGlite allows one process). */
async function withDb(dataDir: string, fn: (db: Db) => Promise<void>): Promise<void> {
  const db = await openDb({ dataDir });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";

/**
 * A 429 or 5xx that outlasts the sender's retries is not final: the invitee stays pending and its
 * delivery job is tried again later (pg-boss, services/jobs.ts), also after a restart; when the
 * job's retries are used up, the invitee goes on paper and the convener is told.
 */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  a: { id: "29:a", name: "Anna BUP", aadObjectId: "aad-a" },
  b: { id: "29:b", name: "Bengt Socialsekreterare", aadObjectId: "aad-b" },
};
const fields = kallelseFormValues([
  { who: people.a.id, orgType: "region", contribution: "Bedömning" },
  { who: people.b.id, orgType: "socialtjanst", contribution: "Insatser" },
]);
// The test server's sender makes three calls per send (maxRetries 2); Retry-After 0 keeps it from waiting.
const threeTimes = (status: number): ScriptedResponse[] =>
  Array.from({ length: 3 }, () => ({ status, headers: { "Retry-After": "0" } }));

const statusOf = async (db: Pick<Db, "query">, userId: string) =>
  (await db.query<{ status: string }>("SELECT status FROM invitees WHERE user_id = $1", [userId]))[0]?.status;

describe("an invitation Teams would not take for now", () => {
  it("stays pending (not printable), is tried again once due, is sent once; repeated failures end on paper", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sip-retries-"));
    const connector = await startFakeConnector();
    const callsTo = (p: Person) =>
      connector.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/v3/conversations/a:${p.id}/`));
    const lastTracking = () =>
      cardText(
        cardOf(
          connector.calls.filter((c) => c.method === "PUT" && c.path.includes(people.convener.id)).at(-1)
            ?.body,
        ),
      );
    let server = await startTestServer({ DATA_DIR: dir });
    const { press } = presser(() => server, connector);
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      const form = cardOf(connector.sent().at(-1));
      connector.clear();
      connector.script(
        { status: 200, body: { id: "form-1" } }, // teams-ai replacing the form with the tracking card
        ...threeTimes(429), // Anna: throttled through every retry
        { status: 200, body: {} }, // the tracking card says she is tried again
        ...threeTimes(503), // Bengt: unavailable through every retry
      );
      await press(
        people.convener,
        VERBS.submitKallelse,
        { ...fields, ...dataOf(form, VERBS.submitKallelse) },
        "form-1",
      );
      expect(callsTo(people.a)).toHaveLength(3);
      expect(callsTo(people.b)).toHaveLength(3);
      for (const p of [people.a, people.b]) expect(await statusOf(server.db, p.id)).toBe("pending");
      expect(await server.db.query("SELECT 1 FROM print_links")).toEqual([]);
      expect(lastTracking().match(/Skickas …/g)).toHaveLength(2);
      expect(lastTracking()).not.toContain("kunde inte nås");
      expect(lastTracking()).not.toContain("Hämta utskrift");

      // Both jobs wait for their retry, minutes away (backoff); the invitees stay pending.
      const jobs = await server.db.query<{ state: string; later: boolean }>(
        "SELECT state, start_after > now() + interval '1 minute' AS later FROM pgboss.job WHERE name = 'invitation-deliver'",
      );
      expect(jobs).toEqual([
        { state: "retry", later: true },
        { state: "retry", later: true },
      ]);
      // Here the retries are due, and Bengt's job has failed as often as allowed but once.
      await server.close();
      await withDb(dir, async (db) => {
        await db.query("UPDATE pgboss.job SET start_after = now() WHERE state = 'retry'");
        await db.query(
          `UPDATE pgboss.job SET retry_count = retry_limit
            WHERE data->'data'->>'inviteeId' = (SELECT id::text FROM invitees WHERE user_id = $1)`,
          [people.b.id],
        );
      });

      connector.clear();
      connector.script({ status: 201, body: { id: "card-a" } }, ...threeTimes(503));
      server = await startTestServer({ DATA_DIR: dir });
      await server.background.idle();
      expect(callsTo(people.a)).toHaveLength(1);
      expect(await statusOf(server.db, people.a.id)).toBe("invited");
      // Bengt's last attempt failed too: now the convener is told, with a printable invitation.
      expect(callsTo(people.b)).toHaveLength(3);
      expect(await statusOf(server.db, people.b.id)).toBe("printable");
      expect(lastTracking()).toMatch(/Anna BUP[\s\S]*Inväntar svar/);
      expect(lastTracking()).toContain("Bengt Socialsekreterare kunde inte nås i Teams");
      expect(lastTracking()).toContain("Hämta utskrift");
      await server.close();

      // Nothing is left to send: a further start sends nothing.
      connector.clear();
      server = await startTestServer({ DATA_DIR: dir });
      await server.background.idle();
      expect(connector.calls).toEqual([]);
    } finally {
      await server.close();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
