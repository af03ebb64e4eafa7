import { readdir, readFile } from "node:fs/promises";
import type { Db } from "./db.js";

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
  const files = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const id = file.replace(/\.sql$/, "");
    const sql = await readFile(new URL(file, dir), "utf8");
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
