import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openDb } from "../../src/store/db.js";
import {
  entraPassword,
  POSTGRES_SCOPE,
  REFRESH_BEFORE_MS,
  type TokenSource,
} from "../../src/store/entra-password.js";
import { postgresUrl } from "./engines.js";

/** DATABASE_AUTH=entra (infra/): PostgreSQL's password is the managed identity's token, cached. */
const HOUR = 3_600_000;

/** A credential that hands out "token-1", "token-2", … valid for an hour from the fake clock. */
function fakeCredential(clock: { now: number }) {
  const scopes: string[] = [];
  let fail: Error | undefined;
  const credential: TokenSource = {
    getToken: async (scope) => {
      scopes.push(scope);
      if (fail) throw fail;
      return { token: `token-${scopes.length}`, expiresOnTimestamp: clock.now + HOUR };
    },
  };
  return { credential, scopes, failWith: (e: Error | undefined) => (fail = e) };
}

describe("Entra token as PostgreSQL's password", () => {
  it("fetches once, reuses the token while valid and refreshes it 5 minutes before expiry", async () => {
    const clock = { now: Date.UTC(2027, 0, 10, 9) };
    const fake = fakeCredential(clock);
    const password = entraPassword({ credential: fake.credential, now: () => clock.now });

    expect(await password()).toBe("token-1");
    expect(fake.scopes).toEqual([POSTGRES_SCOPE]);
    clock.now += HOUR - REFRESH_BEFORE_MS - 1; // just inside the validity window
    expect(await password()).toBe("token-1");
    expect(fake.scopes).toHaveLength(1);
    clock.now += 1; // now within 5 minutes of expiry
    expect(await password()).toBe("token-2");
    expect(fake.scopes).toHaveLength(2);
  });

  it("shares one request among connections opened at once", async () => {
    const clock = { now: 0 };
    const fake = fakeCredential(clock);
    const password = entraPassword({ credential: fake.credential, now: () => clock.now });
    expect(await Promise.all([password(), password(), password()])).toEqual([
      "token-1",
      "token-1",
      "token-1",
    ]);
    expect(fake.scopes).toHaveLength(1);
  });

  it("fails with a clear error naming the identity, never the secret the error quoted", async () => {
    const clock = { now: 0 };
    const fake = fakeCredential(clock);
    const leak = Object.assign(new Error("response body: client_secret=hunter2 token=eyJabc"), {
      name: "AuthenticationError",
      statusCode: 400,
    });
    fake.failWith(leak);
    const password = entraPassword({ clientId: "1111-2222", credential: fake.credential, now: () => 0 });
    const err = await password().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe("EntraTokenError");
    expect(err?.message).toMatch(
      /DATABASE_AUTH=entra: .*managed identity 1111-2222 \(AuthenticationError, HTTP 400\)/,
    );
    expect(`${err?.message} ${err?.stack} ${String((err as { cause?: unknown }).cause)}`).not.toMatch(
      /hunter2|eyJabc/,
    );
    // The next attempt asks again (a failure is not cached).
    fake.failWith(undefined);
    expect(await password()).toBe("token-2");
  });

  it("keeps using a still-valid token when its early refresh fails, and stops before it expires", async () => {
    const clock = { now: 0 };
    const fake = fakeCredential(clock);
    const password = entraPassword({ credential: fake.credential, now: () => clock.now });
    expect(await password()).toBe("token-1");
    fake.failWith(new Error("IMDS unreachable"));
    clock.now = HOUR - REFRESH_BEFORE_MS + 1;
    expect(await password()).toBe("token-1");
    clock.now = HOUR - 1_000;
    await expect(password()).rejects.toThrow(/no Microsoft Entra token/);
  });
});

describe("DATABASE_AUTH in the configuration", () => {
  it("defaults to password and accepts entra with a DATABASE_URL without password", () => {
    expect(loadConfig({}).DATABASE_AUTH).toBe("password");
    const c = loadConfig({ DATABASE_AUTH: "entra", DATABASE_URL: "postgres://sip-id@db.example/sip" });
    expect(c.DATABASE_AUTH).toBe("entra");
  });

  it("refuses entra without DATABASE_URL, or with a password in it, and unknown kinds", () => {
    expect(() => loadConfig({ DATABASE_AUTH: "entra" })).toThrow(/DATABASE_AUTH: entra needs DATABASE_URL/);
    expect(() =>
      loadConfig({ DATABASE_AUTH: "entra", DATABASE_URL: "postgres://sip:pw@db.example/sip" }),
    ).toThrow(/without a password/);
    expect(() => loadConfig({ DATABASE_AUTH: "kerberos" })).toThrow(/DATABASE_AUTH/);
  });
});

/** The wiring in db.ts: the pool really sends the token (the CI server's password plays one). */
describe.skipIf(!postgresUrl)("openDb with DATABASE_AUTH=entra on PostgreSQL", () => {
  const url = new URL(postgresUrl ?? "postgres://x@y/z");
  const secret = decodeURIComponent(url.password);
  url.password = "";

  async function withSchema(fn: (scopedUrl: string) => Promise<void>) {
    const schema = `sip_entra_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const scoped = new URL(url);
      scoped.searchParams.set("options", `-c search_path=${schema}`);
      await fn(scoped.toString());
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }

  it("connects with the token as password, and names the failure without it when refused", async () => {
    await withSchema(async (scoped) => {
      const scopes: string[] = [];
      const credential: TokenSource = {
        getToken: async (s) => (scopes.push(s), { token: secret, expiresOnTimestamp: Date.now() + HOUR }),
      };
      const db = await openDb({ databaseUrl: scoped, dataDir: "memory://", entra: { credential } });
      try {
        expect(await db.query("SELECT current_schema() AS s")).toEqual([
          { s: expect.stringMatching(/^sip_entra_/) },
        ]);
        expect(scopes[0]).toBe(POSTGRES_SCOPE);
      } finally {
        await db.close();
      }
      const wrong: TokenSource = {
        getToken: async () => ({ token: "not-it", expiresOnTimestamp: Date.now() + HOUR }),
      };
      const refused = openDb({ databaseUrl: scoped, dataDir: "memory://", entra: { credential: wrong } });
      await expect(refused).rejects.toThrow(/is unreachable or not answering/);
      await expect(refused).rejects.not.toThrow(/not-it/);
    });
  });
});
