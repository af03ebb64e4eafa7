import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/store/db.js";
import { PRINT_TOKEN, PrintLinks } from "../../src/store/print-links.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

/** print_links references invitees, so each test invitee needs a case and a kallelse above it. */
async function insertInvitee(db: Pick<Db, "query">): Promise<string> {
  const caseId = randomUUID();
  const kallelseId = randomUUID();
  const inviteeId = randomUUID();
  await db.query(
    `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, verdict)
     VALUES ($1, $2, 'tenant', 'national', 'aad:lead', '{}')`,
    [caseId, `SIP-${caseId.slice(0, 8)}`],
  );
  await db.query(`INSERT INTO kallelser (id, case_id, details) VALUES ($1, $2, '{}')`, [kallelseId, caseId]);
  await db.query(
    `INSERT INTO invitees (id, kallelse_id, seq, kind, name, org_type, participation, contribution, status, tenant_id)
     VALUES ($1, $2, 1, 'external', 'Eva Ek', 'forsakringskassan', 'invited', 'Underlag', 'printable', 'tenant')`,
    [inviteeId, kallelseId],
  );
  return inviteeId;
}

const now = new Date("2026-01-10T12:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);

describe.each(engines)("PrintLinks on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let links: PrintLinks;
  let invitee: string;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    links = new PrintLinks(sandbox.db);
    invitee = await insertInvitee(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  it("revokes every live link of an invitee at once; other invitees' links stay", async () => {
    const mine = await insertInvitee(sandbox.db);
    const other = await insertInvitee(sandbox.db);
    const [a, b] = [await links.create(mine, inDays(7)), await links.create(mine, inDays(9))];
    const keep = await links.create(other, inDays(7));
    const audit = { actor: "aad-convener", caseCode: "SIP-TEST" };
    expect(await links.revoke(mine, now, audit)).toBe(2);
    expect(await links.resolve(a, now)).toBeUndefined();
    expect(await links.resolve(b, now)).toBeUndefined();
    expect(await links.resolve(keep, now)).toBe(other);
    expect(await links.revoke(mine, now, audit)).toBe(0);
    const entries = await sandbox.db.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE subject = 'SIP-TEST'",
    );
    expect(entries).toEqual([{ action: "print_link.revoked", actor: "aad-convener" }]);
  });

  it("creates a token that resolves to the invitee", async () => {
    const token = await links.create(invitee, inDays(14));
    expect(await links.resolve(token, now)).toBe(invitee);
  });

  it("stops resolving at the expiry instant", async () => {
    const expires = inDays(14);
    const token = await links.create(invitee, expires);
    expect(await links.resolve(token, new Date(expires.getTime() - 1000))).toBe(invitee);
    expect(await links.resolve(token, expires)).toBeUndefined();
    expect(await links.resolve(token, inDays(30))).toBeUndefined();
  });

  it("resolves nothing for an unknown token of the right shape", async () => {
    expect(await links.resolve("A".repeat(43), now)).toBeUndefined();
  });

  it("does not query the database for a malformed token", async () => {
    const token = await links.create(invitee, inDays(1));
    const query = vi.spyOn(sandbox.db, "query");
    try {
      for (const bad of [
        "",
        "short",
        `${token}x`,
        token.slice(1),
        `${token.slice(0, 42)}=`,
        "a".repeat(42) + "/",
      ]) {
        expect(await links.resolve(bad, now)).toBeUndefined();
      }
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
  });

  it("makes 43-character base64url tokens, each different, that name nobody", async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => links.create(invitee, inDays(1))));
    for (const t of tokens) {
      expect(t).toMatch(PRINT_TOKEN);
      expect(Buffer.from(t, "base64url")).toHaveLength(32);
      expect(t).not.toContain(invitee);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("refuses a link to an invitee that does not exist", async () => {
    await expect(links.create(randomUUID(), inDays(1))).rejects.toThrow();
  });

  it("goes when the invitee is deleted", async () => {
    const other = await insertInvitee(sandbox.db);
    const token = await links.create(other, inDays(1));
    await sandbox.db.query("DELETE FROM invitees WHERE id = $1", [other]);
    expect(await links.resolve(token, now)).toBeUndefined();
  });
});
