/**
 * What the Playground e2e suites share: the bot and the Microsoft 365 Agents Playground as
 * `npm run playground` starts them, Debian's Chromium driven through playwright-core, and the
 * few gestures the chat needs. Without Chromium a suite is skipped with the reason, unless
 * REQUIRE_E2E=1 (CI) makes that a failure. E2E_CHROMIUM_PATH points at another browser binary.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { ROOT, startPlaygroundStack, type Stack } from "../../src/tools/playground-stack.js";
import { freePort } from "../../src/tools/process-group.js";

export const CHROMIUM = process.env.E2E_CHROMIUM_PATH || "/usr/bin/chromium";
export const REQUIRED = process.env.REQUIRE_E2E === "1";
export const OUTPUT = join(ROOT, "test", "output");
/** Why the e2e suites cannot run here, or null when they can. */
export const missing = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`;

/** Every wait is bounded: the Playground and PGlite start in seconds, a card arrives in < 1 s. */
export const STEP_MS = 20_000;
export const START_MS = 90_000;

/** Without Chromium: one test that skips with the reason, or fails under REQUIRE_E2E=1. */
export function reportMissingChromium(): void {
  if (missing)
    it("e2e: Chromium is available", (ctx) => {
      if (REQUIRED) throw new Error(`REQUIRE_E2E=1 but ${missing}; run .ci/e2e.sh to install it`);
      const reason = `${missing}: install it (apt-get install chromium) to run the Playground e2e suite`;
      console.error(`Skipping the Playground e2e suite: ${reason}`); // the reporter folds skips away
      ctx.skip(reason);
    });
}

export interface SessionOptions {
  /** Written to test/output/ when a step fails; each suite has its own, so parallel suites keep theirs. */
  failureShot: string;
  /** Tall enough that the longest card of the suite fits for its screenshot. */
  viewportHeight?: number;
  /** The bot's LOG_LEVEL; its output is printed when a step fails. */
  logLevel?: string;
  /** More of the bot's environment (SIP_NOW for the follow-up). */
  env?: Record<string, string>;
}

export interface PlaygroundSession {
  /** The Playground page (once beforeAll has run). */
  readonly page: Page;
  /** The bot and the Playground (once beforeAll has run). */
  readonly stack: Stack;
  /** Every Adaptive Card in the chat. */
  cards(): Locator;
  /** The newest Adaptive Card in the chat that shows `text` (cards replace themselves in place). */
  card(text: string): Locator;
  /** Types a message into the compose box and sends it. */
  send(text: string): Promise<void>;
  /** Picks `option` in the compact choice set labelled `label` within `scope`; checks it shows. */
  choose(scope: Locator, label: string | RegExp, option: string): Promise<void>;
  /**
   * Picks `option` in a combobox, typing `filter` first (a filtered choice set lists only the
   * choices that match it); resolves with what the combobox shows afterwards.
   */
  pick(combobox: Locator, option: string, filter?: string): Promise<string>;
}

/**
 * Registers, in the calling describe block, the hooks that start the bot, the Playground and
 * Chromium (a clean, local-only bot: in-memory database, no credentials, no .env from a dev's
 * clone), open the personal chat and wait for the welcome card, and stop everything afterwards.
 * The steps of a suite build on each other: after a failure the rest are skipped, and the page
 * and the children's output are kept as evidence.
 */
export function usePlayground(options: SessionOptions): PlaygroundSession {
  let stack: Stack | undefined;
  let browser: BrowserContext | undefined;
  let page: Page | undefined;
  let temp = "";

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the Playground session has no ${what}: beforeAll did not run`);
    return value;
  };

  const session: PlaygroundSession = {
    get page() {
      return started(page, "page");
    },
    get stack() {
      return started(stack, "stack");
    },
    cards: () => session.page.locator(".ac-adaptiveCard"),
    card: (text) => session.cards().filter({ hasText: text }).last(),
    async send(text) {
      const compose = session.page.locator('[data-lexical-editor="true"]').first();
      await compose.click();
      await session.page.keyboard.type(text);
      await session.page.keyboard.press("Enter");
    },
    // A compact Input.ChoiceSet renders as a Fluent combobox whose options pop up outside the card.
    async choose(scope, label, option) {
      expect(await session.pick(scope.getByRole("combobox", { name: label }), option)).toBe(option);
    },
    async pick(combobox, option, filter) {
      await combobox.click();
      if (filter !== undefined) await session.page.keyboard.type(filter);
      // A missing option fails here, with the options that were offered.
      await expect
        .poll(() => session.page.getByRole("option").allInnerTexts(), {
          timeout: STEP_MS / 2,
          message: `the options offered should include "${option}"`,
        })
        .toContain(option);
      await session.page.getByRole("option", { name: option, exact: true }).click();
      return combobox.inputValue();
    },
  };

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    rmSync(join(OUTPUT, options.failureShot), { force: true }); // only this run's evidence
    temp = mkdtempSync(join(tmpdir(), "sip-e2e-"));
    stack = await startPlaygroundStack({
      botPort: await freePort(),
      playgroundPort: await freePort(),
      locale: "sv-SE",
      env: {
        ...process.env,
        DATA_DIR: "memory://",
        DATABASE_URL: "",
        MicrosoftAppId: "",
        MicrosoftAppPassword: "",
        HOST: "",
        NODE_ENV: "test",
        LOG_LEVEL: options.logLevel ?? "warn",
        ...options.env,
      },
      workDir: temp,
      stdio: "pipe",
      timeoutMs: START_MS / 2,
    });
    browser = await chromium.launchPersistentContext(join(temp, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: options.viewportHeight ?? 2400 },
      // The date picker parses typed dates in the browser's zone; pin it as a Swedish user's.
      locale: "sv-SE",
      timezoneId: "Europe/Stockholm",
    });
    browser.setDefaultTimeout(STEP_MS);
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(stack.url);
    // The welcome card proves the Playground reached the bot (conversationUpdate on page load).
    await session.card("SIP-lotsen").waitFor();
  }, START_MS);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }, 30_000);

  let failedStep: string | undefined;
  beforeEach((ctx) => {
    if (failedStep) ctx.skip(`an earlier step failed: ${failedStep}`);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail" || failedStep) return;
    failedStep = ctx.task.name;
    const shot = join(OUTPUT, options.failureShot);
    await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    console.error(
      `Playground e2e failed; see test/output/${options.failureShot}. Bot and Playground output:\n${stack?.output()}`,
    );
  });

  return session;
}
