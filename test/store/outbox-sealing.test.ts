import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseRepository } from "../../src/store/cases.js";
import { DataKeys } from "../../src/store/data-keys.js";
import type { Db } from "../../src/store/db.js";
import { outboxSealing } from "../../src/store/outbox-sealing.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

/**
 * A federation outbox body waits in a pg-boss job while a peer is down (issue 20): sealed with its
 * case's key, it is readable to the sender while the case lives and gone with the key.
 */
describe.each(engines)("outbox bodies sealed with their case's key, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let db: Db;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    db = sandbox.db;
  });
  afterAll(() => sandbox.dispose());

  it("seals an invitation's body; opens it while the key lives; drops it once the key is destroyed", async () => {
    const caseId = randomUUID();
    await db.query(
      `INSERT INTO cases (id, code, tenant_id, region, convener_user_id)
       VALUES ($1, 'SIP-OUTB', 't', 'national', '29:k')`,
      [caseId],
    );
    const { invitees } = await new CaseRepository(db).createKallelse(
      "SIP-OUTB",
      caseId,
      DETAILS,
      [pendingInvitee("29:b")],
      "aad-k",
    );
    const key = `inv:${invitees[0]?.id}`;
    const sealing = outboxSealing(db);
    const text = JSON.stringify({ purpose: "Syftet u7q" });
    const sealed = await sealing.seal(key, text);
    expect(sealed).toMatch(/^enc1:/);
    expect(sealed).not.toContain("u7q");
    expect(await sealing.open(key, sealed)).toBe(text);
    // A body queued before bodies were sealed is sent as it is.
    expect(await sealing.open(key, text)).toBe(text);
    await new DataKeys(db).destroy([caseId]);
    expect(await sealing.open(key, sealed)).toBeUndefined();
  });

  it("refuses to seal a body whose case or peer invitation is unknown", async () => {
    const sealing = outboxSealing(db);
    await expect(sealing.seal(`inv:${randomUUID()}`, "{}")).rejects.toThrow(/no case or peer invitation/);
    await expect(sealing.seal(`ans:${randomUUID()}`, "{}")).rejects.toThrow(/no case or peer invitation/);
  });
});
