import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/store/db.js";
import { MyCases } from "../../src/store/my-cases.js";
import { mineService } from "../../src/services/mine.js";
import { seedCase } from "../fixtures/mine.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const T1 = "tenant-1";
const T2 = "tenant-2";
const ME = { tenantId: T1, userId: "29:me" };
const clock = { now: () => new Date("2026-11-26T10:00:00Z") };
/** A user of this instance whom a federation peer invited (their own cases too). */
const INVITED = { tenantId: T1, userId: "29:invited" };

/** A peer's invitation as the receiving side stores it (federated_invitations, migration 010). */
async function peerInvitation(
  db: Db,
  o: { code: string; status: string; at: string; date?: string; tenantId?: string; userId?: string },
) {
  const invitation = { caseCode: o.code, details: { date: o.date ?? "2026-12-10" } };
  await db.query(
    `INSERT INTO federated_invitations (id, key_id, ref, tenant_id, user_id, invitation, status, created_at)
     VALUES ($1, 'key-a', $2, $3, $4, $5, $6, $7)`,
    [
      randomUUID(),
      randomUUID(),
      o.tenantId ?? INVITED.tenantId,
      o.userId ?? INVITED.userId,
      JSON.stringify(invitation),
      o.status,
      o.at,
    ],
  );
}

describe.each(engines)("MyCases on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let mine: MyCases;
  const codes: Record<string, string> = {};
  beforeAll(async () => {
    sandbox = await engine.fresh();
    mine = new MyCases(sandbox.db);
    const db = sandbox.db;
    codes.convener = await seedCase(db, {
      tenant: T1,
      convener: ME.userId,
      createdAt: "2026-11-01T09:00:00Z",
      kallelse: {
        date: "2026-12-10",
        invitees: [
          { userId: "29:a", status: "invited" },
          { userId: "29:b", status: "accepted" },
          { userId: "29:c", status: "pending" },
        ],
      },
    });
    codes.participant = await seedCase(db, {
      tenant: T1,
      convener: "29:other",
      createdAt: "2026-11-02T09:00:00Z",
      kallelse: { date: "2026-12-11", invitees: [{ userId: ME.userId, status: "invited" }] },
    });
    codes.lead = await seedCase(db, {
      tenant: T1,
      convener: "29:other",
      createdAt: "2026-11-03T09:00:00Z",
      kallelse: { date: "2026-11-20", invitees: [] },
      plan: { lead: ME.userId, leadTenant: T1, meeting: "2026-11-20", followUp: "2026-12-01" },
    });
    // Not mine: a withdrawn invitation, and the same user id in another tenant's cases.
    await seedCase(db, {
      tenant: T1,
      convener: "29:other",
      createdAt: "2026-11-04T09:00:00Z",
      kallelse: { date: "2026-12-12", invitees: [{ userId: ME.userId, status: "withdrawn" }] },
    });
    codes.otherTenant = await seedCase(db, {
      tenant: T2,
      convener: ME.userId,
      createdAt: "2026-11-05T09:00:00Z",
      kallelse: { date: "2026-12-12", invitees: [{ userId: ME.userId, status: "invited" }] },
      plan: { lead: ME.userId, leadTenant: T2, meeting: "2026-12-12", followUp: "2027-01-12" },
    });
    // Convener and participant at once: listed once with both roles.
    codes.both = await seedCase(db, {
      tenant: T1,
      convener: ME.userId,
      createdAt: "2026-10-01T09:00:00Z",
      kallelse: { date: "2026-10-20", invitees: [{ userId: ME.userId, status: "accepted" }] },
      closed: "goals_met",
    });
  });
  afterAll(() => sandbox.dispose());

  it("finds the user's cases in every role, once each, newest first, and only in their tenant", async () => {
    expect(await mine.count(ME)).toBe(4);
    const rows = await mine.page(ME, 0, 20);
    expect(rows.map((r) => r.code)).toEqual([codes.lead, codes.participant, codes.convener, codes.both]);
    const [lead, participant, convener, both] = rows;
    expect(lead).toMatchObject({
      lead: true,
      convener: false,
      participant: false,
      meetingDate: "2026-11-20",
    });
    expect(lead?.plan).toEqual({ followUpDate: "2026-12-01", followUpDone: false });
    expect(participant).toMatchObject({ participant: true, convener: false, toAnswer: true });
    expect(convener).toMatchObject({ convener: true, unanswered: 2, toAnswer: false, hasVerdict: true });
    expect(both).toMatchObject({ convener: true, participant: true, closed: "goals_met" });
  });

  it("shows another tenant's user with the same id only that tenant's case", async () => {
    const rows = await mine.page({ tenantId: T2, userId: ME.userId }, 0, 20);
    expect(rows.map((r) => r.code)).toEqual([codes.otherTenant]);
    expect(rows[0]).toMatchObject({ convener: true, lead: true, participant: true });
    expect(await mine.count({ tenantId: "tenant-3", userId: ME.userId })).toBe(0);
  });

  it("the service adds roles, next date and what waits, from the clock's today", async () => {
    const page = await mineService({ db: sandbox.db, clock }).page(ME, 0);
    expect(page).toMatchObject({ offset: 0, total: 4 });
    expect(page.nextOffset).toBeUndefined();
    expect(page.cases[0]).toEqual({
      code: codes.lead,
      roles: ["lead"],
      status: { kind: "plan" },
      next: { kind: "followUp", date: "2026-12-01" },
      waiting: [{ kind: "followUp" }], // 5 days ahead: within the week
    });
    expect(page.cases[2]?.waiting).toEqual([{ kind: "unanswered", count: 2 }]);
    expect(page.cases[3]).toMatchObject({ roles: ["convener", "participant"], waiting: [] });
  });

  describe("with a federation peer's invitations (issue 12 part 2)", () => {
    let older = "";
    let newer = "";
    beforeAll(async () => {
      const db = sandbox.db;
      const own = { tenant: T1, convener: INVITED.userId };
      older = await seedCase(db, { ...own, createdAt: "2026-11-01T09:00:00Z" });
      newer = await seedCase(db, { ...own, createdAt: "2026-11-03T09:00:00Z" });
      await peerInvitation(db, { code: "SIP-AB23", status: "invited", at: "2026-11-04T09:00:00Z" });
      const declined = { code: "SIP-CD45", status: "declined", date: "2026-11-20" };
      await peerInvitation(db, { ...declined, at: "2026-11-02T09:00:00Z" });
      // Not listed: on its way, withdrawn, another user, the same user id in another tenant.
      const late = { code: "SIP-EF67", at: "2026-11-05T09:00:00Z" };
      for (const status of ["received", "sending", "withdrawn"])
        await peerInvitation(db, { ...late, status });
      await peerInvitation(db, { ...late, status: "invited", userId: ME.userId });
      await peerInvitation(db, { ...late, status: "invited", tenantId: T2 });
    });

    it("counts and pages them with the cases, newest first (an invitation by when it came)", async () => {
      expect(await mine.count(INVITED)).toBe(4);
      const first = await mine.page(INVITED, 0, 2);
      const second = await mine.page(INVITED, 2, 2);
      expect([...first, ...second].map((r) => r.code)).toEqual(["SIP-AB23", newer, "SIP-CD45", older]);
      expect(first[0]).toMatchObject({
        participant: true,
        convener: false,
        toAnswer: true,
        meetingDate: "2026-12-10",
        peer: { keyId: "key-a", answer: "invited", undelivered: false },
      });
      expect(second[0]).toMatchObject({ toAnswer: false, peer: { keyId: "key-a", answer: "declined" } });
      expect(first[1]?.peer).toBeUndefined();
    });

    it("another user, or the same id in another tenant, sees only their own", async () => {
      expect((await mine.page(ME, 0, 20)).map((r) => r.code)).toContain("SIP-EF67");
      const t2 = await mine.page({ tenantId: T2, userId: INVITED.userId }, 0, 20);
      expect(t2.map((r) => r.code)).toEqual(["SIP-EF67"]);
    });
  });
});
