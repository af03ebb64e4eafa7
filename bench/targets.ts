import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import express from "express";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startServer } from "../src/server.js";

/**
 * One benchmark process: `connector`, `echo` or `ours` (argv[2]). bench/run.ts forks one of
 * each, so the load generator, the bot under test and the connector it replies to never share
 * an event loop. The URL is reported over IPC; the process ends when run.ts disconnects.
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

/** Our real server, as `npm start` runs it, with logging off. BENCH_DATA=disk uses a temp dir. */
async function startOurs(): Promise<Started> {
  const dir = process.env.BENCH_DATA === "disk" ? mkdtempSync(join(tmpdir(), "sip-bench-")) : undefined;
  const config = loadConfig({
    PORT: "0",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir ?? "memory://",
  });
  const server = await startServer(config, createLogger("silent"));
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
const target = await starters[kind]();
process.send({ url: target.url });
process.once("disconnect", () => {
  // Keep-alive sockets from the load generator would hold server.close() open: bound the wait.
  setTimeout(() => process.exit(0), 2_000).unref();
  void target.close().finally(() => process.exit(0));
});
