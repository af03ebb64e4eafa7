import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MyCases } from "../../src/store/my-cases.js";
import { mineService } from "../../src/services/mine.js";
import { seedCase } from "../fixtures/mine.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const T1 = "tenant-1";
const T2 = "tenant-2";
const ME = { tenantId: T1, userId: "29:me" };
const clock = { now: () => new Date("2026-11-26T10:00:00Z") };

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
});
