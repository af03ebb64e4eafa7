import { createSecretKey, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { retentionPass } from "../../src/services/retention.js";
import { CaseRepository } from "../../src/store/cases.js";
import { StartupError } from "../../src/store/data-dir-lock.js";
import { openDb } from "../../src/store/db.js";
import { DEFAULT_KEY_FILE } from "../../src/store/key-file.js";
import { ERASED } from "../../src/store/retention.js";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { fixedClock } from "../helpers/bot.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, dataOf, presser } from "../helpers/multi-user.js";
import { openedInvitees } from "../helpers/opened.js";
import { startServerAt } from "../helpers/server.js";
import { MAY_PROCEED_CONSENT } from "../fixtures/kallelse.js";

/**
 * Erasure that erases (issue 20): the whole flow on PGlite in a real DATA_DIR, through the real
 * write paths (card presses on the real server), then retention 91 days after closing; the data
 * folder is then scanned file by file, the WAL included, for every text typed: none is left.
 */
const DAY = 86_400_000;
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  bup: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-bup" },
  soc: { id: "29:soc", name: "Sven Soc", aadObjectId: "aad-soc" },
  lead: { id: "29:lead", name: "Lena Ledare", aadObjectId: "aad-lead" },
};
/** Each text typed, unique, with Swedish letters: what must be readable, then gone from every file. */
const T = {
  purpose: "Syftesmarkör-Åsa-7q1 samordna stödet",
  goal: "Målmarkör-Örjan-7q2 klara skolan",
  questions: "Frågemarkör-Ärla-7q3 vem ringer?",
  place: "Platsmarkör-Källan-7q4 rum 2",
  takesPart: "Deltarmarkör-Bo-7q5 på plats",
  bupContribution: "Bidragsmarkör-BUP-7q6",
  socContribution: "Bidragsmarkör-Soc-7q7",
  extContribution: "Bidragsmarkör-Ext-7q8",
  extName: "Extnamnmarkör Edvin-7q9",
  extOrg: "Orgmarkör Hemtjänsten-7qa",
  extEmail: "epostmarkor-7qb@example.se",
  decline: "Avböjmarkör-sjuk-7qc hela veckan",
  substitute: "Ersättarmarkör Siv-7qd",
  intervention: "Insatsmarkör-stödsamtal-7qe varje vecka",
};

/** Every regular file under `dir`, recursively (pg_wal, base/, global/, the key file …). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}
function filesHolding(dir: string, text: string | Buffer): string[] {
  const needle = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return filesUnder(dir).filter((f) => readFileSync(f).includes(needle));
}

const parent = mkdtempSync(join(tmpdir(), "sip-erasure-"));
const dataDir = join(parent, "data");
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("erasure on disk (PGlite, a real DATA_DIR)", { timeout: 240_000 }, () => {
  let caseId = "";
  let kallelseId = "";
  let wrappedKey = Buffer.alloc(0);

  it("runs the whole flow; while the case lives its texts are readable in cards and the store", async () => {
    const connector = await startFakeConnector();
    let now = fixedClock.now();
    const server = await startServerAt({ now: () => now }, { DATA_DIR: dataDir });
    const { press, calls } = presser(() => server, connector);
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      // The embedded default made its key at first start, in its own file.
      expect(statSync(join(dataDir, DEFAULT_KEY_FILE)).isFile()).toBe(true);

      await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      const form = cardOf(connector.sent().at(-1));
      const tracking = await press(
        people.convener,
        VERBS.submitKallelse,
        {
          ...dataOf(form, VERBS.submitKallelse),
          purpose: T.purpose,
          longTermGoal: T.goal,
          questions: T.questions,
          date: "2026-12-10",
          time: "14:00",
          duration: "60",
          placeKind: "in_person",
          placeText: T.place,
          personTakesPart: T.takesPart,
          ...{ p1Who: people.bup.id, p1OrgType: "region", p1Role: "convened" },
          p1Contribution: T.bupContribution,
          ...{ p2Who: people.soc.id, p2OrgType: "socialtjanst", p2Role: "convened" },
          p2Contribution: T.socContribution,
          ...{ p3Who: "external", p3OrgType: "kommunal_hsv", p3Role: "convened" },
          ...{ p3Name: T.extName, p3Organisation: T.extOrg, p3Email: T.extEmail },
          p3Contribution: T.extContribution,
          balanceAck: "true",
        },
        "form-1",
      );
      kallelseId = String(dataOf(tracking, VERBS.openPlan)?.kallelseId);
      expect(kallelseId).toMatch(/^[0-9a-f-]{36}$/);
      const bupCard = cardOf(calls(people.bup).at(-1)?.body);
      const socCard = cardOf(calls(people.soc).at(-1)?.body);
      for (const t of [T.purpose, T.goal, T.questions, T.place, T.takesPart, T.bupContribution])
        expect(cardText(bupCard)).toContain(t);

      const declined = await press(people.bup, VERBS.declineInvite, {
        ...dataOf(bupCard, VERBS.declineInvite),
        reason: T.decline,
      });
      expect(cardText(declined)).toContain(T.decline);
      const substituted = await press(people.soc, VERBS.substituteInvite, {
        ...dataOf(socCard, VERBS.substituteInvite),
        substituteName: T.substitute,
      });
      expect(cardText(substituted)).toContain(T.substitute);

      const plan = await press(people.convener, VERBS.savePlan, {
        kallelseId,
        lead: people.lead.id,
        leadOrg: "socialtjanst",
        followUp: "2027-01-20",
        i1What: T.intervention,
        i1Principal: "kommun",
        i1Start: "2026-12-15",
      });
      expect(cardText(plan)).toContain(T.intervention);
      const refreshed = cardText(await press(people.convener, VERBS.refreshTracking, { kallelseId }));
      for (const t of [T.extName, T.decline, T.substitute]) expect(refreshed).toContain(t);
      const stored = JSON.stringify(await openedInvitees(server.db));
      for (const t of [T.extName, T.extOrg, T.extEmail, T.extContribution, T.decline, T.substitute])
        expect(stored).toContain(t);
      caseId = String((await openedInvitees(server.db))[0]?.caseId);

      const [key] = await server.db.query<{ wrapped: Uint8Array }>(
        "SELECT wrapped FROM data_keys WHERE id = $1",
        [caseId],
      );
      wrappedKey = Buffer.from(key?.wrapped ?? []);
      expect(wrappedKey.length).toBe(60);

      // Closing: withdrawing all consent ends the SIP; 91 days later the daily pass erases it.
      await press(people.convener, VERBS.withdrawConsent, { kallelseId });
      now = new Date(now.getTime() + 91 * DAY);
      const logger = { info: () => undefined };
      expect(
        await retentionPass({ db: server.db, clock: { now: () => now }, logger, retentionDays: 90 }),
      ).toEqual({
        erased: 1,
      });
      expect(await server.db.query("SELECT 1 FROM data_keys WHERE id = $1", [caseId])).toEqual([]);
    } finally {
      await server.close();
      await connector.close();
    }
  });

  it("leaves none of the typed texts in any file of DATA_DIR, the WAL included", () => {
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.includes(`${join("pg_wal", "")}`))).toBe(true);
    // The scan sees what the database wrote: the case code and staff names (directory data) are there.
    expect(filesHolding(dataDir, people.convener.name).length).toBeGreaterThan(0);
    const left = Object.values(T).flatMap((t) => filesHolding(dataDir, t).map((f) => `${t} in ${f}`));
    expect(left).toEqual([]);
  });

  it("compacts the key table: the destroyed key's bytes are in no table file (the WAL keeps them until recycled)", () => {
    const tables = filesHolding(dataDir, wrappedKey).filter((f) => !f.includes("pg_wal"));
    expect(tables).toEqual([]);
  });

  it("reuses its key file at the next start, and refuses a start with another key", async () => {
    const key = readFileSync(join(dataDir, DEFAULT_KEY_FILE), "utf8");
    const db = await openDb({ dataDir });
    try {
      expect(readFileSync(join(dataDir, DEFAULT_KEY_FILE), "utf8")).toBe(key);
      const repo = new CaseRepository(db);
      expect((await repo.getKallelse(kallelseId))?.details.purpose).toBe(ERASED);
      expect((await repo.getCase(caseId))?.closed).toBeDefined();
    } finally {
      await db.close();
    }
    const other = openDb({ dataDir, dataKey: createSecretKey(randomBytes(32)) });
    await expect(other).rejects.toBeInstanceOf(StartupError);
    await expect(other).rejects.toThrow(/DATA_KEY_FILE/);
    expect(existsSync(join(dataDir, "sip-lotsen.lock"))).toBe(false);
  });
});
