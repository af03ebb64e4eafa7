/**
 * End to end in the real local Teams client: the bot and the Microsoft 365 Agents Playground as
 * `npm run playground` starts them, driven by Debian's Chromium through playwright-core.
 * Without Chromium the suite is skipped with the reason, unless REQUIRE_E2E=1 (CI) makes that
 * a failure. E2E_CHROMIUM_PATH points at another browser binary.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT, startPlaygroundStack, type Stack } from "../../src/tools/playground-stack.js";
import { freePort } from "../../src/tools/process-group.js";

const CHROMIUM = process.env.E2E_CHROMIUM_PATH || "/usr/bin/chromium";
const REQUIRED = process.env.REQUIRE_E2E === "1";
const OUTPUT = join(ROOT, "test", "output");
const missing = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`;

/** Every wait is bounded: the Playground and PGlite start in seconds, a card arrives in < 1 s. */
const STEP_MS = 20_000;
const START_MS = 90_000;

if (missing)
  it("e2e: Chromium is available", (ctx) => {
    if (REQUIRED) throw new Error(`REQUIRE_E2E=1 but ${missing}; run .ci/e2e.sh to install it`);
    const reason = `${missing}: install it (apt-get install chromium) to run the Playground e2e suite`;
    console.error(`Skipping the Playground e2e suite: ${reason}`); // the reporter folds skips away
    ctx.skip(reason);
  });

describe.skipIf(missing !== null)(
  "SIP-lotsen in the Microsoft 365 Agents Playground",
  // Above the Playwright step timeout, so a missing card is reported by what was awaited.
  { timeout: 3 * STEP_MS },
  () => {
    let stack: Stack | undefined;
    let browser: BrowserContext | undefined;
    let page: Page;
    let temp = "";

    beforeAll(async () => {
      mkdirSync(OUTPUT, { recursive: true });
      rmSync(join(OUTPUT, "failure.png"), { force: true }); // only this run's evidence
      temp = mkdtempSync(join(tmpdir(), "sip-e2e-"));
      stack = await startPlaygroundStack({
        botPort: await freePort(),
        playgroundPort: await freePort(),
        locale: "sv-SE",
        // A clean, local-only bot: in-memory database, no credentials, no .env from a dev's clone.
        env: {
          ...process.env,
          DATA_DIR: "memory://",
          DATABASE_URL: "",
          MicrosoftAppId: "",
          MicrosoftAppPassword: "",
          HOST: "",
          NODE_ENV: "test",
          LOG_LEVEL: "warn",
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
        // Tall enough that the longest card (the consent form) fits for its screenshot.
        viewport: { width: 1280, height: 2400 },
        // The date picker parses typed dates in the browser's zone; pin it as a Swedish user's.
        locale: "sv-SE",
        timezoneId: "Europe/Stockholm",
      });
      browser.setDefaultTimeout(STEP_MS);
      page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(stack.url);
      // The welcome card proves the Playground reached the bot (conversationUpdate on page load).
      await card("SIP-lotsen").waitFor();
    }, START_MS);

    afterAll(async () => {
      await browser?.close().catch(() => undefined);
      await stack?.stop();
      if (temp) rmSync(temp, { recursive: true, force: true });
    }, 30_000);

    // The steps build on each other: after a failure, keep the evidence and skip the rest.
    let failedStep: string | undefined;
    beforeEach((ctx) => {
      if (failedStep) ctx.skip(`an earlier step failed: ${failedStep}`);
    });
    afterEach(async (ctx) => {
      if (ctx.task.result?.state !== "fail" || failedStep) return;
      failedStep = ctx.task.name;
      await page?.screenshot({ path: join(OUTPUT, "failure.png"), fullPage: true }).catch(() => undefined);
      console.error(
        `Playground e2e failed; see test/output/failure.png. Bot and Playground output:\n${stack?.output()}`,
      );
    });

    /** The newest Adaptive Card in the chat that shows `text` (cards replace themselves in place). */
    const card = (text: string): Locator => page.locator(".ac-adaptiveCard").filter({ hasText: text }).last();

    async function send(text: string): Promise<void> {
      const compose = page.locator('[data-lexical-editor="true"]').first();
      await compose.click();
      await page.keyboard.type(text);
      await page.keyboard.press("Enter");
    }

    /** A compact Input.ChoiceSet renders as a Fluent combobox whose options pop up outside the card. */
    async function choose(scope: Locator, label: string | RegExp, option: string): Promise<void> {
      await scope.getByRole("combobox", { name: label }).click();
      await page.getByRole("option", { name: option, exact: true }).click();
      expect(await scope.getByRole("combobox", { name: label }).inputValue()).toBe(option);
    }

    it("`bedöm` brings the assessment card, which takes answers", async () => {
      await send("bedöm");
      const form = card("Behövs en SIP?");
      await form.waitFor();
      // Expanded choice sets are radio groups and checkboxes named by the card's labels.
      await form
        .getByRole("radiogroup", { name: /socialtjänsten/ })
        .getByRole("radio", { name: "Ja" })
        .check();
      await form
        .getByRole("radiogroup", { name: /hälso- och sjukvården/ })
        .getByRole("radio", { name: "Ja" })
        .check();
      await choose(form, /Var arbetar du/, "Hälso- och sjukvård");
      await form.getByRole("checkbox", { name: /Familjen hänvisas runt/ }).check();
      const identified = form.getByRole("combobox", { name: /Datum då behovet upptäcktes/ });
      await identified.fill("2026-11-02");
      await identified.press("Tab");
      await form.getByText("Behövs en SIP?").click(); // focus off the inputs for the screenshot
      await form.screenshot({ path: join(OUTPUT, "assess-form.png") });
      await form.getByRole("button", { name: "Bedöm", exact: true }).click();
    });

    it("answers `SIP behövs` in the card", async () => {
      const result = card("SIP behövs");
      await result.getByText("SIP behövs", { exact: true }).waitFor();
      // The date typed into the card's date picker reached the rules: first contact within
      // 3 days, 2 → 5 November (written either as a date or in words).
      await result
        .getByText(/2026-11-05|5 nov(ember)? 2026/)
        .first()
        .waitFor();
      await result.screenshot({ path: join(OUTPUT, "assess-result.png") });
    });

    it("`Kontrollera samtycke` on the result sends the consent form as a new message", async () => {
      const result = card("SIP behövs");
      const before = await page.locator(".ac-adaptiveCard").count();
      await result.getByRole("button", { name: "Kontrollera samtycke" }).click();
      await expect
        .poll(() => page.locator(".ac-adaptiveCard").count(), { timeout: STEP_MS })
        .toBe(before + 1);
      const form = consentForm();
      await form.getByRole("spinbutton", { name: /Personens ålder/ }).fill("16");
      await choose(form, /Vårdnadshavare 1/, "Har samtyckt");
      await choose(form, /Vårdnadshavare 2/, "Har samtyckt");
      await choose(form, /Barnets eller den unges inställning/, "Samtycker / vill");
      await form.screenshot({ path: join(OUTPUT, "consent-form.png") });
      await form.getByRole("button", { name: "Kontrollera", exact: true }).click();
    });

    it("the verdict is `Ni kan gå vidare`", async () => {
      const verdict = card("Ni kan gå vidare");
      await verdict.getByText("Ni kan gå vidare", { exact: true }).waitFor();
      await verdict.screenshot({ path: join(OUTPUT, "consent-verdict.png") });
    });

    const consentForm = () =>
      page
        .locator(".ac-adaptiveCard")
        .filter({ has: page.getByRole("spinbutton") })
        .last();
  },
);
