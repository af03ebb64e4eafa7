import { TestAdapter, type Activity } from "botbuilder";
import { pino, type Logger } from "pino";
import { TeamsAdapter } from "@microsoft/teams-ai";
import { createBot } from "../../src/bot/app.js";
import { turnErrorHandler } from "../../src/bot/errors.js";
import type { Clock } from "../../src/clock.js";
import { compose } from "../../src/compose.js";
import { openDb, type Db } from "../../src/store/db.js";

/** A fixed clock: 26 November 2026, 11:00 in Stockholm. */
export const fixedClock: Clock = { now: () => new Date("2026-11-26T10:00:00Z") };

/** A logger whose every line is kept, so tests can prove what never gets logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: "debug" }, { write: (s: string) => lines.push(s) }), lines };
}

/** The real Application on PGlite, driven through botbuilder's TestAdapter; `admins` as SIP_ADMINS. */
export async function routeHarness(opts: { admins?: readonly string[] } = {}) {
  const db: Db = await openDb({ dataDir: "memory://" });
  const { logger, lines } = capturingLogger();
  // The same composition as the server (src/compose.ts); the case routes send proactively, and
  // their flows are tested over HTTP (test/http/kallelse.test.ts).
  const composed = await compose({
    db,
    adapter: new TeamsAdapter(),
    botAppId: "",
    logger,
    clock: fixedClock,
    publicUrl: () => "http://127.0.0.1:3978",
    defaultRegion: "national",
    admins: opts.admins ?? [],
  });
  const app = createBot(composed.deps);
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  adapter.onTurnError = turnErrorHandler(logger);
  /** Runs one activity through the bot and returns everything the bot sent back. */
  async function turn(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0);
  }
  return {
    db,
    logLines: lines,
    turn,
    close: async () => {
      await composed.jobs.stop({ graceMs: 1_000 });
      await db.close();
    },
  };
}
