/**
 * End to end in the real local Teams client: the bot and the Microsoft 365 Agents Playground as
 * `npm run playground` starts them, driven by Debian's Chromium through playwright-core.
 * Without Chromium the suite is skipped with the reason, unless REQUIRE_E2E=1 (CI) makes that
 * a failure. E2E_CHROMIUM_PATH points at another browser binary.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missing, OUTPUT, reportMissingChromium, STEP_MS, usePlayground } from "./helpers.js";

reportMissingChromium();

describe.skipIf(missing !== null)(
  "SIP-lotsen in the Microsoft 365 Agents Playground",
  // Above the Playwright step timeout, so a missing card is reported by what was awaited.
  { timeout: 3 * STEP_MS },
  () => {
    // Tall enough that the longest card (the consent form) fits for its screenshot.
    const session = usePlayground({ failureShot: "failure.png", viewportHeight: 2400 });
    const { card, send, choose } = session;

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
      const before = await session.cards().count();
      await result.getByRole("button", { name: "Kontrollera samtycke" }).click();
      await expect.poll(() => session.cards().count(), { timeout: STEP_MS }).toBe(before + 1);
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

    it("a question gets a cited answer card from the knowledge base", async () => {
      await send("Måste båda vårdnadshavarna samtycka?");
      // The article's title names this card alone (the verdict card above also cites sources).
      const title = "Måste båda vårdnadshavarna samtycka till SIP?";
      const answer = card(title);
      await answer.getByText(title, { exact: true }).waitFor();
      await answer.getByText(/Källa: SKL, Använd SIP \(2019\), Vanliga frågor 2/).waitFor();
      await answer.getByText("Läs också", { exact: true }).waitFor();
      await answer.getByRole("button", { name: "Kontrollera samtycke" }).waitFor();
      await answer.screenshot({ path: join(OUTPUT, "answer.png") });
    });

    const consentForm = () =>
      session
        .cards()
        .filter({ has: session.page.getByRole("spinbutton") })
        .last();
  },
);
