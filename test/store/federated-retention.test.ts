import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retentionPass } from "../../src/services/retention.js";
import { FederatedInvitations } from "../../src/store/federated-invitations.js";
import { invitationPayload } from "../helpers/federation.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const NOW = new Date("2027-06-01T10:00:00Z");
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * A peer's invitation to one of our users is deleted once its meeting is RETENTION_DAYS old; a
 * withdrawal that came without its invitation once it is that old itself.
 */
describe.each(engines)("retention of federated invitations, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  const lines: unknown[] = [];
  beforeAll(async () => {
    sandbox = await engine.fresh();
  });
  afterAll(() => sandbox.dispose());

  it("deletes those whose meeting is older than the cutoff, keeps the others", async () => {
    const rows = new FederatedInvitations(sandbox.db);
    for (const [ref, daysAgo] of [
      ["3f1c0a52-6f8e-4c1d-9b0a-1e2f3a4b5c6d", 91],
      ["4a2d1b63-7a9f-4d2e-8c1b-2f3a4b5c6d7e", 89],
    ] as const) {
      const invitation = invitationPayload({ id: ref, person: "p-1", purpose: "Samordna" });
      invitation.details.date = day(daysAgo);
      await rows.receive({ keyId: "k", ref, tenantId: "t", userId: "u", invitation }, NOW);
    }
    const clock = { now: () => NOW };
    const logger = { info: (o: unknown) => void lines.push(o) };
    await retentionPass({ db: sandbox.db, clock, logger, retentionDays: 90 });
    const left = await sandbox.db.query<{ ref: string }>("SELECT ref FROM federated_invitations");
    expect(left.map((r) => r.ref)).toEqual(["4a2d1b63-7a9f-4d2e-8c1b-2f3a4b5c6d7e"]);
    expect(lines).toEqual([{ event: "retention_pass", erased: 0, peerCopies: 1 }]);
  });

  it("stores a peer's texts sealed with the row's own key, reads them back, and destroys the key with the row", async () => {
    const rows = new FederatedInvitations(sandbox.db);
    const ref = "7d5a4e96-0d2c-4a5b-9f4e-5c6d7e8f9012";
    const invitation = invitationPayload({ id: ref, person: "p-2", purpose: "Förseglat syfte 8x1" });
    invitation.details.date = day(91);
    const row = await rows.receive({ keyId: "k", ref, tenantId: "t", userId: "u", invitation }, NOW);
    await rows.move(row.id, "received", "declined", { declineReason: "Förseglat skäl 8x2" });
    const [raw] = await sandbox.db.query("SELECT * FROM federated_invitations WHERE id = $1", [row.id]);
    const rawText = JSON.stringify(raw);
    for (const t of ["Förseglat syfte 8x1", "Förseglat skäl 8x2", invitation.convenerName])
      expect(rawText).not.toContain(t);
    expect(rawText).toContain(invitation.caseCode); // codes and dates stay in clear
    const read = await rows.get(row.id);
    expect(read?.declineReason).toBe("Förseglat skäl 8x2");
    expect(JSON.stringify(read?.invitation)).toContain("Förseglat syfte 8x1");
    expect(read?.invitation).toEqual(invitation);
    await retentionPass({
      db: sandbox.db,
      clock: { now: () => NOW },
      logger: { info: () => undefined },
      retentionDays: 90,
    });
    expect(await sandbox.db.query("SELECT 1 FROM data_keys WHERE id = $1", [row.id])).toEqual([]);
  });

  it("a withdrawal kept without its invitation goes as long after it came", async () => {
    const rows = new FederatedInvitations(sandbox.db);
    const old = "5b3e2c74-8b0a-4e3f-9d2c-3a4b5c6d7e8f";
    const recent = "6c4f3d85-9c1b-4f4a-8e3d-4b5c6d7e8f90";
    expect(await rows.withdraw("k", old, false, new Date(`${day(91)}T10:00:00Z`))).toBe("kept");
    expect(await rows.withdraw("k", recent, false, new Date(`${day(10)}T10:00:00Z`))).toBe("kept");
    // Withdrawn already: nothing changes.
    expect(await rows.withdraw("k", recent, true, NOW)).toBeUndefined();
    await retentionPass({
      db: sandbox.db,
      clock: { now: () => NOW },
      logger: { info: () => {} },
      retentionDays: 90,
    });
    const left = await sandbox.db.query<{ ref: string }>(
      "SELECT ref FROM federated_invitations WHERE invitation IS NULL",
    );
    expect(left.map((r) => r.ref)).toEqual([recent]);
  });
});
