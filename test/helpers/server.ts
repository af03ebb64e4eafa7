import type { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { startServer } from "../../src/server.js";
import { capturingLogger, fixedClock } from "./bot.js";

/** The real server (express + adapter + Application + PGlite in memory) on a random port. */
export function startTestServer(env: Record<string, string> = {}) {
  return startServerAt(fixedClock, env, {});
}

/**
 * The real server on a clock the test controls; reminder passes run only when the test calls
 * `reminderPass()` (or at start), unless `timings` says otherwise.
 */
export async function startServerAt(
  clock: Clock,
  env: Record<string, string> = {},
  timings: Parameters<typeof startServer>[3] = { reminderPassMs: 0 },
) {
  const { logger, lines } = capturingLogger();
  // One send at a time unless a test asks for more: tests script the connector's answers in order.
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: "memory://",
    NODE_ENV: "test",
    JOB_CONCURRENCY: "1",
    ...env,
  });
  const server = await startServer(config, logger, clock, timings);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { ...server, post, logLines: lines };
}
