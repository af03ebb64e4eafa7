import type { Db } from "../store/db.js";

/** What pg-boss 10 calls for SQL when given `{ db }` (its own `PgBoss.Db`, without the `any`). */
export interface ExecuteSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export type Tx = Pick<Db, "query" | "exec">;

/**
 * pg-boss sends three kinds of SQL: statements with values (most), single statements without values
 * that return rows (version check, getQueues), and multi-statement scripts without values (schema
 * creation, migrations, maintenance wrapped in its own BEGIN … COMMIT). Extended-protocol `query`
 * accepts one statement only (PGlite and pg alike), so scripts go through `exec`; pg-boss never
 * reads rows from a script. A `;` before the end is how a script is told apart: none of pg-boss's
 * single statements contain one.
 */
export function isScript(text: string): boolean {
  return text.trim().replace(/;+$/, "").includes(";");
}

async function run(c: Tx, text: string, values?: unknown[]) {
  if (values && values.length > 0) return { rows: await c.query(text, values) };
  if (!isScript(text)) return { rows: await c.query(text) };
  await c.exec(text);
  return { rows: [] };
}

/** Runs pg-boss SQL inside one of our transactions: `send(..., tx)` commits or rolls back with it. */
export function txAdapter(tx: Tx): ExecuteSql {
  return { executeSql: (text, values) => run(tx, text, values) };
}

/** The adapter over the app's own Db, plus a way to wait for, then refuse, its calls at shutdown. */
export interface DbAdapter extends ExecuteSql {
  /** Refuses new calls and waits (at most `ms`) for those under way, so db.close() can follow. */
  close(ms: number): Promise<void>;
}

export function dbAdapter(db: Db): DbAdapter {
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  const executeSql = (text: string, values?: unknown[]) => {
    if (closed) return Promise.reject(new Error("jobs are stopped"));
    // A script opens its own transaction. Run it in one of ours: on PostgreSQL that pins it to one
    // pooled connection, and when it fails half-way our ROLLBACK ends it — otherwise the connection
    // (PGlite's only one) would stay in an aborted transaction. pg warns about the nested
    // BEGIN/COMMIT and goes on; the script's COMMIT is the real one.
    const p =
      isScript(text) && !(values && values.length > 0)
        ? db.transaction((tx) => run(tx, text))
        : run(db, text, values);
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  };

  return {
    executeSql,
    async close(ms) {
      closed = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      clearTimeout(timer);
    },
  };
}
