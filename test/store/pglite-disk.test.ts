import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { AuditLog } from "../../src/store/audit.js";
import { openDb } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { PgStorage } from "../../src/store/storage.js";

let parent: string | undefined;
afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

// The first open of a new directory runs initdb (about 5 s), hence the generous timeout.
it("a PGlite data directory keeps its data across close and reopen", { timeout: 60_000 }, async () => {
  parent = await mkdtemp(join(tmpdir(), "sip-pglite-"));
  const dataDir = join(parent, "data"); // does not exist yet, as on a first `npm start`

  const first = await openDb({ dataDir });
  expect(first.kind).toBe("pglite");
  await new PgStorage(first).write({ "conv/1": { step: "consent" } });
  await new AuditLog(first).append({ actor: "system", action: "boot", subject: "disk-test" });
  const { eTag } = (await new PgStorage(first).read(["conv/1"]))["conv/1"] ?? {};
  await first.close();

  const again = await openDb({ dataDir });
  try {
    expect(await new PgStorage(again).read(["conv/1"])).toEqual({ "conv/1": { step: "consent", eTag } });
    expect((await new AuditLog(again).list("disk-test")).map((e) => e.action)).toEqual(["boot"]);
    expect(await migrate(again)).toEqual([]);
    const applied = await again.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
    expect(applied.map((r) => r.id)).toEqual([
      "001_init",
      "002_cases",
      "003_pending_deliveries",
      "004_idempotency",
      "005_closure",
      "006_followup",
      "007_absent",
      "008_federation",
      "009_tenants",
      "010_peer_invitees",
      "011_federation_lifecycle",
      "012_flag_holder_tenant",
      "013_no_joint_plan",
      "014_reconsent_18",
      "015_federation_rate",
      "016_data_keys",
      "017_print_link_hashes",
    ]);
  } finally {
    await again.close();
  }
});
