import { spawn } from "node:child_process";
import { randomBytes, type KeyObject } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { masterKeyOf } from "./crypto.js";
import { lockDataDir, StartupError } from "./data-dir-lock.js";
import { verifyMasterKey } from "./data-keys.js";
import { entraPassword, type EntraPasswordOptions } from "./entra-password.js";
import { loadOrCreateKeyFile } from "./key-file.js";
import { migrate, refuseNewerSchema } from "./migrate.js";

/** What repositories run their SQL on: the database itself, or one transaction of it. */
export interface Executor {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. On an executor
   * that already is a transaction, fn joins it: all of it commits or rolls back together.
   */
  transaction<R>(fn: (tx: Executor) => Promise<R>): Promise<R>;
  /** The master key that wraps each case's data key (store/data-keys.ts); travels into transactions. */
  readonly masterKey?: KeyObject;
}

/** The one database port the store uses: the same SQL on PGlite (embedded) and PostgreSQL. */
export interface Db extends Executor {
  readonly kind: "pglite" | "postgres";
  close(): Promise<void>;
}

/** A transaction's connection as an Executor: work started inside it joins it (no savepoints). */
export function joined(tx: Pick<Executor, "query" | "exec">, masterKey?: KeyObject): Executor {
  const ex: Executor = {
    query: tx.query,
    exec: tx.exec,
    transaction: (fn) => fn(ex),
    ...(masterKey ? { masterKey } : {}),
  };
  return ex;
}

export interface OpenDbOptions {
  /** Set → PostgreSQL through a pg.Pool; unset → PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; default "./data". "memory://" keeps everything in memory (tests). */
  dataDir?: string;
  /** Errors of idle pooled connections (e.g. the server restarted); pg drops the client either way. */
  onError?: (err: Error) => void;
  /** Override of the bundled migrations folder (tests of the runner). */
  migrationsDir?: URL;
  /** PostgreSQL limits (ms); defaults in PG_TIMEOUTS. Tests shorten them. */
  timeouts?: Partial<typeof PG_TIMEOUTS>;
  /**
   * The master key (config's DATA_KEY_FILE). Absent: a random one for "memory://", else
   * `DATA_DIR/sip-lotsen.key`, created at first start (development; production requires the file).
   */
  dataKey?: KeyObject;
  /** DATABASE_AUTH=entra: the password is a managed identity's Entra token (store/entra-password.ts). */
  entra?: EntraPasswordOptions;
}

/**
 * A PostgreSQL that accepts connections but never answers must not hang a turn or /healthz:
 * connecting (and waiting for a pooled connection) gives up after `connectMs`, a query after
 * `queryMs` (measured by the client, so it works when the server is silent), and the server ends
 * a transaction left idle. A turn that hits one gets the error card; start-up fails naming the
 * database well inside 30 s (connect + the first migration query).
 */
export const PG_TIMEOUTS = { connectMs: 10_000, queryMs: 10_000, idleInTransactionMs: 30_000 };

/** Opens the database and brings its schema up to date before returning it. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const dataDir = opts.dataDir ?? "./data";
  const key =
    opts.dataKey ??
    (dataDir.startsWith("memory://") ? masterKeyOf(randomBytes(32)) : loadOrCreateKeyFile(dataDir));
  const db = opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.onError, { ...PG_TIMEOUTS, ...opts.timeouts }, key, opts.entra)
    : await openPglite(dataDir, key);
  try {
    // Before anything is written: a schema from a newer version is refused with one line.
    if (!opts.migrationsDir) await refuseNewerSchema(db);
    await migrate(db, opts.migrationsDir);
    // A custom migrations folder (tests of the runner) may not create the key tables.
    if (!opts.migrationsDir) await verifyMasterKey(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    if (!opts.databaseUrl || err instanceof StartupError) throw err;
    const why = (err as { code?: unknown }).code ?? (err as Error).message;
    throw new StartupError(
      `database ${describeUrl(opts.databaseUrl)} is unreachable or not answering (${String(why)})`,
    );
  }
  return db;
}

/** host:port/database of a connection string, never its user or password (they end up in logs). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(DATABASE_URL)";
  }
}

// Both engines must hand back the same JS types for the same SQL. PGlite turns int8 into a number
// (a bigint only beyond 2^53) while pg returns a string; pg is taught PGlite's rule. `date` becomes a
// plain "YYYY-MM-DD" string on both, because either driver's Date would carry a time zone it lacks.
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (v: string): number | bigint => {
  const n = BigInt(v);
  return n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER) ? n : Number(n);
};
const keepText = (v: string): string => v;

function openPostgres(
  connectionString: string,
  onError: ((err: Error) => void) | undefined,
  t: typeof PG_TIMEOUTS,
  masterKey: KeyObject,
  entra?: EntraPasswordOptions,
): Db {
  const pool = new pg.Pool({
    // pg lets a connection string's (empty) password override a password function: parse it here.
    ...(entra
      ? { ...parseIntoClientConfig(connectionString), password: entraPassword(entra) }
      : { connectionString }),
    connectionTimeoutMillis: t.connectMs,
    query_timeout: t.queryMs,
    statement_timeout: t.queryMs,
    idle_in_transaction_session_timeout: t.idleInTransactionMs,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepText;
        return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener an idle client's error would crash the process.
  pool.on("error", (err) => onError?.(err));

  const queryOn =
    (c: pg.Pool | pg.PoolClient) =>
    async <T extends object>(sql: string, params?: unknown[]): Promise<T[]> =>
      (await c.query(sql, params)).rows as T[];
  const execOn = (c: pg.Pool | pg.PoolClient) => async (sql: string) => {
    await c.query(sql); // no parameters → simple protocol, which accepts several statements
  };

  return {
    kind: "postgres",
    masterKey,
    query: queryOn(pool),
    exec: execOn(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a connection cut mid-transaction (a failover,
      // a reminder pass during an outage) would otherwise be an uncaught 'error' event. The
      // transaction's own query rejects as well, and that is what the caller sees.
      const lost = (err: Error) => onError?.(err);
      client.on("error", lost);
      let failed: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn(joined({ query: queryOn(client), exec: execOn(client) }, masterKey));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch((e: unknown) => (failed = e instanceof Error ? e : failed));
        throw err;
      } finally {
        client.off("error", lost);
        // A client whose ROLLBACK failed is broken: the pool drops it instead of lending it again.
        client.release(failed);
      }
    },
    close: () => pool.end(),
  };
}

/** initdb in a child process (pglite-initdb.mjs), so its memory leaves with it. */
async function initdb(dataDir: string): Promise<void> {
  const script = fileURLToPath(new URL("./pglite-initdb.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, dataDir], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0)
    throw new StartupError(
      `DATA_DIR ${dataDir}: the database could not be created (${err.trim().split("\n")[0]})`,
    );
}

async function openPglite(dataDir: string, masterKey: KeyObject): Promise<Db> {
  const unlock = dataDir.startsWith("memory://") ? () => undefined : lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    if (!dataDir.startsWith("memory://") && !existsSync(join(dataDir, "PG_VERSION"))) await initdb(dataDir);
    // Loaded only when used: a server on PostgreSQL never pays PGlite's module in its memory.
    const { PGlite } = await import("@electric-sql/pglite");
    pglite = await PGlite.create({
      dataDir,
      parsers: { [INT8]: parseInt8, [DATE]: keepText },
      // PostgreSQL's default 128 MB buffer pool is initialised at start and so all of it stays in
      // the process's RSS; our tables are a few MB, and on disk the OS page cache sits behind it.
      // 16 MB cuts idle RSS by ~120 MB (bench/README.md). PGlite already runs with fsync off (-F);
      // `relaxedDurability` only matters for browser file systems (its NodeFS sync is a no-op).
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
    });
  } catch (err) {
    unlock();
    throw err;
  }
  type Conn = Pick<PGlite, "query" | "exec">;
  const queryOn =
    (c: Conn) =>
    async <T extends object>(sql: string, params?: unknown[]): Promise<T[]> =>
      (await c.query<T>(sql, params)).rows;
  const execOn = (c: Conn) => async (sql: string) => {
    await c.exec(sql);
  };

  return {
    kind: "pglite",
    masterKey,
    query: queryOn(pglite),
    exec: execOn(pglite),
    // PGlite is one connection: its transaction() holds a mutex, so transactions run one at a time.
    transaction: (fn) =>
      pglite.transaction((tx) => fn(joined({ query: queryOn(tx), exec: execOn(tx) }, masterKey))),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
