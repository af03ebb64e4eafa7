import { existsSync } from "node:fs";
import { clockFrom, systemClock } from "./clock.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";
import { StartupError } from "./store/data-dir-lock.js";
import { startTelemetry } from "./telemetry/start.js";

/** Composition root: the only module that reads process.env. */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const clock = config.SIP_NOW ? clockFrom(new Date(config.SIP_NOW)) : systemClock;
  if (config.SIP_NOW) logger.warn({ event: "clock_moved", now: clock.now().toISOString() });
  // Before the server: its spans and metrics go to the SDK registered here (off unless configured).
  const telemetry = await startTelemetry(config, logger);
  const server = await startServer(config, logger, clock);
  const where = `${server.url}/api/messages`;
  console.error(
    `SIP-lotsen lyssnar på ${where} (databas: ${server.db.kind}) · listening on ${where} (database: ${server.db.kind})`,
  );
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return; // a second Ctrl-C must not start a second shutdown
    stopping = true;
    logger.info({ event: "stopping", signal });
    await server.close();
    await telemetry.shutdown().catch(() => undefined); // a collector that is down must not hold the exit
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  // Known start-up problems (bad config, port in use, DATA_DIR, database) are one plain line.
  const plain = err instanceof ConfigError || err instanceof StartupError;
  console.error(plain ? `SIP-lotsen: ${err.message}` : err);
  process.exit(1);
});
