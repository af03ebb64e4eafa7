import { createSecretKey, randomBytes } from "node:crypto";
import pg from "pg";
import { openDb, type Db, type OpenDbOptions } from "../../src/store/db.js";

/**
 * The engines every store test runs against: PGlite in memory always, PostgreSQL too when
 * TEST_DATABASE_URL is set (`eval "$(bash .ci/postgres.sh)"` sets it).
 */
export interface Engine {
  readonly name: "pglite" | "postgres";
  /** A new, empty, migrated database, isolated from every other test and earlier runs. */
  fresh(opts?: Pick<OpenDbOptions, "migrationsDir">): Promise<Sandbox>;
}

export interface Sandbox {
  /** The sandbox's first connection (opened by fresh()). */
  readonly db: Db;
  /** Another connection to the same database; PostgreSQL only (a memory PGlite is one connection). */
  reopen?(opts?: Pick<OpenDbOptions, "migrationsDir">): Promise<Db>;
  /** Closes everything this sandbox opened and drops what it created. */
  dispose(): Promise<void>;
}

export const postgresUrl = process.env.TEST_DATABASE_URL || undefined;
export const postgresRequired = process.env.REQUIRE_POSTGRES === "1";

const pglite: Engine = {
  name: "pglite",
  async fresh(opts: Pick<OpenDbOptions, "migrationsDir"> = {}) {
    const db = await openDb({ dataDir: "memory://", ...opts });
    return { db, dispose: () => db.close() };
  },
};

/** Each sandbox is its own schema, named at random and dropped afterwards, so reruns start clean. */
function postgres(url: string): Engine {
  return {
    name: "postgres",
    async fresh(opts: Pick<OpenDbOptions, "migrationsDir"> = {}) {
      const schema = `sip_test_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await admin.end();
      }
      const scoped = new URL(url);
      scoped.searchParams.set("options", `-c search_path=${schema}`);
      const opened: Db[] = [];
      // One master key per sandbox: every connection to it opens the same cases' texts.
      const dataKey = createSecretKey(randomBytes(32));
      const open = async (o: Pick<OpenDbOptions, "migrationsDir"> = opts) => {
        const db = await openDb({ databaseUrl: scoped.toString(), dataKey, ...o });
        opened.push(db);
        return db;
      };
      const db = await open();
      return {
        db,
        reopen: open,
        async dispose() {
          await Promise.all(opened.map((d) => d.close()));
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          try {
            await c.query(`DROP SCHEMA ${schema} CASCADE`);
          } finally {
            await c.end();
          }
        },
      };
    },
  };
}

export const engines: Engine[] = postgresUrl ? [pglite, postgres(postgresUrl)] : [pglite];
