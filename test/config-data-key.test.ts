import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { sealer } from "../src/store/crypto.js";
import { DEFAULT_KEY_FILE, loadOrCreateKeyFile, parseKey } from "../src/store/key-file.js";
import { refusal } from "./helpers/config.js";

/** DATA_KEY_FILE, the master key of the case texts (README "Erasure"). */
const dir = mkdtempSync(join(tmpdir(), "sip-data-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RAW = randomBytes(32);
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const production = {
  NODE_ENV: "production",
  MicrosoftAppId: "app",
  MicrosoftAppPassword: "s",
  MicrosoftAppTenantId: "t",
  PUBLIC_URL: "https://sip.example.org",
  DATA_DIR: join(dir, "data"),
};

describe("DATA_KEY_FILE", () => {
  it("production refuses to start without it, naming the variable in one line", () => {
    const message = refusal(production);
    expect(message).toMatch(/^ {2}DATA_KEY_FILE: required in production .*outside DATA_DIR/m);
    expect(message.split("\n").filter((l) => l.includes("DATA_KEY_FILE"))).toHaveLength(1);
  });

  it("production refuses a key inside DATA_DIR, where it would travel with the data", () => {
    mkdirSync(production.DATA_DIR, { recursive: true });
    const inside = join(production.DATA_DIR, "master.key");
    writeFileSync(inside, RAW.toString("base64"));
    expect(refusal({ ...production, DATA_KEY_FILE: inside })).toMatch(
      /DATA_KEY_FILE: must be outside DATA_DIR/,
    );
  });

  it("reads 32 bytes as base64 (with a newline) or raw: the same key either way", () => {
    const b64 = loadConfig({ ...production, DATA_KEY_FILE: file("b64.key", `${RAW.toString("base64")}\n`) });
    const raw = loadConfig({ ...production, DATA_KEY_FILE: file("raw.key", RAW) });
    expect(b64.dataKey?.export()).toEqual(RAW);
    expect(raw.dataKey?.export()).toEqual(RAW);
  });

  it("refuses a file that is not 32 random bytes, or is missing, without printing its content", () => {
    const short = file("short.key", "c2hvcnQ=");
    expect(refusal({ ...production, DATA_KEY_FILE: short })).toMatch(
      /DATA_KEY_FILE: .*short\.key must hold 32/,
    );
    expect(refusal({ ...production, DATA_KEY_FILE: short })).not.toContain("c2hvcnQ=");
    expect(refusal({ ...production, DATA_KEY_FILE: join(dir, "none.key") })).toMatch(
      /DATA_KEY_FILE: cannot read .*none\.key \(ENOENT\)/,
    );
    expect(parseKey(Buffer.alloc(31))).toBeTypeOf("string");
  });

  it("is optional in development: the embedded default makes DATA_DIR/sip-lotsen.key once and reuses it", () => {
    expect(loadConfig({}).dataKey).toBeUndefined();
    const home = join(dir, "dev-data");
    const first = loadOrCreateKeyFile(home);
    const path = join(home, DEFAULT_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = readFileSync(path, "utf8");
    const again = loadOrCreateKeyFile(home);
    expect(readFileSync(path, "utf8")).toBe(written);
    expect(again.equals(first)).toBe(true);
    // What one start sealed, the next opens.
    const sealed = sealer("id-1", first.export()).seal("Samordna stödet");
    expect(sealer("id-1", again.export()).open(sealed)).toBe("Samordna stödet");
  });
});
