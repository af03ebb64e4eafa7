import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../src/tools/process-group.js";

/**
 * `npm start` as an operator meets it: the bilingual start-up line, a clean stop on SIGTERM
 * (npm and a tsx wrapper used to leave node running), one plain line — no stack — for each
 * start-up problem, and one process per PGlite folder.
 */
const dir = mkdtempSync(join(tmpdir(), "sip-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(env: Record<string, string>, args = ["start", "--silent"]): Started {
  const child = spawn("npm", args, {
    env: {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      MicrosoftAppId: "",
      ...env,
    },
    detached: true, // its own process group, so the test can see whether anything of it is left
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, output: () => out, exited };
}

async function listening(s: Started): Promise<void> {
  while (!/lyssnar på .* listening on/.test(s.output())) {
    const done = await Promise.race([
      s.exited.then(() => true),
      new Promise((r) => setTimeout(r, 100, false)),
    ]);
    if (done) throw new Error(`exited before listening:\n${s.output()}`);
  }
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** One line, naming what is wrong, and no stack trace. */
function expectOneLine(output: string, pattern: RegExp) {
  const lines = output.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(output).not.toMatch(/^\s+at /m);
}

describe("npm start", () => {
  it("says where it listens in both languages and stops cleanly on SIGTERM, leaving no node behind", async () => {
    const s = npmStart({ PORT: String(await freePort()), DATA_DIR: join(dir, "a") });
    await listening(s);
    expect(s.output()).toMatch(
      /SIP-lotsen lyssnar på http:\/\/127\.0\.0\.1:\d+\/api\/messages \(databas: pglite\)/,
    );
    s.child.kill("SIGTERM"); // npm itself, as a process manager or `kill` would
    expect(await s.exited).toBe(0);
    await expect.poll(() => groupAlive(s.child.pid ?? 0), { timeout: 10_000 }).toBe(false);
  });

  it("refuses a second process on the same DATA_DIR at once, naming the folder", async () => {
    const data = join(dir, "b");
    const first = npmStart({ PORT: String(await freePort()), DATA_DIR: data });
    await listening(first);
    const second = npmStart({ PORT: String(await freePort()), DATA_DIR: data });
    expect(await second.exited).toBe(1);
    expectOneLine(second.output(), new RegExp(`DATA_DIR ${data} is in use by another SIP-lotsen`));
    // `npm run stats` beside the running bot says what to do instead (issue 20).
    const stats = npmStart({ DATA_DIR: data }, ["run", "--silent", "stats"]);
    expect(await stats.exited).toBe(1);
    expectOneLine(stats.output(), /botten körs .* Skriv stats till botten i Teams .* stoppa botten/);
    expect(stats.output()).toContain("Send stats to the bot in Teams");
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    // The lock went with the first process: the folder can be opened again.
    const third = npmStart({ PORT: String(await freePort()), DATA_DIR: data });
    await listening(third);
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  });

  it("says in one line that the port is in use", async () => {
    const taken: Server = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    const port = (taken.address() as { port: number }).port;
    const s = npmStart({ PORT: String(port), DATA_DIR: "memory://" });
    expect(await s.exited).toBe(1);
    taken.close();
    expectOneLine(s.output(), new RegExp(`PORT ${port} on 127.0.0.1 is already in use`));
  });

  it("says in one line that DATA_DIR cannot be written", async () => {
    // As root nothing is read-only by permission: a path below a file can never be created.
    const s = npmStart({ PORT: "0", DATA_DIR: "/dev/null/sip-data" });
    expect(await s.exited).toBe(1);
    expectOneLine(s.output(), /DATA_DIR \/dev\/null\/sip-data cannot be created \(ENOTDIR\)/);
  });

  it("says in one line that the database is unreachable, naming it but not its password", async () => {
    const port = await freePort(); // nothing listens there
    const s = npmStart({ PORT: "0", DATABASE_URL: `postgres://sip:hemligt@127.0.0.1:${port}/sipdb` });
    expect(await s.exited).toBe(1);
    expectOneLine(
      s.output(),
      new RegExp(`database 127\\.0\\.0\\.1:${port}/sipdb is unreachable .*ECONNREFUSED`),
    );
    expect(s.output()).not.toContain("hemligt");
  });
});
