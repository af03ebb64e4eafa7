import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startPlaygroundStack, type StackOptions } from "../../src/tools/playground-stack.js";
import { freePort } from "../../src/tools/process-group.js";

/**
 * What `npm run playground` starts, without a browser (the e2e suite drives the UI): both
 * servers answer, and stop() leaves nothing listening. Runs offline, like a fresh clone.
 */
describe("the Playground stack", () => {
  const workDir = mkdtempSync(join(tmpdir(), "sip-stack-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const options = async (env: NodeJS.ProcessEnv = {}): Promise<StackOptions> => ({
    botPort: await freePort(),
    playgroundPort: await freePort(),
    locale: "sv-SE",
    env: {
      ...process.env,
      DATA_DIR: "memory://",
      DATABASE_URL: "",
      MicrosoftAppId: "",
      LOG_LEVEL: "warn",
      ...env,
    },
    workDir,
    stdio: "pipe",
    timeoutMs: 45_000,
  });
  const answers = (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.status,
      () => "down",
    );

  it("starts the bot and the Playground, then stops both", async () => {
    const stack = await startPlaygroundStack(await options());
    try {
      expect(await answers(`${stack.botUrl}/healthz`)).toBe(200);
      expect(await answers(stack.url)).toBe(200);
    } finally {
      await stack.stop();
    }
    expect(await answers(`${stack.botUrl}/healthz`)).toBe("down");
    expect(await answers(stack.url)).toBe("down");
    await expect(stack.died).resolves.toMatch(/exited/);
  }, 60_000);

  it("refuses a bot port that is already taken, instead of talking to another bot", async () => {
    const squatter: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      await expect(startPlaygroundStack({ ...(await options()), botPort: port })).rejects.toThrow(
        `port ${port} is already in use`,
      );
    } finally {
      squatter.close();
    }
  });

  it("reports a bot that dies while starting, with its output", async () => {
    await expect(startPlaygroundStack(await options({ LOG_LEVEL: "chatty" }))).rejects.toThrow(
      /the bot exited \(1\) before it was ready[\s\S]*LOG_LEVEL/,
    );
  }, 60_000);
});
