import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { CaseRepository } from "../../src/store/cases.js";
import type { Db } from "../../src/store/db.js";
import { TENANT, cardOf, cardText, execute, membersAdded } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, dataOf, multiUser } from "../helpers/multi-user.js";
import { startTestServer } from "../helpers/server.js";
import { DETAILS, MAY_PROCEED_CONSENT, pendingInvitee } from "../fixtures/kallelse.js";

const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  partner: { id: "29:p", name: "Petra Psykolog", aadObjectId: "aad-p" },
};
const form = (caseId: string) => ({
  caseId,
  rows: "1",
  purpose: "Samordna stödet",
  longTermGoal: "Gå i skolan",
  questions: "Vem gör vad?",
  date: "2026-12-10",
  time: "14:00",
  duration: "60",
  placeKind: "in_person",
  placeText: "Familjecentralen",
  personTakesPart: "På plats",
  p1Who: people.partner.id,
  p1OrgType: "region",
  p1Role: "convened",
  p1Contribution: "Bedömning",
});

const statusOf = async (db: Pick<Db, "query">, userId: string) =>
  (await db.query<{ status: string }>("SELECT status FROM invitees WHERE user_id = $1", [userId]))[0]?.status;

describe("a kallelse is answered before its invitations are sent", () => {
  const h = multiUser(people);

  it("Teams gets the tracking card while the partner's card is still on its way", async () => {
    h.connector.clear();
    await h.invoke(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
    const caseId = String(dataOf(h.cardsTo(people.convener)[0], VERBS.submitKallelse)?.caseId);
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    h.connector.clear();
    h.connector.script(
      { status: 200, body: { id: "form-1" } }, // teams-ai replacing the form with the tracking card
      { status: 200, body: { id: "card-p" }, hold: slow }, // the partner's card: a slow connector
    );
    const res = await h.server.post({
      ...execute(h.connector.serviceUrl, VERBS.submitKallelse, form(caseId), as(people.convener)),
      replyToId: "form-1",
    });
    expect(res.status).toBe(200);
    const answered = ((await res.json()) as { value: unknown }).value;
    expect(cardText(answered)).toContain("Skickas …");
    // The send has reached the connector and waits there; the invoke did not wait for it.
    await vi.waitFor(() => expect(h.cardsTo(people.partner)).toHaveLength(1));
    expect(await statusOf(h.server.db, people.partner.id)).toBe("pending");

    release();
    await h.server.background.idle();
    expect(await statusOf(h.server.db, people.partner.id)).toBe("invited");
    const tracking = h.cardsTo(people.convener, "PUT").at(-1);
    expect(cardText(tracking)).toContain("Inväntar svar");
    expect(cardText(tracking)).not.toContain("Skickas …");
  });
});

describe("an invitation left unsent by a stop", () => {
  it("is sent when the bot starts again, once, and the tracking card follows", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sip-deliveries-"));
    const connector = await startFakeConnector();
    try {
      // Before the stop: both people installed the bot; the kallelse was stored, never sent.
      const before = await startTestServer({ DATA_DIR: dir });
      for (const p of Object.values(people)) await before.post(membersAdded(connector.serviceUrl, as(p)));
      const repo = new CaseRepository(before.db);
      const c = await repo.createCase(
        {
          tenantId: TENANT,
          region: "national",
          convenerUserId: people.convener.id,
          verdict: { verdict: "may_proceed", channel: "digital", codes: [] },
        },
        "aad-k",
      );
      const { kallelse } = await repo.createKallelse(
        c.code,
        c.id,
        DETAILS,
        [pendingInvitee(people.partner.id, people.partner.name)],
        "aad-k",
      );
      await repo.setTracking(kallelse.id, `a:${people.convener.id}`, "tracking-1");
      await before.db.query("UPDATE invitees SET updated_at = now() - interval '31 minutes'");
      await before.close();

      connector.clear();
      const after = await startTestServer({ DATA_DIR: dir });
      await after.background.idle();
      expect(cardText(cardOf(connector.sent()[0]))).toContain("Kallelse till SIP-möte");
      expect(connector.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
        `POST /v3/conversations/a:${people.partner.id}/activities`,
        `PUT /v3/conversations/a:${people.convener.id}/activities/tracking-1`,
      ]);
      expect(await statusOf(after.db, people.partner.id)).toBe("invited");
      await after.close();

      // A third start finds nothing left to send.
      connector.clear();
      const again = await startTestServer({ DATA_DIR: dir });
      await again.background.idle();
      expect(connector.calls).toEqual([]);
      await again.close();
    } finally {
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
