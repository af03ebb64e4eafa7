import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import express from "express";
import { systemClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startServer } from "../src/server.js";

/**
 * One benchmark process: `connector`, `echo` or `ours` (argv[2]). bench/run.ts forks one of
 * each, so the load generator, the bot under test and the connector it replies to never share
 * an event loop. The URL is reported over IPC; the process ends when run.ts disconnects.
 *
 * `ours` is configured by the environment run.ts sets (see bench/README.md):
 *   BENCH_DB=memory|disk|postgres  PGlite in memory://, PGlite in a fresh temp directory, or
 *                                  PostgreSQL at BENCH_DATABASE_URL (a schema run.ts made for it,
 *                                  and BENCH_JOBS_SCHEMA for pg-boss)
 *   BENCH_LOG_LEVEL=silent|info|…  pino to stdout, as `npm start` logs; run.ts drains the pipe
 * Over IPC the child also answers {cmd:"profile-start"}, {cmd:"profile-stop", file} (a V8 CPU
 * profile of the steady state only, without start-up and warm-up) and {cmd:"rss"}.
 */
export type TargetKind = "connector" | "echo" | "ours";

interface Started {
  url: string;
  close(): Promise<void>;
}

/** The Bot Connector reduced to its cost floor: drain the body, answer 200 with an id. */
async function startConnector(): Promise<Started> {
  let next = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"id":"activity-${++next}"}`);
    });
  });
  return listening(server.listen(0, "127.0.0.1"));
}

/** The smallest botbuilder bot: CloudAdapter without credentials, express, echo the text back. */
async function startEcho(): Promise<Started> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const app = express();
  app.post("/api/messages", express.json({ limit: "256kb" }), async (req, res) => {
    await adapter.process(req, res, async (context) => {
      const { activity } = context;
      if (activity.type === ActivityTypes.Message) await context.sendActivity(activity.text ?? "");
      else if (activity.type === ActivityTypes.Invoke)
        // The same synchronous answer an Action.Execute gets, with the least possible work.
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "ok" },
          },
        });
    });
  });
  return listening(app.listen(0, "127.0.0.1"));
}

/** Our real server, as `npm start` runs it, in the configuration run.ts chose. */
async function startOurs(): Promise<Started> {
  const db = process.env.BENCH_DB ?? "memory";
  const dir = db === "disk" ? mkdtempSync(join(tmpdir(), "sip-bench-")) : undefined;
  const level = process.env.BENCH_LOG_LEVEL ?? "silent";
  const config = loadConfig({
    PORT: "0",
    NODE_ENV: "test",
    LOG_LEVEL: level,
    ...(db === "postgres"
      ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
      : { DATA_DIR: dir ? join(dir, "data") : "memory://" }),
  });
  // pg-boss keeps its jobs in a schema of its own, named outright (not found by search_path):
  // on PostgreSQL run.ts gives each run one, so that the bench never shares the default "pgboss".
  const jobsSchema = process.env.BENCH_JOBS_SCHEMA;
  const server = await startServer(
    config,
    createLogger(level),
    systemClock,
    jobsSchema ? { jobs: { schema: jobsSchema } } : {},
  );
  return {
    url: server.url,
    close: async () => {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listening(server: Server): Promise<Started> {
  return new Promise((resolve) => {
    const done = () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    if (server.listening) done();
    else server.once("listening", done);
  });
}

const starters: Record<TargetKind, () => Promise<Started>> = {
  connector: startConnector,
  echo: startEcho,
  ours: startOurs,
};

const kind = process.argv[2] as TargetKind;
if (!process.send || !(kind in starters)) {
  console.error("usage: forked by bench/run.ts with connector | echo | ours");
  process.exit(2);
}
const send = (m: unknown) => process.send?.(m);
const target = await starters[kind]();
send({ url: target.url });

let session: Session | undefined;
process.on("message", (m: { cmd?: string; file?: string }) => {
  void (async () => {
    if (m.cmd === "rss") return send({ rss: process.memoryUsage().rss });
    if (m.cmd === "profile-start") {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
      return send({ profiling: true });
    }
    if (m.cmd === "profile-stop" && session && m.file) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(m.file, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
      return send({ profiled: m.file });
    }
  })();
});
process.once("disconnect", () => {
  // Keep-alive sockets from the load generator would hold server.close() open: bound the wait.
  setTimeout(() => process.exit(0), 2_000).unref();
  void target.close().finally(() => process.exit(0));
});
