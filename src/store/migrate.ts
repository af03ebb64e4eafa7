import { readdir, readFile } from "node:fs/promises";
import { StartupError } from "./data-dir-lock.js";
import type { Db, Executor } from "./db.js";

/** Bundled migrations, found next to this module so the working directory does not matter. */
export const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

// Any constant works; it only has to be the same for every instance sharing a database.
// Advisory locks are per database, so instances in different schemas of one database also queue here.
const MIGRATION_LOCK_KEY = 7_210_331_906;

const MIGRATION_FILE = /^\d{3,}_[\w-]+\.sql$/;

/**
 * Applies every pending NNN_name.sql in name order, each in its own transaction together with its
 * row in schema_migrations. The transaction first takes an advisory lock, so two instances starting
 * at once queue up and the second one sees the file as applied instead of running it again.
 * Returns the ids applied by this call.
 */
export async function migrate(db: Db, dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  for (const id of await migrationIds(dir)) {
    const sql = await readFile(new URL(`${id}.sql`, dir), "utf8");
    const ran = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
      // Created under the lock: a concurrent CREATE TABLE IF NOT EXISTS can still collide.
      await tx.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           id text PRIMARY KEY,
           applied_at timestamptz DEFAULT now()
         )`,
      );
      const done = await tx.query("SELECT 1 FROM schema_migrations WHERE id = $1", [id]);
      if (done.length > 0) return false;
      await tx.exec(sql);
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [id]);
      return true;
    });
    if (ran) applied.push(id);
  }
  return applied;
}

/** The ids (file names without .sql) of the migrations in `dir`, in the order they apply. */
export async function migrationIds(dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ""));
}

/** The ids recorded in schema_migrations; none on a database that has never been migrated. */
export async function appliedMigrations(db: Pick<Executor, "query">): Promise<string[]> {
  const [table] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!table?.present) return [];
  const rows = await db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
  return rows.map((r) => r.id);
}

/**
 * Refuses a database migrated by a newer SIP-lotsen: this version was never tested on that schema,
 * and an operator who rolled the code back needs to hear it at once. Checked at start only: one that
 * is already running when a newer one migrates keeps running until it is replaced (a rolling
 * upgrade, docs/operations.md "Upgrade").
 */
export async function refuseNewerSchema(
  db: Pick<Executor, "query">,
  dir: URL = MIGRATIONS_DIR,
): Promise<void> {
  const known = new Set(await migrationIds(dir));
  const unknown = (await appliedMigrations(db)).filter((id) => !known.has(id));
  const [first] = unknown;
  if (first === undefined) return;
  const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : "";
  throw new StartupError(
    `database schema has migration ${first}${more} that this version does not know: upgrade ` +
      "SIP-lotsen, or restore the database from a backup taken before the newer version ran",
  );
}
