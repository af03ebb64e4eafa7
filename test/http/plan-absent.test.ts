import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { eraseClosedCases } from "../../src/store/retention.js";
import { cardOf, cardText } from "../helpers/activities.js";
import { dataOf, type Person } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";
import { FOLLOWUP_PEOPLE, fileServer, kallelseTo } from "../fixtures/followup.js";

/**
 * "Kom inte till mötet" on the plan form (SIP-RULES §8, issue 11): the convener marks invitees of
 * the meeting who accepted or never answered; the saved plan drafts a deviation for each, in
 * Swedish. Only this meeting's invitees can be marked, the selection comes back on "Ändra plan",
 * and the audit entry holds ids, never names.
 */
const { convener, bup, lead } = FOLLOWUP_PEOPLE;
const people = {
  convener,
  bup,
  lead,
  soc: { id: "29:soc", name: "Sven Social", aadObjectId: "aad-soc" },
  hsv: { id: "29:hsv", name: "Hedda Hemsjukvård", aadObjectId: "aad-hsv" },
  otherConvener: { id: "29:k2", name: "Kim Kurator", aadObjectId: "aad-k2" },
  otherPartner: { id: "29:p2", name: "Pia Partner", aadObjectId: "aad-p2" },
} satisfies Record<string, Person>;

const now = new Date("2026-11-26T10:00:00Z");
const { running, press, calls } = fileServer(people, () => now);

const idOf = async (userId: string) =>
  String(
    (await running.server.db.query<{ id: string }>("SELECT id FROM invitees WHERE user_id = $1", [userId]))[0]
      ?.id,
  );
/** The choices of the "Kom inte till mötet" input, as title → value. */
const absentChoices = (card: unknown): Record<string, string> => {
  const json = JSON.stringify(card);
  const input = /"id":"absent"[^\]]*\]/.exec(json)?.[0] ?? "";
  return Object.fromEntries(
    [...input.matchAll(/"title":"([^"]+)","value":"([^"]+)"/g)].map((m) => [m[1], m[2]]),
  );
};

describe("Kom inte till mötet: a deviation draft per absent invitee", () => {
  const s = { kallelseId: "", code: "", bup: "", soc: "", hsv: "", foreign: "" };
  const save = (absent: string, extra: Record<string, string> = {}) =>
    press(people.convener, VERBS.savePlan, {
      kallelseId: s.kallelseId,
      lead: people.lead.id,
      leadOrg: "socialtjanst",
      followUp: "2027-01-20",
      absent,
      ...extra,
    });

  beforeAll(async () => {
    // Karin's case: Anna accepts, Sven declines, Hedda never answers.
    await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
    const form = cardOf(running.connector.sent().at(-1) as never);
    s.code = /SIP-[A-Z0-9]{4}/.exec(cardText(form))?.[0] ?? "";
    const fields = kallelseFormValues([
      { who: people.bup.id, orgType: "region", contribution: "Behandling" },
      { who: people.soc.id, orgType: "socialtjanst", contribution: "Stöd" },
      { who: people.hsv.id, orgType: "kommunal_hsv", contribution: "Hemsjukvård" },
    ]);
    const tracking = await press(
      people.convener,
      VERBS.submitKallelse,
      { ...fields, balanceAck: "true", ...dataOf(form, VERBS.submitKallelse) },
      "form-1",
    );
    s.kallelseId = String(dataOf(tracking, VERBS.openPlan)?.kallelseId);
    [s.bup, s.soc, s.hsv] = [await idOf(people.bup.id), await idOf(people.soc.id), await idOf(people.hsv.id)];
    await press(people.bup, VERBS.acceptInvite, { inviteeId: s.bup });
    await press(people.soc, VERBS.declineInvite, { inviteeId: s.soc, reason: "Ingen insats hos oss" });
    // Another convener's case, with its own invitee.
    await kallelseTo(press, running.connector, people.otherConvener, people.otherPartner);
    s.foreign = await idOf(people.otherPartner.id);
    for (const id of Object.values(s).slice(2)) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("offers those who accepted or never answered, not one who declined", async () => {
    running.connector.clear();
    await press(people.convener, VERBS.openPlan, { kallelseId: s.kallelseId });
    const form = cardOf(calls(people.convener).at(-1)?.body);
    expect(cardText(form)).toContain("Kom inte till mötet");
    expect(absentChoices(form)).toEqual({
      "Anna BUP (regionens hälso- och sjukvård)": s.bup,
      "Hedda Hemsjukvård (kommunal hälso- och sjukvård)": s.hsv,
    });
  });

  it("refuses an id that is not an invitee of this meeting: another case's, one who declined, junk", async () => {
    for (const absent of [s.foreign, s.soc, `${s.bup},${s.foreign}`, "not-an-id"]) {
      const answer = await save(absent);
      expect(cardText(answer)).toContain("Välj bara bland de inbjudna i listan");
      expect(JSON.stringify(answer)).not.toContain(s.foreign);
      expect(JSON.stringify(answer)).not.toContain("Pia Partner");
    }
    expect(await running.server.db.query("SELECT 1 FROM plans")).toHaveLength(0);
  });

  it("saves the plan with Anna absent: a draft for her, none for the others", async () => {
    const saved = await save(s.bup);
    const text = cardText(saved);
    expect(text).toContain("Kom inte till mötet: förslag till avvikelse");
    expect(text).toContain(
      `Avvikelse i ${s.code}: Anna BUP (regionens hälso- och sjukvård) kallades till SIP-möte 10 december 2026 och tackade ja, men kom inte till mötet.`,
    );
    expect(text).not.toContain("Hedda");
    expect(text).not.toContain("Sven");
    const [plan] = await running.server.db.query<{ absent: unknown }>("SELECT absent FROM plans");
    expect(plan?.absent).toEqual([s.bup]);
    // The lead's card carries no draft: it is the convener's to file.
    expect(cardText(cardOf(calls(people.lead).at(-1)?.body))).not.toContain("Avvikelse");
  });

  it("'Ändra plan' keeps the selection; two absent give two drafts, one who never answered says so", async () => {
    const plan = await press(people.convener, VERBS.openPlan, { kallelseId: s.kallelseId, from: "plan" });
    expect(cardText(plan)).toContain("Anna BUP (regionens hälso- och sjukvård) kallades");
    running.connector.clear();
    await press(people.convener, VERBS.openPlan, dataOf(plan, VERBS.openPlan));
    const form = JSON.stringify(cardOf(calls(people.convener).at(-1)?.body));
    expect(/"id":"absent"[^\]]*/.exec(form)?.[0]).toContain(`"value":"${s.bup}"`);

    const both = cardText(await save(`${s.bup},${s.hsv}`));
    expect(both).toContain("Anna BUP (regionens hälso- och sjukvård) kallades");
    expect(both).toContain(
      `Hedda Hemsjukvård (kommunal hälso- och sjukvård) kallades till SIP-möte 10 december 2026 men svarade inte på kallelsen`,
    );
    const none = cardText(await save(""));
    expect(none).not.toContain("Avvikelse");
  });

  it("audits the ids only, never a name", async () => {
    await save(s.hsv);
    const audits = await running.server.db.query<{ detail: { absent: string[] } }>(
      "SELECT detail FROM audit_log WHERE action = 'plan.saved' ORDER BY id",
    );
    expect(audits.map((a) => a.detail.absent)).toEqual([[s.bup], [s.bup, s.hsv], [], [s.hsv]]);
    const all = JSON.stringify(
      await running.server.db.query("SELECT actor, action, subject, detail FROM audit_log"),
    );
    for (const p of [people.bup, people.hsv, people.soc]) expect(all).not.toContain(p.name);
  });

  it("a personnummer in a typed field: the form back, marked, the selection kept, nothing saved", async () => {
    const before = await running.server.db.query("SELECT version, absent FROM plans");
    const answer = await save(s.bup, { i1What: "Samtal med 19121212-1212", i1Principal: "kommun" });
    const json = JSON.stringify(answer);
    expect(cardText(answer)).toContain("Kom inte till mötet");
    expect(cardText(answer)).toContain("personnummer");
    expect(/"id":"absent"[^\]]*/.exec(json)?.[0]).toContain(`"value":"${s.bup}"`);
    expect(await running.server.db.query("SELECT version, absent FROM plans")).toEqual(before);
  });

  it("after the case is closed and erased, nothing names the absent invitee", async () => {
    await press(people.convener, VERBS.withdrawConsent, { kallelseId: s.kallelseId });
    await eraseClosedCases(running.server.db, new Date("2100-01-01T00:00:00Z"));
    const [plan] = await running.server.db.query<{ absent: unknown }>("SELECT absent FROM plans");
    expect(plan?.absent).toEqual([s.hsv]); // ids, not free text: kept
    const answer = await press(people.convener, VERBS.openPlan, { kallelseId: s.kallelseId, from: "plan" });
    expect(cardText(answer)).toContain("är avslutad");
    expect(JSON.stringify(answer)).not.toContain("Hedda");
  });
});
