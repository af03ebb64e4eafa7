import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseRepository } from "../../src/store/cases.js";
import { FlagRepository } from "../../src/store/flags.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

/**
 * JSON columns and keys are parsed when read, never cast: a region key renamed since a case was
 * stored, or an old verdict of another shape, must not crash the turn that loads the case.
 */
describe.each(engines)("stored cases read back through their schemas, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let repo: CaseRepository;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    repo = new CaseRepository(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  const insert = (id: string, code: string, region: string, verdict: unknown, assessment: unknown = null) =>
    sandbox.db.query(
      `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, verdict, assessment)
       VALUES ($1, $2, 't', $3, '29:k', $4::jsonb, $5::jsonb)`,
      [id, code, region, JSON.stringify(verdict), JSON.stringify(assessment)],
    );

  it("a renamed region key falls back to the national rules; a valid one is kept", async () => {
    const old = "00000000-0000-4000-8000-000000000001";
    const kept = "00000000-0000-4000-8000-000000000002";
    await insert(old, "SIP-OLD2", "gavleborg_2019", {
      verdict: "may_proceed",
      channel: "digital",
      codes: [],
    });
    await insert(kept, "SIP-KEP2", "uppsala", { verdict: "may_proceed", channel: "digital", codes: [] });
    expect((await repo.getCase(old))?.region).toBe("national");
    expect((await repo.getCase(kept))?.region).toBe("uppsala");
  });

  it("an unreadable scope is left out; a verdict without its required fields reads as no verdict", async () => {
    const a = "00000000-0000-4000-8000-000000000003";
    const b = "00000000-0000-4000-8000-000000000004";
    await insert(a, "SIP-SCP2", "national", {
      verdict: "may_proceed",
      channel: "digital",
      codes: "not a list",
      excludedServices: ["a_renamed_kind"],
    });
    await insert(
      b,
      "SIP-BAD2",
      "national",
      { outcome: "ok" },
      { recommendation: "sip_indicated", codes: ["X"] },
    );
    expect((await repo.getCase(a))?.verdict).toEqual({
      verdict: "may_proceed",
      channel: "digital",
      codes: [],
    });
    const noVerdict = await repo.getCase(b);
    expect(noVerdict?.verdict).toBeUndefined();
    expect(noVerdict?.assessment).toEqual({ recommendation: "sip_indicated", codes: ["X"] });
  });

  it("a flag's stored assessment with an old region key reads as national", async () => {
    await sandbox.db.query(
      `INSERT INTO flags (id, tenant_id, reporter_user_id, holder_user_id, holder_tenant_id, assessment)
       VALUES ('00000000-0000-4000-8000-000000000005', 't', '29:r', '29:h', 't', $1::jsonb)`,
      [JSON.stringify({ recommendation: "sip_indicated", codes: ["REQUESTED"], region: "old_region" })],
    );
    const f = await new FlagRepository(sandbox.db).get("00000000-0000-4000-8000-000000000005");
    expect(f?.assessment).toEqual({
      recommendation: "sip_indicated",
      codes: ["REQUESTED"],
      region: "national",
    });
  });
});
