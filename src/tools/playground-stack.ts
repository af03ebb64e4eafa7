import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocaleRelay, type LocaleRelay } from "./locale-relay.js";
import {
  assertPortFree,
  exited,
  terminateGroupNow,
  spawnGroup,
  stopGroup,
  waitForHttp,
} from "./process-group.js";

/** The repository root, found from this file so the tool works from any working directory. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface StackOptions {
  botPort: number;
  /** Preferred Playground port; it picks a random one itself when this one is taken. */
  playgroundPort: number;
  /** Locale the bot sees on the Playground's activities (see locale-relay.ts); null: as sent. */
  locale: string | null;
  /** Environment for both children (DATA_DIR, LOG_LEVEL, … for the bot). */
  env: NodeJS.ProcessEnv;
  /** Working directory of both children: the bot reads `.env` there, the Playground writes `devTools/`. */
  workDir: string;
  /** "inherit": children write to this terminal; "pipe": output is kept for `output()`. */
  stdio: "inherit" | "pipe";
  timeoutMs: number;
}

export interface Stack {
  /** The Playground UI to open in a browser. */
  url: string;
  botUrl: string;
  /** Settles when a child exits on its own (a crash), naming it; also during `stop()`. */
  died: Promise<string>;
  /** What the children printed (stdio "pipe"; the Playground's stdout always). */
  output(): string;
  stop(): Promise<void>;
}

const MAX_OUTPUT = 200_000;

/**
 * Starts the bot exactly as `npm start` does (`tsx src/index.ts`, a process of its own, so its
 * config, logs and shutdown are the real ones) and the Microsoft 365 Agents Playground pointed
 * at it; resolves once both answer HTTP. On any failure everything started so far is stopped.
 */
export async function startPlaygroundStack(options: StackOptions): Promise<Stack> {
  let log = "";
  const keep = (chunk: Buffer | string) => {
    log = (log + chunk.toString()).slice(-MAX_OUTPUT);
  };
  const children: ChildProcess[] = [];
  let relay: LocaleRelay | undefined;
  const onExit = () => children.forEach(terminateGroupNow);
  process.on("exit", onExit);

  const stop = async () => {
    await Promise.all(children.map((c) => stopGroup(c)));
    await relay?.close();
    process.off("exit", onExit);
  };
  const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
  const attach = (child: ChildProcess, stdout: boolean) => {
    if (stdout) child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", (err) => keep(`\n[spawn error] ${err.message}\n`));
  };

  try {
    // Otherwise the health check could be answered by another bot already on that port.
    await assertPortFree(options.botPort);
    const bot = spawnGroup(bin("tsx"), [join(ROOT, "src", "index.ts")], {
      cwd: options.workDir,
      // tsx looks for tsconfig.json in its cwd; point it at ours when the cwd is elsewhere.
      env: { ...options.env, PORT: String(options.botPort), TSX_TSCONFIG_PATH: join(ROOT, "tsconfig.json") },
      stdio: options.stdio,
    });
    children.push(bot);
    attach(bot, true);
    const botUrl = `http://127.0.0.1:${options.botPort}`;
    await ready((signal) => waitForHttp(`${botUrl}/healthz`, options.timeoutMs, signal), bot, "the bot");

    relay = options.locale ? await startLocaleRelay(botUrl, options.locale) : undefined;
    const endpoint = `${relay?.url ?? botUrl}/api/messages`;
    const playground = spawnGroup(
      bin("agentsplayground"),
      ["-e", endpoint, "-c", "msteams", "-p", String(options.playgroundPort), "--disable-telemetry"],
      {
        cwd: options.workDir,
        env: { ...options.env, TEAMSAPPTESTER_BROWSER: "none" },
        stdio: "pipe",
      },
    );
    children.push(playground);
    attach(playground, true);
    if (options.stdio === "inherit") playground.stderr?.pipe(process.stderr);
    const port = await ready(
      (signal) => listeningPort(playground, options.timeoutMs, signal),
      playground,
      "the Playground",
    );
    const url = `http://localhost:${port}`;
    await ready((signal) => waitForHttp(url, options.timeoutMs, signal), playground, "the Playground");
    const died = Promise.race([
      exited(bot).then((how) => `the bot ${how}`),
      exited(playground).then((how) => `the Playground ${how}`),
    ]);
    return { url, botUrl, died, output: () => log, stop };
  } catch (err) {
    await stop();
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`${detail}\n--- output so far ---\n${log}`, { cause: err });
  }
}

/**
 * Runs `check`, but fails at once if the child dies first (a port in use, a bad config);
 * the check is then aborted so no timer keeps polling in the background.
 */
async function ready<T>(
  check: (signal: AbortSignal) => Promise<T>,
  child: ChildProcess,
  name: string,
): Promise<T> {
  const abort = new AbortController();
  try {
    const outcome = await Promise.race([
      check(abort.signal).then((value) => ({ value })),
      exited(child).then((how) => ({ how })),
    ]);
    if ("how" in outcome) throw new Error(`${name} ${outcome.how} before it was ready`);
    return outcome.value;
  } finally {
    abort.abort();
  }
}

/** The Playground prints "Listening on <port>" once its server is up. */
function listeningPort(child: ChildProcess, timeoutMs: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the Playground did not report its port within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Listening on (\d+)/.exec(seen);
      if (match?.[1]) {
        done();
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    signal.addEventListener("abort", done, { once: true });
  });
}
