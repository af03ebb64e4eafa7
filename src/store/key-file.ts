import { randomBytes, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { KEY_BYTES, masterKeyOf } from "./crypto.js";
import { StartupError } from "./data-dir-lock.js";

/**
 * The master key's file (DATA_KEY_FILE): 32 random bytes, as 44 characters of base64 (a newline
 * after them is fine), or the 32 bytes raw. On Azure, Key Vault's secret is mounted into the
 * container as this file (a secret volume), so the bot reads a file either way and needs no SDK.
 */
export const DEFAULT_KEY_FILE = "sip-lotsen.key";

/** The key in a file's bytes, or what is wrong with them (no bytes of the key in the message). */
export function parseKey(bytes: Buffer): KeyObject | string {
  if (bytes.length === KEY_BYTES) return masterKeyOf(bytes);
  const text = bytes.toString("utf8").trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return masterKeyOf(Buffer.from(text, "base64"));
  return `must hold ${KEY_BYTES} random bytes, in base64 (openssl rand -base64 ${KEY_BYTES}) or raw`;
}

/** Reads a key file; throws an Error whose message names the problem, not the key. */
export function readKeyFile(path: string): KeyObject {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`, {
      cause: err,
    });
  }
  const key = parseKey(bytes);
  if (typeof key === "string") throw new Error(`${path} ${key}`);
  return key;
}

/**
 * The embedded default (development, tests on disk): the key in `DATA_DIR/sip-lotsen.key`, created
 * at first start (readable by this user only) and read on every later one. Created exclusively, so
 * two processes starting at once never write two different keys.
 */
export function loadOrCreateKeyFile(dataDir: string): KeyObject {
  const path = join(dataDir, DEFAULT_KEY_FILE);
  // The same one line as the DATA_DIR lock (data-dir-lock.ts) would say: this runs first.
  const code = (err: unknown) => (err as NodeJS.ErrnoException).code;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new StartupError(`DATA_DIR ${resolve(dataDir)} cannot be created (${code(err)})`);
  }
  try {
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if (code(err) !== "EEXIST")
      throw new StartupError(`DATA_DIR ${resolve(dataDir)} is not writable (${code(err)})`);
  }
  return readKeyFile(path);
}

/** Whether `file` lies inside `dir` (production keeps the key out of the data folder and its backups). */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
