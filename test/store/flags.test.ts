import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/store/audit.js";
import type { NewFlag } from "../../src/cases/flag.js";
import { FlagRepository } from "../../src/store/flags.js";
import { takeFlag } from "../../src/services/flags.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const newFlag = (over: Partial<NewFlag> = {}): NewFlag => ({
  id: randomUUID(),
  tenantId: "tenant",
  reporterUserId: "29:school",
  reporterName: "Sara Skola",
  reporterConversationId: "a:school",
  reporterActivityId: "card-1",
  holderUserId: "29:soc",
  holderTenantId: "tenant",
  holderName: "Sofia Soc",
  holderConversationId: "a:soc",
  holderActivityId: "act-1",
  assessment: {
    recommendation: "sip_indicated",
    codes: ["REQUESTED", "FLAG_NEED_ONWARD"],
    region: "uppsala",
  },
  ...over,
});
const next = (userId: string) => ({ userId, name: userId, conversationId: `a:${userId}`, activityId: "act" });

describe.each(engines)("FlagRepository on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let flags: FlagRepository;
  let audit: AuditLog;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    flags = new FlagRepository(sandbox.db);
    audit = new AuditLog(sandbox.db);
  });
  afterAll(() => sandbox.dispose());
  const casesOf = async (userId: string) =>
    sandbox.db.query<Record<string, unknown>>("SELECT * FROM cases WHERE convener_user_id = $1", [userId]);

  it("stores a flag with its audit entry and reads it back", async () => {
    const f = newFlag();
    const stored = await flags.create(f, "aad-school");
    expect(stored).toEqual({ ...f, status: "open" });
    expect(await flags.get(f.id)).toEqual(stored);
    expect(await flags.get(randomUUID())).toBeUndefined();
    expect(await flags.fromForm("tenant", "29:school", "a:school", "card-1")).toEqual(stored);
    expect(await flags.fromForm("tenant", "29:other", "a:school", "card-1")).toBeUndefined();
    expect((await audit.list(f.id)).map((e) => [e.actor, e.action, e.detail])).toEqual([
      ["aad-school", "flag.sent", { to: "29:soc", recommendation: "sip_indicated" }],
    ]);
  });

  it("passes only from the current holder, once", async () => {
    const f = await flags.create(newFlag(), "aad-school");
    expect(await flags.pass(f.id, "29:other", next("29:x"), "aad-other")).toBeUndefined();
    const moved = await flags.pass(f.id, "29:soc", next("29:soc2"), "aad-soc");
    expect(moved).toMatchObject({
      holderUserId: "29:soc2",
      holderConversationId: "a:29:soc2",
      status: "open",
    });
    // The same press again: the flag is no longer with 29:soc.
    expect(await flags.pass(f.id, "29:soc", next("29:soc3"), "aad-soc")).toBeUndefined();
    expect((await flags.get(f.id))?.holderUserId).toBe("29:soc2");
    expect(await flags.passes(f.id)).toBe(1);
    expect((await audit.list(f.id)).map((e) => e.action)).toEqual(["flag.sent", "flag.passed"]);
  });

  it("takes over only by the holder, once: the case is created in the same transaction", async () => {
    const f = await flags.create(
      newFlag({ holderUserId: "29:taker", holderName: "Tina Taker" }),
      "aad-school",
    );
    expect(await takeFlag(sandbox.db, f.id, "29:soc", "aad-soc")).toBeUndefined();
    const done = await takeFlag(sandbox.db, f.id, "29:taker", "aad-taker");
    expect(done?.flag).toMatchObject({ status: "taken", caseId: done?.case.id });
    expect(done?.case).toMatchObject({
      convenerUserId: "29:taker",
      convenerName: "Tina Taker",
      region: "uppsala",
    });
    const [row] = await casesOf("29:taker");
    expect(row).toMatchObject({ verdict: null, assessment: { recommendation: "sip_indicated" } });
    expect(await takeFlag(sandbox.db, f.id, "29:taker", "aad-taker")).toBeUndefined();
    expect(await flags.pass(f.id, "29:taker", next("29:x"), "aad-taker")).toBeUndefined();
    expect(await casesOf("29:taker")).toHaveLength(1);
    expect((await audit.list(f.id)).map((e) => e.action)).toEqual(["flag.sent", "flag.taken"]);
    expect((await audit.list(done?.case.code ?? "")).map((e) => e.action)).toEqual(["case.created"]);
  });

  it("of two racing takes and a racing pass exactly one changes anything", async () => {
    const f = await flags.create(newFlag({ holderUserId: "29:racer" }), "aad-school");
    // On PostgreSQL the racers use separate connections, so the row lock decides.
    const otherDb = sandbox.reopen ? await sandbox.reopen() : sandbox.db;
    const other = new FlagRepository(otherDb);
    const results = await Promise.all([
      takeFlag(sandbox.db, f.id, "29:racer", "aad-racer"),
      takeFlag(otherDb, f.id, "29:racer", "aad-racer"),
      other.pass(f.id, "29:racer", next("29:y"), "aad-racer"),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await audit.list(f.id)).length).toBe(2);
    expect((await casesOf("29:racer")).length).toBeLessThanOrEqual(1);
  });

  it("a failed take leaves the flag open and creates no case", async () => {
    const f = await flags.create(newFlag({ holderUserId: "29:unlucky" }), "aad-school");
    // An actor the audit log refuses (NOT NULL) fails the transaction after the case insert.
    await expect(takeFlag(sandbox.db, f.id, "29:unlucky", null as unknown as string)).rejects.toThrow();
    expect((await flags.get(f.id))?.status).toBe("open");
    expect(await casesOf("29:unlucky")).toEqual([]);
  });
});
