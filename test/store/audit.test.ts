import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/store/audit.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

describe.each(engines)("AuditLog on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let audit: AuditLog;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    audit = new AuditLog(sandbox.db);
    await audit.append({
      actor: "aad:lead",
      action: "case.created",
      subject: "SIP-7K3Q",
      detail: { region: "SE-AB" },
    });
    await audit.append({ actor: "system", action: "reminder.sent", subject: "SIP-7K3Q" });
    await audit.append({ actor: "aad:other", action: "case.created", subject: "SIP-9ZZZ" });
  });
  afterAll(() => sandbox.dispose());

  it("appends entries and lists one subject's oldest first", async () => {
    const entries = await audit.list("SIP-7K3Q");
    expect(entries.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ["aad:lead", "case.created", { region: "SE-AB" }],
      ["system", "reminder.sent", {}],
    ]);
    expect(typeof entries[0]?.id).toBe("number");
    expect(entries[0]?.at).toBeInstanceOf(Date);
    expect(await audit.list("SIP-NONE")).toEqual([]);
  });

  it("returns the stored entry from append", async () => {
    const e = await audit.append({ actor: "aad:x", action: "consent.checked", subject: "SIP-APPEND" });
    expect(e).toMatchObject({ actor: "aad:x", action: "consent.checked", subject: "SIP-APPEND", detail: {} });
    expect(await audit.list("SIP-APPEND")).toEqual([e]);
  });

  it.each([
    ["UPDATE", "UPDATE audit_log SET actor = 'someone else'"],
    ["DELETE", "DELETE FROM audit_log WHERE subject = 'SIP-7K3Q'"],
    ["TRUNCATE", "TRUNCATE audit_log"],
  ])("refuses %s, and the rows stay as they were", async (_op, sql) => {
    await expect(sandbox.db.query(sql)).rejects.toThrow(/audit_log is append-only/);
    expect((await audit.list("SIP-7K3Q")).map((e) => e.actor)).toEqual(["aad:lead", "system"]);
  });

  it("can be written inside a transaction, and rolls back with it", async () => {
    await expect(
      sandbox.db.transaction(async (tx) => {
        await new AuditLog(tx).append({ actor: "aad:lead", action: "case.closed", subject: "SIP-TX" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await audit.list("SIP-TX")).toEqual([]);
  });
});
