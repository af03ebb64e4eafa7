import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/** A start-up failure that deserves one plain line, not a stack trace. */
export class StartupError extends Error {
  override name = "StartupError";
}

/** The folder is held by a running SIP-lotsen: a tool may say what to do instead (stats.ts). */
export class DataDirInUse extends StartupError {
  override name = "DataDirInUse";
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`DATA_DIR ${dir} is in use by another SIP-lotsen (pid ${pid}); stop it or set another DATA_DIR`);
  }
}

const LOCK_FILE = "sip-lotsen.lock";

/**
 * PGlite is one process's database: a second process on the same folder would open its own copy
 * and its acknowledged writes would vanish. The first process takes `DATA_DIR/sip-lotsen.lock`
 * (created exclusively, holding its pid and host); the next one stops at once naming the folder.
 * A lock left by a process that no longer runs on this host (a crash, kill -9) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StartupError(`DATA_DIR ${dir} cannot be created (${(err as NodeJS.ErrnoException).code})`);
  }
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new StartupError(`DATA_DIR ${dir} is not writable (${code})`);
      const holder = readHolder(file);
      if (holder && isAlive(holder)) {
        throw new DataDirInUse(dir, holder.pid);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new StartupError(`DATA_DIR ${dir}: could not take its lock file ${LOCK_FILE}`);
}

function readHolder(file: string): { pid: number; host: string } | undefined {
  try {
    const v = JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown; host?: unknown };
    return typeof v.pid === "number" && typeof v.host === "string" ? { pid: v.pid, host: v.host } : undefined;
  } catch {
    return undefined; // half-written by a process that died while writing it
  }
}

function isAlive(holder: { pid: number; host: string }): boolean {
  // Another host's process cannot be checked from here: assume it runs (a shared folder).
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
