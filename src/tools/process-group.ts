import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface GroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** "inherit" shows the child's output in this terminal; "pipe" lets the caller read it. */
  stdio: "inherit" | "pipe";
}

/**
 * Starts a command as the leader of its own process group (detached = setsid on POSIX).
 * Why: `tsx` runs the program in a child node process, so signalling the tsx wrapper alone
 * leaves node running; a group can be stopped as a whole, like `kill -- -PID`. Being in its
 * own group also keeps Ctrl-C in the terminal from reaching it before we decide to stop it.
 */
export function spawnGroup(command: string, args: string[], options: GroupOptions): ChildProcess {
  return spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", options.stdio, options.stdio],
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** SIGTERM to the whole group, then SIGKILL if anything in it outlives `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    signalGroup(pgid, "SIGKILL");
    const hardDeadline = Date.now() + 2000;
    while (groupAlive(pgid) && Date.now() < hardDeadline) await sleep(50);
  }
}

/**
 * Last resort when this process exits without a clean stop (it must be synchronous then):
 * SIGTERM, which both children honour with their own shutdown, so no orphans are left.
 */
export function terminateGroupNow(child: ChildProcess): void {
  // Only while the leader lives: once reaped, its id could belong to someone else's group.
  if (child.pid !== undefined && child.exitCode === null) signalGroup(child.pid, "SIGTERM");
}

/** Fails with a clear message when something already listens on the port. */
export function assertPortFree(port: number, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === "EADDRINUSE" ? `port ${port} is already in use` : err.message)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A port that was free a moment ago (tests; a tiny race is acceptable there). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves with the child's exit description, for racing against a readiness check. */
export function exited(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve(`exited (${child.exitCode ?? child.signalCode})`);
    else child.once("exit", (code, signal) => resolve(`exited (${code ?? signal})`));
  });
}

/** Polls `url` until it answers 2xx; throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(200, undefined, signal ? { signal } : {});
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (${last})`);
}
