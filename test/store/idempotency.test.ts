import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/model.js";
import { AuditLog } from "../../src/store/audit.js";
import { CaseRepository } from "../../src/store/cases.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const newCase = (convenerUserId = "29:k"): Omit<Case, "id" | "code" | "createdAt"> => ({
  tenantId: "t",
  region: "national",
  convenerUserId,
  verdict: { verdict: "may_proceed", channel: "digital", codes: [] },
});

describe.each(engines)("a double press stores one row, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let repo: CaseRepository;
  /** A second repository: on its own connection on PostgreSQL, so the two presses truly race. */
  let other: CaseRepository;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    repo = new CaseRepository(sandbox.db);
    other = sandbox.reopen ? new CaseRepository(await sandbox.reopen()) : repo;
  });
  afterAll(() => sandbox.dispose());

  const count = async (sql: string, params: unknown[]) =>
    (await sandbox.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n;

  it("two presses of one verdict card at once create one case", async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([
      repo.createCaseOnce(key, newCase(), "aad-k"),
      other.createCaseOnce(key, newCase(), "aad-k"),
    ]);
    expect(a.case.id).toBe(b.case.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await count("cases WHERE verdict_key = $1", [key])).toBe(1);
    expect((await new AuditLog(sandbox.db).list(a.case.code)).map((e) => e.action)).toEqual(["case.created"]);
    // Another card of the same convener, or the same key from another convener: new cases.
    expect((await repo.createCaseOnce(randomUUID(), newCase(), "aad-k")).created).toBe(true);
    expect((await repo.createCaseOnce(key, newCase("29:other"), "aad-o")).created).toBe(true);
  });

  it("two presses at once on a taken-over case set its verdict once", async () => {
    const c = await repo.createCase(newCase(), "aad-k");
    const key = randomUUID();
    const verdict = { verdict: "may_proceed", channel: "digital", codes: ["x"] };
    const changed = await Promise.all([
      repo.setVerdict(c, verdict, "aad-k", key),
      other.setVerdict(c, verdict, "aad-k", key),
    ]);
    expect(changed.sort()).toEqual([false, true]);
    const actions = (await new AuditLog(sandbox.db).list(c.code)).map((e) => e.action);
    expect(actions.filter((a) => a === "case.consent_checked")).toHaveLength(1);
    // A later consent check (its own card) sets it again.
    expect(await repo.setVerdict(c, verdict, "aad-k", randomUUID())).toBe(true);
  });

  it("two submits of one kallelse form at once store one kallelse; another form on the case is new", async () => {
    const c = await repo.createCase(newCase(), "aad-k");
    const key = randomUUID();
    const invitees = [pendingInvitee("29:a"), pendingInvitee("29:b")];
    const [a, b] = await Promise.all([
      repo.createKallelse(c.code, c.id, DETAILS, invitees, "aad-k", key),
      other.createKallelse(c.code, c.id, DETAILS, invitees, "aad-k", key),
    ]);
    expect(a.kallelse.id).toBe(b.kallelse.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(b.invitees.map((i) => i.id)).toEqual(a.invitees.map((i) => i.id));
    expect(await count("kallelser WHERE case_id = $1", [c.id])).toBe(1);
    expect(await count("invitees WHERE kallelse_id = $1", [a.kallelse.id])).toBe(2);
    // A follow-up meeting: a second kallelse for the same case, from its own form.
    const followUp = await repo.createKallelse(c.code, c.id, DETAILS, invitees, "aad-k", randomUUID());
    expect(followUp.created).toBe(true);
    expect(await count("kallelser WHERE case_id = $1", [c.id])).toBe(2);
  });
});

describe.each(engines)("recording deliveries, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let repo: CaseRepository;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    repo = new CaseRepository(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  async function oneInvitee() {
    const c = await repo.createCase(newCase(), "aad-k");
    const { invitees } = await repo.createKallelse(c.code, c.id, DETAILS, [pendingInvitee("29:a")], "aad-k");
    return { c, invitee: invitees[0] as NonNullable<(typeof invitees)[0]> };
  }

  it("a delivery confirmed after the answer keeps the answer and stores where the card is", async () => {
    const { c, invitee } = await oneInvitee();
    // The partner pressed Acceptera before the connector's slow 200 reached us.
    await repo.answer(invitee, { status: "accepted" }, "aad-a", c.code);
    await repo.delivered(
      invitee.id,
      { status: "invited", conversationId: "a:29:a", activityId: "card-a" },
      c.code,
    );
    const stored = await repo.invitee(invitee.id);
    expect(stored).toMatchObject({ status: "accepted", conversationId: "a:29:a", activityId: "card-a" });
    const actions = (await new AuditLog(sandbox.db).list(c.code)).map((e) => e.action);
    expect(actions).not.toContain("invitation.invited");
  });

  it("an invitee named by AAD object id goes by their Teams id once delivered, reminders too", async () => {
    const c = await repo.createCase(newCase(), "aad-k");
    const { invitees } = await repo.createKallelse(c.code, c.id, DETAILS, [pendingInvitee("aad-b")], "aad-k");
    const id = invitees[0]?.id ?? "";
    const insert = `INSERT INTO reminders (id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at, invitee_id)
      VALUES ($1, $2, 'invitee_unanswered', $3, 't', now(), $4)`;
    await sandbox.db.query(insert, [randomUUID(), c.id, "aad-b", id]);
    await sandbox.db.query(insert, [randomUUID(), c.id, "29:k", id]);
    expect(await repo.deferDelivery(id, "installing", c.code)).toBe(true);
    const at = { status: "invited" as const, conversationId: "a:b", activityId: "x", userId: "29:b" };
    expect(await repo.delivered(id, at, c.code)).toBe(true);
    expect(await repo.invitee(id)).toMatchObject({ status: "invited", userId: "29:b" });
    const rows = await sandbox.db.query<{ recipient_user_id: string }>(
      "SELECT recipient_user_id FROM reminders WHERE invitee_id = $1 ORDER BY recipient_user_id",
      [id],
    );
    // The convener's reminder about them stays the convener's.
    expect(rows.map((r) => r.recipient_user_id)).toEqual(["29:b", "29:k"]);
  });

  it("a send refused for now stays pending, counts its attempt, and is still queued at a restart", async () => {
    const { c, invitee } = await oneInvitee();
    expect(await repo.deferDelivery(invitee.id, "failed", c.code)).toBe(true);
    expect(await repo.invitee(invitee.id)).toMatchObject({ status: "pending", deliveryAttempts: 1 });
    expect(await repo.pendingInvitees()).toContain(invitee.id);
    await repo.delivered(invitee.id, { status: "invited", conversationId: "a:1", activityId: "x" }, c.code);
    expect(await repo.deferDelivery(invitee.id, "throttled", c.code)).toBe(false);
    expect(await repo.pendingInvitees()).not.toContain(invitee.id);
  });
});
