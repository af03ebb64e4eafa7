import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server.js";

// Liveness and readiness on the real server (PGlite in memory). A PostgreSQL that goes silent is
// in db-outage.test.ts; here PGlite is held by a transaction that never ends, which every other
// query waits behind: to the server, a database that does not answer.
describe("/healthz and /readyz", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it("is ready once started: database answers, migrations applied, job workers running", async () => {
    expect(await get("/readyz")).toEqual({ status: 200, body: { status: "ready" } });
  });

  it("is not ready while a bundled migration is missing, and names it", async () => {
    await server.db.query("DELETE FROM schema_migrations WHERE id = '017_print_link_hashes'");
    try {
      expect(await get("/readyz")).toEqual({
        status: 503,
        body: { status: "not_ready", migrations: { missing: ["017_print_link_hashes"] } },
      });
    } finally {
      await server.db.query("INSERT INTO schema_migrations (id) VALUES ('017_print_link_hashes')");
    }
    expect((await get("/readyz")).status).toBe(200);
  });

  it("is not ready while the database does not answer, and stays live", async () => {
    let release = () => {};
    const held = server.db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      expect(await get("/readyz")).toEqual({
        status: 503,
        body: { status: "not_ready", database: "unavailable" },
      });
      expect(await get("/healthz")).toEqual({ status: 200, body: { status: "ok", database: "pglite" } });
    } finally {
      release();
      await held;
    }
    expect((await get("/readyz")).status).toBe(200);
  });
});
