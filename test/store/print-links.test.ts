import { createHash, randomUUID } from "node:crypto";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/store/db.js";
import { migrate, MIGRATIONS_DIR } from "../../src/store/migrate.js";
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

  it("stores only the token's SHA-256: no column of any row holds the token", async () => {
    const mine = await insertInvitee(sandbox.db);
    const tokens = [await links.create(mine, inDays(7)), await links.create(mine, inDays(8))];
    const rows = await sandbox.db.query<Record<string, unknown>>("SELECT * FROM print_links");
    const dump = JSON.stringify(rows);
    for (const token of tokens) {
      expect(dump).not.toContain(token);
      // Nor a piece of it long enough to help (base64url: 16 characters are 96 bits).
      expect(dump).not.toContain(token.slice(0, 16));
      expect(dump).not.toContain(Buffer.from(token, "base64url").toString("hex").slice(0, 24));
    }
    const hashes = rows.filter((r) => r.invitee_id === mine).map((r) => r.token_hash);
    expect(hashes.sort()).toEqual(tokens.map((t) => createHash("sha256").update(t).digest("hex")).sort());
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(["expires_at", "invitee_id", "token_hash"]);
  });

  it("counts each invitee's live links, not revoked or expired ones", async () => {
    const a = await insertInvitee(sandbox.db);
    const [k] = await sandbox.db.query<{ kallelse_id: string }>(
      "SELECT kallelse_id FROM invitees WHERE id = $1",
      [a],
    );
    const kallelseId = String(k?.kallelse_id);
    expect(await links.liveCounts(kallelseId, now)).toEqual(new Map());
    await links.create(a, inDays(7));
    await links.create(a, inDays(9));
    await links.create(a, new Date(now.getTime() - 1000));
    expect(await links.liveCounts(kallelseId, now)).toEqual(new Map([[a, 2]]));
    expect(await links.liveCounts(kallelseId, inDays(8))).toEqual(new Map([[a, 1]]));
    await links.revoke(a, now, { actor: "aad-convener", caseCode: "SIP-COUNT" });
    expect(await links.liveCounts(kallelseId, now)).toEqual(new Map());
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

/** 017_print_link_hashes: links made before it, stored as tokens, keep working as hashes. */
describe.each(engines)("the migration to hashed print links on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sip-print-links-"));
    const bundled = fileURLToPath(MIGRATIONS_DIR);
    for (const f of await readdir(bundled))
      if (f.endsWith(".sql") && f < "017_print_link_hashes.sql")
        await copyFile(join(bundled, f), join(dir, f));
    sandbox = await engine.fresh({ migrationsDir: pathToFileURL(`${dir}/`) });
  });
  afterAll(async () => {
    await sandbox.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("hashes every stored token and drops the token column", async () => {
    const db = sandbox.db;
    const invitee = await insertInvitee(db);
    const live = "L".repeat(21) + "-_" + "x".repeat(20);
    const expired = "E".repeat(43);
    await db.query(
      "INSERT INTO print_links (token, invitee_id, expires_at) VALUES ($1, $2, $3), ($4, $2, $5)",
      [live, invitee, inDays(7).toISOString(), expired, inDays(-1).toISOString()],
    );
    expect(await migrate(db)).toContain("017_print_link_hashes");
    const links = new PrintLinks(db);
    expect(await links.resolve(live, now)).toBe(invitee);
    expect(await links.resolve(expired, now)).toBeUndefined();
    const rows = await db.query<Record<string, unknown>>("SELECT * FROM print_links");
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/LLLL|EEEE/);
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'print_links' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(["expires_at", "invitee_id", "token_hash"]);
  });
});
