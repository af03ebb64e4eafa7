/**
 * The kallelse end to end in the Microsoft 365 Agents Playground: a consent check that may
 * proceed digitally → "Skapa ärende och kallelse" → the kallelse form → "Skicka kallelse" →
 * the invitation arrives as a proactive message through the Playground's connector → "Acceptera"
 * on it → the convener's tracking card, updated in place by the bot, says "Accepterat".
 *
 * The Playground has one user, so the convener invites themself: the invitation lands in the
 * same personal chat as the tracking card. The Playground delivers the bot's proactive POST and
 * its PUT (update in place) through its connector. It does not refresh a card by itself (for
 * `refresh.userIds` it only logs "User specific view is not supported"), and it does not run the
 * `sip.users` type-ahead search: "Vem" lists the card's static choices that match the typed text.
 */
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { z } from "zod/v4";
import { VERBS } from "../../src/cards/verbs.js";
import { missing, OUTPUT, reportMissingChromium, STEP_MS, usePlayground } from "./helpers.js";

reportMissingChromium();

/** The Playground's own user (its built-in default configuration). */
const ME = "Alex Wilber";
const PLAYGROUND_USER_ID = "user-id-0";
const WHO = "Vem (sök bland kollegor i Teams)";
const EXTERNAL = "Extern part – ange namn och organisation";

/** A meeting three weeks ahead, as the Stockholm calendar has it (ISO, and as the cards write it). */
const meeting = new Date(Date.now() + 21 * 86_400_000);
const inStockholm = (o: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", ...o }).format(meeting);
const MEETING_DATE = inStockholm({ year: "numeric", month: "2-digit", day: "2-digit" });
const MEETING_WORDS = inStockholm({ year: "numeric", month: "long", day: "numeric" });
const WHEN = new RegExp(`(${MEETING_DATE}|${MEETING_WORDS}) kl\\. 09:30`);

/** Where the Playground's page posts a card's Action.Execute (its server relays it to the bot). */
const INVOKE_PATH = "/_conversation/v1/invoke";
const InvokeBody = z.object({ value: z.object({ action: z.object({ verb: z.string() }) }) });
function verbOf(body: string | null): string | undefined {
  try {
    return InvokeBody.safeParse(JSON.parse(body ?? "")).data?.value.action.verb;
  } catch {
    return undefined;
  }
}

describe.skipIf(missing !== null)(
  "A kallelse in the Microsoft 365 Agents Playground",
  // Above the Playwright step timeout, so a missing card is reported by what was awaited.
  { timeout: 3 * STEP_MS },
  () => {
    // Tall enough for the kallelse form (four participant rows) in one screenshot; the bot logs
    // its proactive sends and updates at info, printed if a step fails.
    const session = usePlayground({
      failureShot: "kallelse-failure.png",
      viewportHeight: 4000,
      logLevel: "info",
    });
    const { card, cards, send, choose, pick } = session;
    let caseCode = "";

    /** The newest card that has the named button (the form and the invitation share a title). */
    const withButton = (name: string): Locator =>
      cards()
        .filter({ has: session.page.getByRole("button", { name, exact: true }) })
        .last();
    const kallelseForm = () => withButton("Skicka kallelse");
    const invitation = () => card(`Från ${ME} · ärende ${caseCode}`);
    const tracking = () => card(`Kallelse ${caseCode} – svar`);
    /** Resolves with the status the Playground gets from the bot for the next Action.Execute of `verb`. */
    const executed = (verb: string): Promise<number> =>
      session.page
        .waitForResponse((r) => r.url().endsWith(INVOKE_PATH) && verbOf(r.request().postData()) === verb)
        .then((r) => r.status());
    /**
     * The tracking card's row for `name` showing `status`: the one container holding both (the
     * Playground renders a ColumnSet as nested .ac-container elements, one per column).
     */
    const trackingRow = (name: string, status: string) =>
      tracking()
        .locator(".ac-container")
        .filter({ has: session.page.getByText(name, { exact: true }) })
        .filter({ has: session.page.getByText(status, { exact: true }) });

    it("a consent check that may proceed offers `Skapa ärende och kallelse`, which sends the form", async () => {
      await send("samtycke");
      const form = cards()
        .filter({ has: session.page.getByRole("spinbutton") })
        .last();
      await form.getByRole("spinbutton", { name: /Personens ålder/ }).fill("16");
      await choose(form, /Vårdnadshavare 1/, "Har samtyckt");
      await choose(form, /Vårdnadshavare 2/, "Har samtyckt");
      await choose(form, /Barnets eller den unges inställning/, "Samtycker / vill");
      await form.getByRole("button", { name: "Kontrollera", exact: true }).click();

      const verdict = card("Ni kan gå vidare");
      await verdict.getByText("Ni kan gå vidare", { exact: true }).waitFor();
      const before = await cards().count();
      await verdict.getByRole("button", { name: "Skapa ärende och kallelse" }).click();
      // The verdict stays; the form arrives as a new message, naming the new case by its code.
      await expect.poll(() => cards().count(), { timeout: STEP_MS }).toBe(before + 1);
      const caseLine = kallelseForm().getByText(/^Ärende SIP-[0-9A-Z]{4}\./);
      await caseLine.waitFor();
      caseCode = /SIP-[0-9A-Z]{4}/.exec(await caseLine.innerText())?.[0] ?? "";
      await kallelseForm().getByText("Kallelse till SIP-möte", { exact: true }).waitFor();
      await verdict.getByText("Ni kan gå vidare", { exact: true }).waitFor();
    });

    it("the kallelse form takes the meeting and two participants: the user themself and an external party", async () => {
      const form = kallelseForm();
      await form
        .getByRole("textbox", { name: "Syfte och varför mötet behövs" })
        .fill("Stödet i skolan och från vården behöver samordnas.");
      await form.getByRole("textbox", { name: "Personens långsiktiga mål" }).fill("Gå i skolan varje dag.");
      await form
        .getByRole("textbox", { name: "Frågor som mötet ska besvara" })
        .fill("Vem gör vad, och när följer vi upp?");
      // Input.Date and Input.Time are comboboxes that take typed values.
      const date = form.getByRole("combobox", { name: "Datum" });
      await date.fill(MEETING_DATE);
      await date.press("Tab");
      const time = form.getByRole("combobox", { name: "Tid (svensk tid)" });
      await time.fill("09:30");
      await time.press("Tab");
      expect(await time.inputValue()).toMatch(/^0?9:30$/);
      await choose(form, "Längd", "90 min");
      await form
        .getByRole("radiogroup", { name: "Mötesform" })
        .getByRole("radio", { name: "På plats" })
        .check();
      await form
        .getByRole("textbox", { name: "Plats (lokal, inte personens bostad)" })
        .fill("Familjecentralen, rum 2");
      await form.getByRole("textbox", { name: /Hur personen deltar/ }).fill("På plats, med en förälder");

      // Row 1: the user themself, found by display name among the colleagues the bot has seen.
      // The Playground does not run the type-ahead search: it lists the card's static choices that
      // match the typed text, and once one is picked its box shows the choice's value (the user
      // id) where Teams shows the title.
      const who = form.getByRole("combobox", { name: WHO });
      expect(await pick(who.nth(0), ME, ME.slice(0, 4))).toMatch(
        new RegExp(`^(${ME}|${PLAYGROUND_USER_ID})$`),
      );
      await form.getByRole("textbox", { name: "Vad de ombeds bidra med" }).nth(0).fill("Leda mötet");
      // Row 2: an external party, by name and organisation.
      expect(await pick(who.nth(1), EXTERNAL, "Extern")).toMatch(new RegExp(`^(${EXTERNAL}|external)$`));
      await form.getByRole("textbox", { name: "Namn (extern part)" }).nth(1).fill("Kim Lind");
      await form.getByRole("textbox", { name: "Organisation (extern part)" }).nth(1).fill("Norra skolan");
      const orgType = form.getByRole("combobox", { name: "Verksamhet" }).nth(1);
      expect(await pick(orgType, "Skola")).toBe("Skola");
      const role = form.getByRole("combobox", { name: "Kallas eller bjuds in" }).nth(1);
      expect(await pick(role, "Bjuds in (frivilligt)")).toBe("Bjuds in (frivilligt)");
      await form
        .getByRole("textbox", { name: "Vad de ombeds bidra med" })
        .nth(1)
        .fill("Hur skoldagen fungerar");
      // Two professionals and the person: no imbalance warning to acknowledge.
      expect(await form.getByText(/yrkespersoner mot/).count()).toBe(0);
      await form.getByText("Kallelse till SIP-möte", { exact: true }).click(); // focus off the inputs
      await form.screenshot({ path: join(OUTPUT, "kallelse-form.png") });
    });

    it("`Skicka kallelse` turns the form into the tracking card and the invitation arrives proactively", async () => {
      const before = await cards().count();
      await kallelseForm().getByRole("button", { name: "Skicka kallelse", exact: true }).click();
      // The tracking card replaces the form (the invoke's answer) ...
      await tracking().waitFor();
      await kallelseForm().waitFor({ state: "detached" });
      await trackingRow(ME, "Inväntar svar").waitFor();
      // ... an external party cannot be reached in Teams: a printable invitation instead.
      await trackingRow("Kim Lind", "Skicka utskrivbar kallelse").waitFor();
      // Its link is made and shown only when the convener asks for it (only a hash is stored).
      await tracking().getByRole("button", { name: "Hämta utskrift", exact: true }).waitFor();
      // ... and the invitation is a new message the bot sent through the Playground's connector.
      await expect.poll(() => cards().count(), { timeout: STEP_MS }).toBe(before + 1);
      const invite = invitation();
      await invite.getByText("Kallelse till SIP-möte", { exact: true }).waitFor();
      await invite.getByText(`Från ${ME} · ärende ${caseCode}`).waitFor();
      await invite.getByText(WHEN).waitFor();
      await invite.getByText("Familjecentralen, rum 2").waitFor();
      await invite.getByText("Leda mötet").waitFor();
      for (const name of ["Acceptera", "Avböj", "Skicka ersättare", "Vidarebefordra inom huvudman"])
        await invite.getByRole("button", { name, exact: true }).waitFor();
      await invite.screenshot({ path: join(OUTPUT, "invitation.png") });
    });

    it("`Acceptera` answers on the invitation card: `Du har accepterat`", async () => {
      await invitation().getByRole("button", { name: "Acceptera", exact: true }).click();
      await invitation()
        .getByText(/^Du har accepterat\./)
        .waitFor();
      // Answered: the card offers no more answers.
      await invitation()
        .getByRole("button", { name: "Acceptera", exact: true })
        .waitFor({ state: "detached" });
    });

    it("the tracking card says `Accepterat`, updated in place by the bot, and `Uppdatera` agrees", async () => {
      // Nothing was pressed on the tracking card: only the bot's update of that message changes it.
      await trackingRow(ME, "Accepterat").waitFor();
      await trackingRow("Kim Lind", "Skicka utskrivbar kallelse").waitFor();
      // "Uppdatera" asks the bot for the stored state; the Playground answers the card in place.
      const refreshed = executed(VERBS.refreshTracking);
      await tracking().getByRole("button", { name: "Uppdatera", exact: true }).click();
      expect(await refreshed).toBe(200);
      await trackingRow(ME, "Accepterat").waitFor();
      expect(
        await cards()
          .filter({ hasText: `Kallelse ${caseCode} – svar` })
          .count(),
      ).toBe(1);
      await tracking().screenshot({ path: join(OUTPUT, "tracking.png") });
    });
  },
);
