import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseRepository } from "../../src/store/cases.js";
import { ERASED, newDataKey, sealer } from "../../src/store/crypto.js";
import type { Db } from "../../src/store/db.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

/** Free text sealed per case (issue 20): in the table only ciphertext; rows from before still read. */
describe.each(engines)("case texts sealed with the case's key, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let db: Db;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    db = sandbox.db;
  });
  afterAll(() => sandbox.dispose());

  it("a case from before migration 016 reads its plain rows, and seals what is written from then on", async () => {
    const caseId = randomUUID();
    const kallelseId = randomUUID();
    await db.query(
      `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, convener_name)
       VALUES ($1, 'SIP-LGCY', 't', 'national', '29:k', 'Gamla Karin')`,
      [caseId],
    );
    await db.query("INSERT INTO kallelser (id, case_id, details) VALUES ($1, $2, $3::jsonb)", [
      kallelseId,
      caseId,
      JSON.stringify({ ...DETAILS, purpose: "Gammalt syfte i klartext" }),
    ]);
    const repo = new CaseRepository(db);
    expect((await repo.getCase(caseId))?.convenerName).toBe("Gamla Karin");
    expect((await repo.getKallelse(kallelseId))?.details.purpose).toBe("Gammalt syfte i klartext");
    expect(await db.query("SELECT 1 FROM data_keys WHERE id = $1", [caseId])).toEqual([]);

    const { kallelse } = await repo.createKallelse(
      "SIP-LGCY",
      caseId,
      { ...DETAILS, purpose: "Nytt syfte 9z1" },
      [pendingInvitee("29:b", "Nya Berit 9z2")],
      "aad-k",
    );
    expect(await db.query("SELECT 1 FROM data_keys WHERE id = $1", [caseId])).toHaveLength(1);
    const raw = JSON.stringify(
      await db.query("SELECT * FROM kallelser k JOIN invitees i ON i.kallelse_id = k.id"),
    );
    expect(raw).not.toContain("9z1");
    expect(raw).not.toContain("9z2");
    expect((await repo.getKallelse(kallelse.id))?.details.purpose).toBe("Nytt syfte 9z1");
    expect((await repo.invitees(kallelse.id)).map((i) => i.name)).toEqual(["Nya Berit 9z2"]);
    expect((await repo.getKallelse(kallelseId))?.details.purpose).toBe("Gammalt syfte i klartext");
  });

  it("a sealed text opens only with its own key and row: moved to another case, or altered, it fails", () => {
    const key = newDataKey();
    const sealed = sealer("case-a", key).seal("Bara för ärende A");
    expect(sealed).toMatch(/^enc1:/);
    expect(sealer("case-a", key).open(sealed)).toBe("Bara för ärende A");
    expect(() => sealer("case-b", key).open(sealed)).toThrow();
    expect(() => sealer("case-a", newDataKey()).open(sealed)).toThrow();
    const altered = sealed.slice(0, -4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(() => sealer("case-a", key).open(altered)).toThrow();
    // Once retention destroyed the key, the text reads as erased; nothing can be sealed with it.
    expect(sealer("case-a", undefined).open(sealed)).toBe(ERASED);
    expect(() => sealer("case-a", undefined).seal("x")).toThrow(/erased/);
  });
});
