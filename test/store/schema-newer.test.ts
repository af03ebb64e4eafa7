import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StartupError } from "../../src/store/data-dir-lock.js";
import { openDb, type Db } from "../../src/store/db.js";
import { engines, type Engine } from "./engines.js";

const REFUSED =
  "database schema has migration 900_from_a_newer_version that this version does not know: " +
  "upgrade SIP-lotsen, or restore the database from a backup taken before the newer version ran";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

/**
 * A database this version migrated, and a way to start on it again. PGlite on disk, because a
 * memory PGlite cannot be opened a second time; PostgreSQL through another connection.
 */
async function restartable(engine: Engine): Promise<{ db: Db; start: () => Promise<Db> }> {
  if (engine.name === "postgres") {
    const sandbox = await engine.fresh();
    cleanup.push(() => sandbox.dispose());
    const reopen = sandbox.reopen;
    if (!reopen) throw new Error("the PostgreSQL engine reopens its sandbox");
    return { db: sandbox.db, start: () => reopen() };
  }
  const parent = await mkdtemp(join(tmpdir(), "sip-newer-"));
  cleanup.push(() => rm(parent, { recursive: true, force: true }));
  const dataDir = join(parent, "data");
  return { db: await openDb({ dataDir }), start: () => openDb({ dataDir }) };
}

describe.each(engines)("a schema newer than the code, on $name", (engine) => {
  // The first open of a PGlite folder runs initdb (about 5 s).
  it("is refused at start with one line naming the migration", { timeout: 60_000 }, async () => {
    const { db, start } = await restartable(engine);
    await db.query("INSERT INTO schema_migrations (id) VALUES ('900_from_a_newer_version')");
    if (engine.name === "pglite") await db.close(); // a PGlite folder has one process at a time

    const refused = start();
    await expect(refused).rejects.toThrow(StartupError);
    await expect(refused).rejects.toThrow(REFUSED);
    // Refused again, not "in use": the refusal closed the database and let go of DATA_DIR.
    await expect(start()).rejects.toThrow(REFUSED);
    if (engine.name === "postgres") {
      const applied = await db.query<{ id: string }>("SELECT id FROM schema_migrations WHERE id > '9'");
      expect(applied).toEqual([{ id: "900_from_a_newer_version" }]);
    }
  });
});
