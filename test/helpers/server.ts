import { loadConfig } from "../../src/config.js";
import { startServer } from "../../src/server.js";
import { capturingLogger, fixedClock } from "./bot.js";

/** The real server (express + adapter + Application + PGlite in memory) on a random port. */
export async function startTestServer(env: Record<string, string> = {}) {
  const { logger, lines } = capturingLogger();
  const config = loadConfig({ PORT: "0", DATA_DIR: "memory://", NODE_ENV: "test", ...env });
  const server = await startServer(config, logger, fixedClock);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { ...server, post, logLines: lines };
}
