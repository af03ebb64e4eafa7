import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/tools/process-group.js";
import { cardOf, cardText, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";

/**
 * PRODUCTION-INSTALL SMOKE TEST — slow (about a minute: a build, `npm pack`, `npm ci`), and it
 * needs the npm registry or a warm npm cache. It does what the Dockerfile's runtime stage does,
 * without a container daemon: the packed tarball (package.json "files") unpacked into an empty
 * folder with the lockfile, `npm ci --omit=dev --ignore-scripts`, then `node dist/index.js` from
 * there. Why the lockfile and not `npm install <tgz>`: a dependency's install ignores both the
 * lockfile and "overrides", so it would test a tree the image never has.
 * Registry unreachable: skipped with the reason, or failed when REQUIRE_DEPLOY=1 (as .ci/run sets).
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const required = process.env.REQUIRE_DEPLOY === "1";
const work = mkdtempSync(join(tmpdir(), "sip-prod-install-"));
const stage = join(work, "stage"); // a copy of the sources, so the repository's dist/ is left alone
const app = join(work, "app"); // the empty folder the package is installed into
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** npm and tar, with their output kept for the failure message. */
function run(cmd: string, args: string[], cwd: string) {
  const env = { ...process.env };
  delete env.NODE_ENV; // vitest's "test"; npm ci must decide nothing by it
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
  return { ok: r.status === 0, output };
}
const tail = (s: string) => s.trim().split("\n").slice(-15).join("\n");
const NETWORK =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|request to .* failed/i;

let packed: string[] = [];
/** Set when the build or the install failed: every test then fails with it (counted, not hidden). */
let setupError: Error | undefined;
let unreachable = "";

function setUp() {
  for (const p of [
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "tsconfig.build.json",
    "README.md",
    "src",
    "cards",
    "knowledge",
    "test/types",
  ])
    cpSync(join(ROOT, p), join(stage, p), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(stage, "node_modules"), "dir");
  const build = run("npm", ["run", "build"], stage);
  if (!build.ok) throw new Error(`npm run build failed:\n${tail(build.output)}`);
  const pack = run("npm", ["pack", "--json", "--pack-destination", work], stage);
  if (!pack.ok) throw new Error(`npm pack failed:\n${tail(pack.output)}`);
  const [info] = JSON.parse(pack.output.slice(pack.output.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = info?.files.map((f) => f.path) ?? [];
  cpSync(join(ROOT, "package-lock.json"), join(app, "package-lock.json"));
  const untar = run(
    "tar",
    ["-xzf", join(work, info?.filename ?? ""), "-C", app, "--strip-components=1"],
    work,
  );
  if (!untar.ok) throw new Error(`tar failed:\n${tail(untar.output)}`);
  const install = run(
    "npm",
    ["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"],
    app,
  );
  if (install.ok) return;
  if (!NETWORK.test(install.output)) throw new Error(`npm ci --omit=dev failed:\n${tail(install.output)}`);
  const why = install.output
    .split("\n")
    .filter((l) => /^npm error (?!\s+at )\S/.test(l))
    .slice(0, 4)
    .join("\n");
  unreachable = `npm could not fetch the production dependencies (registry unreachable, not in the npm cache):\n${why}`;
  if (!required)
    console.error(`production-install: skipped (set REQUIRE_DEPLOY=1 to fail instead): ${unreachable}`);
}
beforeAll(() => {
  try {
    setUp();
  } catch (err) {
    setupError = err as Error;
  }
}, 300_000);

/** Fails the test with the setup's error; skips it, or fails it under REQUIRE_DEPLOY=1, without the registry. */
function ready(ctx: { skip: (condition: boolean, note?: string) => void }, needsInstall = true) {
  if (setupError) throw setupError;
  if (!needsInstall || !unreachable) return;
  if (required) throw new Error(`REQUIRE_DEPLOY=1: ${unreachable}`);
  ctx.skip(true, unreachable);
}

describe("production install (npm pack → npm ci --omit=dev → node dist/index.js)", () => {
  it("packs what runs (dist, cards, knowledge) and no tests, sources or secrets", (ctx) => {
    ready(ctx, false);
    expect(packed).toEqual(
      expect.arrayContaining([
        "package.json",
        "dist/index.js",
        "dist/store/pglite-initdb.mjs",
        "dist/store/migrations/001_init.sql",
        "cards/welcome.json",
        "knowledge/synonyms.yml",
      ]),
    );
    expect(packed.some((p) => p.startsWith("knowledge/articles/") && p.endsWith(".md"))).toBe(true);
    expect(packed.some((p) => p.startsWith("dist/knowledge/prompts/"))).toBe(true);
    expect(
      packed.filter((p) =>
        /^(test|src|bench|deploy|teamsapp|data|knowledge\/eval)\/|^\.env|\.(pem|key)$/.test(p),
      ),
    ).toEqual([]);
  });

  it("installs production dependencies only", (ctx) => {
    ready(ctx);
    const installed = readdirSync(join(app, "node_modules"));
    expect(installed).toEqual(expect.arrayContaining(["botbuilder", "pg", "pg-boss", "zod"]));
    for (const dev of [
      "tsx",
      "typescript",
      "vitest",
      "nock",
      "eslint",
      "prettier",
      "dclint",
      "dockerfile-utils",
      "esbuild",
    ])
      expect(installed, dev).not.toContain(dev);
  });

  it("serves, answers a turn, migrates its empty database and stops on SIGTERM with exit 0", async (ctx) => {
    ready(ctx);
    const port = await freePort();
    const dataDir = join(work, "data");
    // Only what a container would set: nothing of the test's own environment leaks in.
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: work,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      NODE_ENV: "development",
    };
    const bot = spawn("node", ["dist/index.js"], { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    bot.stdout.on("data", (b: Buffer) => (log += b.toString()));
    bot.stderr.on("data", (b: Buffer) => (log += b.toString()));
    const exit = once(bot, "exit").then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as string | null,
    }));
    const connector = await startFakeConnector();
    try {
      await expect
        .poll(() => log, { timeout: 60_000, interval: 200 })
        .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/api\/messages \(database: pglite\)/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect({ status: health.status, body: await health.json() }).toEqual({
        status: 200,
        body: { status: "ok", database: "pglite" },
      });

      const turn = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message(connector.serviceUrl, "hjälp")),
      });
      expect(turn.status).toBe(200);
      await expect.poll(() => connector.sent().length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(cardText(cardOf(connector.sent()[0]))).toContain("Bedöm behov");

      bot.kill("SIGTERM");
      expect(await exit).toEqual({ code: 0, signal: null });
    } finally {
      bot.kill("SIGKILL");
      await connector.close();
    }
    expect(log).not.toMatch(/"level":(50|60)/); // no error or fatal line on the way
    expect(log).toMatch(/"event":"stopping","signal":"SIGTERM"/);

    // Every migration the package ships ran on the empty database (PGlite's folder, now closed).
    const shipped = readdirSync(join(app, "dist/store/migrations")).filter((f) => f.endsWith(".sql"));
    expect(shipped.length).toBeGreaterThan(10);
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
    const db = new PGlite(dataDir);
    try {
      const rows = (await db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id")).rows;
      expect(rows.map((r) => `${r.id}.sql`)).toEqual(shipped.sort());
    } finally {
      await db.close();
    }
  }, 120_000);
});
