/**
 * `npm run playground`: the bot plus the Microsoft 365 Agents Playground (a local Teams client),
 * offline. Prints the URL to open; Ctrl-C or SIGTERM stops both.
 *
 * The bot runs as its own process (`tsx src/index.ts`, as `npm start`) rather than imported
 * here: it then reads its configuration, `.env` and signals exactly as in production, and its
 * logs stay its own. Both children get their own process group, stopped as a whole.
 */
import { existsSync } from "node:fs";
import { z } from "zod/v4";
import { startPlaygroundStack, type Stack } from "./playground-stack.js";

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  PLAYGROUND_PORT: z.coerce.number().int().min(1).max(65535).default(56150),
  /** The Playground always sends "en-US"; the bot is Swedish first. "en-US" shows English. */
  PLAYGROUND_LOCALE: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "like sv-SE or en-US")
    .default("sv-SE"),
});

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  // The bot reads .env itself; the ports and locale above may live there too.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const parsed = Env.safeParse({
    PORT: process.env.PORT || undefined,
    PLAYGROUND_PORT: process.env.PLAYGROUND_PORT || undefined,
    PLAYGROUND_LOCALE: process.env.PLAYGROUND_LOCALE || undefined,
  });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
    process.exit(2);
  }
  const env = parsed.data;

  let stack: Stack | undefined = undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) {
      // A second Ctrl-C: do not wait any longer; the exit hook signals the groups.
      process.exit(code);
    }
    stopping = true;
    say("Stopping the bot and the Playground …");
    await stack?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  say(`Starting SIP-lotsen (port ${env.PORT}) and the Microsoft 365 Agents Playground …`);
  stack = await startPlaygroundStack({
    botPort: env.PORT,
    playgroundPort: env.PLAYGROUND_PORT,
    locale: env.PLAYGROUND_LOCALE,
    // Per-turn JSON logs would scroll the URL away; LOG_LEVEL=info in the env shows them.
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || "warn" },
    workDir: process.cwd(),
    stdio: "inherit",
    timeoutMs: 60_000,
  });
  if (stopping) return;
  if (stack.url !== `http://localhost:${env.PLAYGROUND_PORT}`)
    say(`(port ${env.PLAYGROUND_PORT} was taken; the Playground chose another one)`);
  say("");
  say(`  ➜  Open ${stack.url} — the Playground, chatting with SIP-lotsen (${stack.botUrl}/api/messages).`);
  say(`     Type "bedöm", "samtycke" or "hjälp". Ctrl-C stops both.`);
  say("");

  const why = await stack.died;
  if (!stopping) {
    console.error(`${why}; stopping.`);
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
