import { TestAdapter, type Activity } from "botbuilder";
import { pino, type Logger } from "pino";
import { createBot } from "../../src/bot/app.js";
import { turnErrorHandler } from "../../src/bot/errors.js";
import type { Clock } from "../../src/clock.js";
import { TeamsAdapter } from "@microsoft/teams-ai";
import { Background } from "../../src/proactive/background.js";
import { createSender } from "../../src/proactive/sender.js";
import { CaseRepository } from "../../src/store/cases.js";
import { FlagRepository } from "../../src/store/flags.js";
import { loadArticles } from "../../src/knowledge/articles.js";
import { KnowledgeIndex } from "../../src/knowledge/search.js";
import { Synonyms } from "../../src/knowledge/terms.js";
import { ConversationRefs } from "../../src/store/conversation-refs.js";
import { PrintLinks } from "../../src/store/print-links.js";
import { openDb, type Db } from "../../src/store/db.js";
import { PgStorage } from "../../src/store/storage.js";

/** A fixed clock: 26 November 2026, 11:00 in Stockholm. */
export const fixedClock: Clock = { now: () => new Date("2026-11-26T10:00:00Z") };

/** A logger whose every line is kept, so tests can prove what never gets logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: "debug" }, { write: (s: string) => lines.push(s) }), lines };
}

/** The real Application on PGlite, driven through botbuilder's TestAdapter. */
export async function routeHarness() {
  const db: Db = await openDb({ dataDir: "memory://" });
  const { logger, lines } = capturingLogger();
  // The case routes send proactively; their flows are tested over HTTP (test/http/kallelse.test.ts).
  const adapter0 = new TeamsAdapter();
  const app = createBot({
    storage: new PgStorage(db),
    refs: new ConversationRefs(db),
    repo: new CaseRepository(db),
    flags: new FlagRepository(db),
    knowledge: KnowledgeIndex.build(loadArticles().articles, Synonyms.load()),
    printLinks: new PrintLinks(db),
    sender: createSender({ adapter: adapter0, botAppId: "", logger }),
    background: new Background(logger),
    publicUrl: () => "http://127.0.0.1:3978",
    clock: fixedClock,
    logger,
    defaultRegion: "national",
  });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  adapter.onTurnError = turnErrorHandler(logger);
  /** Runs one activity through the bot and returns everything the bot sent back. */
  async function turn(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0);
  }
  return { db, logLines: lines, turn, close: () => db.close() };
}
