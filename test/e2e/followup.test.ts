/**
 * The follow-up end to end in the Microsoft 365 Agents Playground, the bot started with SIP_NOW
 * on the follow-up date (issue 11): a kallelse for a meeting last week → "Registrera SIP-möte" on
 * the tracking card → the plan with the user as lead and today's follow-up → the lead's card, then
 * the reminders already due arrive by themselves ("Påminnelse", "i dag") from the reminder pass.
 */
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { missing, OUTPUT, reportMissingChromium, STEP_MS, usePlayground } from "./helpers.js";

reportMissingChromium();

const ME = "Alex Wilber";
/** 08:05 in Sweden on the follow-up date: the bot's clock starts here and runs on. */
const SIP_NOW = "2027-01-20T08:05:00+01:00";
/** A reminder pass runs every 30 s after the one at start. */
const PASS_MS = 45_000;

describe.skipIf(missing !== null)(
  "The follow-up in the Microsoft 365 Agents Playground (SIP_NOW)",
  { timeout: 3 * STEP_MS + PASS_MS },
  () => {
    const session = usePlayground({
      failureShot: "followup-failure.png",
      viewportHeight: 3200,
      logLevel: "info",
      env: { SIP_NOW },
    });
    const { card, cards, send, choose, pick } = session;
    const withButton = (name: string): Locator =>
      cards()
        .filter({ has: session.page.getByRole("button", { name, exact: true }) })
        .last();
    let caseCode = "";

    it("a consent check and a kallelse for last week's meeting, with the user themself", async () => {
      await send("samtycke");
      const consent = withButton("Kontrollera");
      await consent.getByRole("spinbutton", { name: /Personens ålder/ }).fill("16");
      await choose(consent, /Vårdnadshavare 1/, "Har samtyckt");
      await choose(consent, /Vårdnadshavare 2/, "Har samtyckt");
      await choose(consent, /Barnets eller den unges inställning/, "Samtycker / vill");
      await consent.getByRole("button", { name: "Kontrollera", exact: true }).click();
      await card("Ni kan gå vidare").getByRole("button", { name: "Skapa ärende och kallelse" }).click();
      const form = withButton("Skicka kallelse");
      const caseLine = form.getByText(/^Ärende SIP-[0-9A-Z]{4}\./);
      await caseLine.waitFor();
      caseCode = /SIP-[0-9A-Z]{4}/.exec(await caseLine.innerText())?.[0] ?? "";
      await form.getByRole("textbox", { name: "Syfte och varför mötet behövs" }).fill("Samordna stödet.");
      await form.getByRole("textbox", { name: "Personens långsiktiga mål" }).fill("Gå i skolan.");
      await form.getByRole("textbox", { name: "Frågor som mötet ska besvara" }).fill("Vem gör vad?");
      const date = form.getByRole("combobox", { name: "Datum" });
      await date.fill("2027-01-13");
      await date.press("Tab");
      const time = form.getByRole("combobox", { name: "Tid (svensk tid)" });
      await time.fill("09:30");
      await time.press("Tab");
      await form
        .getByRole("radiogroup", { name: "Mötesform" })
        .getByRole("radio", { name: "På plats" })
        .check();
      await form
        .getByRole("textbox", { name: "Plats (lokal, inte personens bostad)" })
        .fill("Familjecentralen");
      await form.getByRole("textbox", { name: /Hur personen deltar/ }).fill("På plats");
      const who = form.getByRole("combobox", { name: "Vem (sök bland kollegor i Teams)" });
      await pick(who.nth(0), ME, ME.slice(0, 4));
      await form.getByRole("textbox", { name: "Vad de ombeds bidra med" }).nth(0).fill("Leda mötet");
      await form.getByRole("button", { name: "Skicka kallelse", exact: true }).click();
      await card(`Kallelse ${caseCode} – svar`).waitFor();
    });

    it("`Registrera SIP-möte` sends the plan form; `Spara plan` shows the plan and tells the lead", async () => {
      const tracking = card(`Kallelse ${caseCode} – svar`);
      await tracking.getByRole("button", { name: "Registrera SIP-möte", exact: true }).click();
      const form = withButton("Spara plan");
      await form.getByText(`SIP-möte i ärende ${caseCode}`).waitFor();
      await pick(form.getByRole("combobox", { name: "Huvudansvarig", exact: true }), ME, ME.slice(0, 4));
      await choose(form, "Huvudansvarigs verksamhet", "Socialtjänsten");
      const followUp = form.getByRole("combobox", { name: "Datum för uppföljning" });
      await followUp.fill("2027-01-20");
      await followUp.press("Tab");
      await form.getByRole("textbox", { name: "Vad" }).nth(0).fill("Samtalsstöd");
      expect(await pick(form.getByRole("combobox", { name: "Huvudman" }).nth(0), "Region")).toBe("Region");
      await form.getByRole("button", { name: "Spara plan", exact: true }).click();
      const plan = card(`Plan för SIP i ärende ${caseCode}`);
      await plan.getByText("Uppföljning: 20 januari 2027").waitFor();
      await plan.getByText(/AU124/).waitFor();
      await plan.getByText("Samtalsstöd · Region").waitFor();
      await plan.screenshot({ path: join(OUTPUT, "plan.png") });
      await card(`Du är huvudansvarig för SIP ${caseCode}`).waitFor();
    });

    it("the reminders already due arrive by themselves: `Påminnelse`, the follow-up is today", async () => {
      const reminder = cards()
        .filter({ hasText: `Påminnelse: SIP ${caseCode}` })
        .filter({ hasText: "Uppföljningen är i dag, 20 januari 2027" });
      await reminder.waitFor({ timeout: PASS_MS });
      for (const name of ["Markera klar", "Skjut upp", "Kalla till uppföljning", "Avsluta SIP"])
        await reminder.getByRole("button", { name, exact: true }).waitFor();
      await reminder.screenshot({ path: join(OUTPUT, "reminder.png") });
      await reminder.getByRole("button", { name: "Markera klar", exact: true }).click();
      await card("Klart: påminnelserna för uppföljningen är avslutade.").waitFor();
      expect(
        await cards()
          .filter({ hasText: `Påminnelse: SIP ${caseCode}` })
          .count(),
      ).toBeGreaterThanOrEqual(1);
    });
  },
);
