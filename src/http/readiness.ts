import type { RequestHandler } from "express";
import type { Executor } from "../store/db.js";
import { appliedMigrations } from "../store/migrate.js";

export interface ReadinessDeps {
  db: Pick<Executor, "query">;
  /** The bundled migrations' ids (store/migrate.ts), read once at start. */
  bundled: readonly string[];
  /** True from the moment the job workers run until shutdown begins. */
  jobsRunning: () => boolean;
  /** A load balancer must hear "not ready" quickly even when the database hangs. */
  timeoutMs: number;
}

/**
 * GET /readyz: may this instance take traffic? The database answers, every bundled migration is
 * applied, and the job workers run. 200 `{"status":"ready"}`; else 503 naming each check that
 * failed. Liveness (/healthz) deliberately checks none of this: a database outage is not cured by
 * restarting every instance (docs/operations.md "Monitoring").
 *
 * Migrations a newer instance applied (a rolling upgrade) do not make this one unready: they are
 * additive, and dropping every old instance the moment the first new one migrates would leave
 * only that one serving, or none if it then fails.
 */
export function readiness(deps: ReadinessDeps): RequestHandler {
  return async (_req, res) => {
    const problems: Record<string, unknown> = {};
    try {
      const applied = new Set(await withTimeout(appliedMigrations(deps.db), deps.timeoutMs));
      const missing = deps.bundled.filter((id) => !applied.has(id));
      if (missing.length > 0) problems.migrations = { missing };
    } catch {
      // No driver message: it may carry a host name, and /readyz is reachable through the proxy.
      problems.database = "unavailable";
    }
    if (!deps.jobsRunning()) problems.jobs = "not running";
    if (Object.keys(problems).length === 0) res.json({ status: "ready" });
    else res.status(503).json({ status: "not_ready", ...problems });
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
