import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { AuditLog } from "../../src/store/audit.js";
import { seedStats, STATS_ACTOR } from "../fixtures/stats.js";
import { VALID_ASSESS } from "../fixtures/forms.js";
import { cardOf, cardText, execute, message, USER } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";

const SU = "https://smba.example.test/emea/";
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Astrid Admin" };
/** Listed by Teams id: a user Teams sends without an AAD object id. */
const ADMIN_BY_TEAMS_ID = { id: "29:admin-2", name: "Bo Admin" };
let h: Awaited<ReturnType<typeof routeHarness>>;

beforeAll(async () => {
  h = await routeHarness({ admins: [ADMIN.aadObjectId, ADMIN_BY_TEAMS_ID.id] });
  await seedStats(h.db);
});
afterAll(() => h.close());

const stats = async (from: object, locale = "sv-SE") => {
  const [reply] = await h.turn(message(SU, "stats", { from, locale } as never));
  return cardOf(reply);
};

describe("the stats command", () => {
  it("shows an admin the last three months per region, suppressed, without codes or ids", async () => {
    const card = await stats(ADMIN);
    const text = cardText(card);
    expect(text).toContain("SIP-statistik");
    expect(text).toContain("november 2026");
    expect(text).toContain("oktober 2026");
    expect(text).toContain("Västra Götalandsregionen");
    expect(text).toContain("Region Uppsala");
    expect(text).toContain("Ärenden skapade");
    expect(text).toContain("<5");
    expect(text).toContain("KVÅ AU124 (SIP)");
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/SIP-[A-Z0-9]{4}|aad-|29:/);
    expect(json).not.toContain(STATS_ACTOR);
    expect(json).not.toContain("${");
  });

  it("answers in English for an English client, and knows an admin by Teams id", async () => {
    const text = cardText(await stats(ADMIN_BY_TEAMS_ID, "en-GB"));
    expect(text).toContain("SIP statistics");
    expect(text).toContain("November 2026");
    expect(text).toContain("Cases created");
  });

  it("refuses anyone else politely, saying nothing of what the statistics hold", async () => {
    for (const [from, locale, words] of [
      [USER, "sv-SE", "inte använda"],
      [{ ...USER, aadObjectId: "aad-admin-not" }, "en-US", "cannot use"],
    ] as const) {
      const card = await stats(from, locale);
      const text = cardText(card);
      expect(text).toContain(words);
      expect(text).not.toMatch(/statisti|<5|Västra|Ärenden|Cases|\d/i);
    }
    expect(h.logLines.join("\n")).toContain('"event":"stats_refused"');
  });

  it("counts an assessment: audited with its code and region only, and shown to the admin", async () => {
    await h.turn(execute(SU, VERBS.submitAssess, VALID_ASSESS));
    const [entry] = (await new AuditLog(h.db).list("assessment")).filter((e) => e.actor === USER.aadObjectId);
    expect(entry).toMatchObject({
      action: "assessment.made",
      detail: { recommendation: "sip_indicated", region: "national" },
    });
    expect(Object.keys(entry?.detail ?? {}).sort()).toEqual(["recommendation", "region"]);
    const text = cardText(await stats(ADMIN));
    expect(text).toContain("Nationellt (SKL)");
    expect(text).toContain("Bedömningar: SIP behövs");
  });
});
