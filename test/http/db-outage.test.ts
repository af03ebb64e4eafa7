import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, connect, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StartupError } from "../../src/store/data-dir-lock.js";
import { openDb } from "../../src/store/db.js";
import { cardOf, cardText, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";
import { postgresRequired, postgresUrl } from "../store/engines.js";

/** A TCP server that accepts connections and never says a word: a hung database host. */
async function silentServer(): Promise<{ port: number; close: () => void }> {
  const sockets: Socket[] = [];
  const s: Server = createServer((socket) => sockets.push(socket)).listen(0, "127.0.0.1");
  await once(s, "listening");
  return {
    port: (s.address() as { port: number }).port,
    close: () => {
      sockets.forEach((x) => x.destroy());
      s.close();
    },
  };
}

/** A TCP proxy to a real PostgreSQL that can go silent: it keeps the connections, answers nothing. */
async function freezableProxy(target: URL) {
  let frozen = false;
  const sockets: Socket[] = [];
  const s = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.push(client, upstream);
    client.on("data", (b) => frozen || upstream.write(b));
    upstream.on("data", (b) => frozen || client.write(b));
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  }).listen(0, "127.0.0.1");
  await once(s, "listening");
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String((s.address() as { port: number }).port);
  return {
    url: url.toString(),
    freeze: () => (frozen = true),
    close: () => {
      sockets.forEach((x) => x.destroy());
      s.close();
    },
  };
}

describe("a database that accepts connections but never answers", () => {
  it("fails the start naming the database, instead of hanging", async () => {
    const silent = await silentServer();
    try {
      const opening = openDb({
        databaseUrl: `postgres://sip:secret@127.0.0.1:${silent.port}/sip`,
        timeouts: { connectMs: 500 },
      });
      await expect(opening).rejects.toThrow(StartupError);
      await expect(opening).rejects.toThrow(
        new RegExp(`database 127\\.0\\.0\\.1:${silent.port}/sip is unreachable`),
      );
    } finally {
      silent.close();
    }
  });
});

// Needs a real PostgreSQL behind the proxy (CI starts one; REQUIRE_POSTGRES makes its absence fail).
describe.runIf(postgresUrl || postgresRequired)("PostgreSQL going silent while the bot runs", () => {
  let proxy: Awaited<ReturnType<typeof freezableProxy>>;
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const schema = `sip_outage_${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    if (!postgresUrl) throw new Error("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set");
    proxy = await freezableProxy(new URL(postgresUrl));
    connector = await startFakeConnector();
    // A schema of its own: the shared one may hold texts sealed with another run's data key.
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`).finally(() => admin.end());
    const scoped = new URL(proxy.url);
    scoped.searchParams.set("options", `-c search_path=${schema}`);
    server = await startTestServer({ DATABASE_URL: scoped.toString() });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    proxy.freeze();
  });
  afterAll(async () => {
    proxy.close(); // the pool's sockets die with it, so close() does not wait on them
    await server.close();
    await connector.close();
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  });

  // /readyz gives up after 1.5 s (server.ts); no wall-clock assertion here, the machines are noisy.
  // /healthz is liveness and does not ask the database (http/readiness.ts says why).
  it("answers /readyz with 503 naming the database instead of hanging, and stays live", async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "not_ready", database: "unavailable" });
    const live = await fetch(`${server.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok", database: "postgres" });
  });

  it("gives a turn the error card once the query times out", async () => {
    await server.post(message(connector.serviceUrl, "hjälp"));
    expect(cardText(cardOf(connector.sent().at(-1)))).toContain("Något gick fel hos SIP-lotsen");
  });
});
