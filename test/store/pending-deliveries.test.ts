import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseRepository } from "../../src/store/cases.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

/** A case with a kallelse of n pending invitees; returns their ids. */
async function kallelseWith(repo: CaseRepository, n: number): Promise<string[]> {
  const c = await repo.createCase(
    {
      tenantId: "t",
      region: "national",
      convenerUserId: "29:k",
      verdict: { verdict: "may_proceed", channel: "digital", codes: [] },
    },
    "aad-k",
  );
  const users = Array.from({ length: n }, (_, i) => `29:u${i}`);
  const { invitees } = await repo.createKallelse(
    c.code,
    c.id,
    DETAILS,
    users.map((u) => pendingInvitee(u)),
    "aad-k",
  );
  return invitees.map((i) => i.id);
}

describe.each(engines)("claiming invitations left pending, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let repo: CaseRepository;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    repo = new CaseRepository(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  const backdate = (ids: string[], minutes: number) =>
    sandbox.db.query(
      `UPDATE invitees SET updated_at = now() - make_interval(mins => $2) WHERE id = ANY($1)`,
      [ids, minutes],
    );

  it("claims only invitees still pending after the lease, and each only once", async () => {
    const stale = await kallelseWith(repo, 3);
    await kallelseWith(repo, 1); // just stored: its own delivery is still under way
    const sent = await kallelseWith(repo, 1);
    await backdate(stale, 11);
    await backdate(sent, 11);
    await sandbox.db.query(`UPDATE invitees SET status = 'invited' WHERE id = $1`, [sent[0]]);

    const claimed = await repo.claimStalePending(10);
    expect(claimed.map((i) => i.id).sort()).toEqual([...stale].sort());
    expect(claimed.every((i) => i.status === "pending")).toBe(true);
    // The claim renewed their lease: a second sweep finds nothing, nor the fresh one.
    expect(await repo.claimStalePending(10)).toEqual([]);
  });

  it("leaves alone the invitees a delivery under way has renewed", async () => {
    const waiting = await kallelseWith(repo, 2);
    await backdate(waiting, 45);
    await repo.renewPending(waiting);
    expect(await repo.claimStalePending(30)).toEqual([]);
  });

  it("two instances sweeping at once never take the same invitee", async () => {
    const stale = await kallelseWith(repo, 40);
    await backdate(stale, 30);
    // A second connection on PostgreSQL; PGlite in memory has one, so there the claims queue.
    const other = sandbox.reopen ? new CaseRepository(await sandbox.reopen()) : repo;
    const [a, b] = await Promise.all([repo.claimStalePending(10, 25), other.claimStalePending(10, 25)]);
    const ids = [...a, ...b].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Up to 25 each: between them they took all 40 (SKIP LOCKED passes over rows the other holds).
    const rest = await repo.claimStalePending(10);
    expect([...ids, ...rest.map((i) => i.id)].sort()).toEqual([...stale].sort());
  });
});
