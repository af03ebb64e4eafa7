import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, membersAdded } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, dataOf, presser } from "../helpers/multi-user.js";
import { startServerAt } from "../helpers/server.js";
import { FOLLOWUP_PEOPLE, kallelseTo } from "../fixtures/followup.js";

/**
 * After the meeting (issue 11), end to end on the real server with a clock the test moves: the
 * plan is recorded from the tracking card, the lead is told, reminders are set at 08:00 Swedish
 * time, moved when the plan changes, sent once when due, and acted on only by the lead or convener.
 */
const people = FOLLOWUP_PEOPLE;

let now = new Date("2026-11-26T10:00:00Z");
const clock = { now: () => now };
let server: Awaited<ReturnType<typeof startServerAt>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startServerAt(clock);
  for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

const pass = async (at: string) => {
  now = new Date(at);
  const n = await server.reminderPass();
  await server.background.idle();
  return n;
};
const reminderRows = () =>
  server.db.query<{ kind: string; due_at: Date; status: string }>(
    "SELECT kind, due_at, status FROM reminders ORDER BY due_at, kind",
  );
const pending = async () =>
  (await reminderRows())
    .filter((r) => r.status === "pending")
    .map((r) => `${r.kind} ${new Date(r.due_at).toISOString()}`);

describe("the plan and its reminders", () => {
  let kallelseId = "";
  let code = "";

  it("records the plan from the tracking card: refusals with reasons, then the plan, the lead told", async () => {
    const { press, calls } = presser(() => server, connector);
    const made = await kallelseTo(press, connector, people.convener, people.bup, "region");
    const { tracking } = made;
    kallelseId = made.kallelseId;
    code = /SIP-[A-Z0-9]{4}/.exec(cardText(tracking))?.[0] ?? "";
    expect(cardText(tracking)).toContain("Registrera SIP-möte");

    // Another user pressing the convener's button gets nothing of the case.
    expect(cardText(await press(people.colleague, VERBS.openPlan, { kallelseId }))).not.toContain(code);
    connector.clear();
    const answer = await press(people.convener, VERBS.openPlan, { kallelseId });
    expect(cardText(answer)).toContain("Registrera SIP-möte"); // the tracking card stays
    const planForm = cardOf(calls(people.convener).at(-1)?.body);
    expect(cardText(planForm)).toContain("Huvudansvarigs verksamhet");
    expect(cardText(planForm)).toContain("Datum för uppföljning");

    const submit = (values: Record<string, string>) =>
      press(people.convener, VERBS.savePlan, { kallelseId, ...values });
    const school = await submit({
      lead: people.lead.id,
      leadOrg: "skola",
      followUp: "2027-01-20",
      i1What: "Samtal",
      i1Principal: "kommun",
    });
    expect(cardText(school)).toContain("Skolan kan inte vara huvudansvarig");
    expect(JSON.stringify(school)).toContain('"value":"Samtal"'); // what was typed is kept
    const noPrincipal = await submit({
      lead: people.lead.id,
      leadOrg: "region",
      followUp: "2027-01-20",
      i2What: "Stöd",
    });
    expect(cardText(noPrincipal)).toContain("Välj vilken huvudman som står för insatsen");
    const early = await submit({ lead: people.lead.id, leadOrg: "socialtjanst", followUp: "2026-12-01" });
    expect(cardText(early)).toContain("efter mötet (10 december 2026)");
    const stranger = await submit({ lead: "29:nobody", leadOrg: "socialtjanst", followUp: "2027-01-20" });
    expect(cardText(stranger)).toContain("Välj en kollega i listan");
    expect(await server.db.query("SELECT 1 FROM plans")).toHaveLength(0);

    const saved = await submit({
      lead: people.lead.id,
      leadOrg: "socialtjanst",
      followUp: "2027-01-20",
      consentUntil: "2027-03-31",
      i1What: "Samtalsstöd",
      i1Principal: "region",
      i1Start: "2026-12-15",
    });
    const text = cardText(saved);
    expect(text).toContain("Huvudansvarig: Lena Ledare (socialtjänsten)");
    expect(text).toContain("Uppföljning: 20 januari 2027");
    expect(text).toContain("AU124");
    expect(text).toContain("SIP-kollen");
    expect(text).toContain("Samtalsstöd · Region · 15 december 2026");
    const leadCard = cardText(cardOf(calls(people.lead).at(-1)?.body));
    expect(leadCard).toContain(`Du är huvudansvarig för SIP ${code}`);
    expect(leadCard).toContain("20 januari 2027");
    // "Ändra plan" on the plan: the form again, filled in; the plan card stays as it was.
    connector.clear();
    const edit = await press(people.convener, VERBS.openPlan, dataOf(saved, VERBS.openPlan));
    expect(cardText(edit)).toContain("Uppföljning: 20 januari 2027");
    const again = JSON.stringify(cardOf(calls(people.convener).at(-1)?.body));
    expect(again).toContain('"value":"2027-01-20"');
    expect(again).toContain('"value":"Samtalsstöd"');
  });

  it("sets the reminders at 08:00 Swedish time and moves them when the plan changes", async () => {
    expect(await pending()).toEqual([
      "invitee_unanswered 2026-11-29T07:00:00.000Z",
      "convener_unanswered 2026-12-02T07:00:00.000Z",
      "follow_up_soon 2027-01-13T07:00:00.000Z",
      "follow_up_due 2027-01-20T07:00:00.000Z",
      "follow_up_overdue 2027-01-23T07:00:00.000Z",
      "consent_ending 2027-03-17T07:00:00.000Z",
    ]);
    const { press } = presser(() => server, connector);
    await press(people.convener, VERBS.savePlan, {
      kallelseId,
      lead: people.lead.id,
      leadOrg: "region",
      followUp: "2027-04-07",
    });
    // Summer time by then: 08:00 in Sweden is 06:00 UTC. No consent date any more: no such reminder.
    expect((await pending()).filter((r) => !r.includes("unanswered"))).toEqual([
      "follow_up_soon 2027-03-31T06:00:00.000Z",
      "follow_up_due 2027-04-07T06:00:00.000Z",
      "follow_up_overdue 2027-04-10T06:00:00.000Z",
    ]);
    const audits = await server.db.query<{ detail: { version: number } }>(
      "SELECT detail FROM audit_log WHERE action = 'plan.saved' ORDER BY id",
    );
    expect(audits.map((a) => a.detail.version)).toEqual([1, 2]);
  });

  it("reminds an invitee who has not answered, then not the convener once they have", async () => {
    const { press, calls } = presser(() => server, connector);
    connector.clear();
    expect(await pass("2026-11-29T06:59:00Z")).toBe(0);
    expect(await pass("2026-11-29T07:00:00Z")).toBe(1);
    const card = cardText(cardOf(calls(people.bup).at(-1)?.body));
    expect(card).toContain(`Påminnelse: SIP ${code}`);
    expect(card).toContain("Du har inte svarat på kallelsen");
    expect(await pass("2026-11-29T09:00:00Z")).toBe(0);
    expect(calls(people.bup)).toHaveLength(1);

    const [inv] = await server.db.query<{ id: string }>("SELECT id FROM invitees");
    await press(people.bup, VERBS.acceptInvite, { inviteeId: inv?.id });
    connector.clear();
    expect(await pass("2026-12-02T08:00:00Z")).toBe(0); // answered meanwhile: not sent
    expect(calls(people.convener)).toHaveLength(0);
    expect((await reminderRows()).find((r) => r.kind === "convener_unanswered")?.status).toBe("cancelled");
  });

  it("sends the lead's reminder once; only the lead or convener can act on it", async () => {
    const { press, calls } = presser(() => server, connector);
    connector.clear();
    expect(await pass("2027-03-31T06:00:00Z")).toBe(1);
    expect(await pass("2027-03-31T06:00:30Z")).toBe(0);
    const sent = calls(people.lead);
    expect(sent).toHaveLength(1);
    const reminder = cardOf(sent[0]?.body);
    expect(cardText(reminder)).toContain("närmar sig");
    expect(cardText(reminder)).toContain("7 april 2027");
    const data = dataOf(reminder, VERBS.reminderDone);
    expect(
      server.logLines.some((l) => l.includes('"event":"reminders_dispatched"') && l.includes('"count":1')),
    ).toBe(true);

    for (const p of [people.bup, people.colleague, people.other])
      expect(cardText(await press(p, VERBS.reminderDone, data))).toContain("gäller någon annan");
    expect(await server.db.query("SELECT 1 FROM audit_log WHERE action = 'followup.done'")).toHaveLength(0);

    const past = await press(people.lead, VERBS.reminderPostpone, { ...data, newDate: "2027-03-30" });
    expect(cardText(past)).toContain("Välj en dag efter i dag");
    const later = await press(people.lead, VERBS.reminderPostpone, { ...data, newDate: "2027-04-02" });
    expect(cardText(later)).toContain("Påminnelsen kommer igen 2 april 2027");
    expect(await pending()).toContain("follow_up_soon 2027-04-02T06:00:00.000Z");

    const done = await press(people.lead, VERBS.reminderDone, data);
    expect(cardText(done)).toContain("Klart");
    expect((await pending()).filter((r) => r.startsWith("follow_up"))).toEqual([]);
    const [audit] = await server.db.query<{ actor: string; detail: { onTime: boolean } }>(
      "SELECT actor, detail FROM audit_log WHERE action = 'followup.done'",
    );
    expect(audit).toEqual({ actor: "aad-lead", detail: { onTime: true } });
  });

  it("convenes the follow-up from a reminder: the kallelse form, filled in from the SIP", async () => {
    const { press, calls } = presser(() => server, connector);
    const [r] = await server.db.query<{ id: string }>(
      "SELECT id FROM reminders WHERE kind = 'follow_up_due'",
    );
    // The convener convenes; a lead who presses takes the case over (followup-handover.test.ts).
    connector.clear();
    const byConvener = await press(people.convener, VERBS.reminderFollowUp, { reminderId: r?.id });
    expect(cardText(byConvener)).toContain("Kallelsen till uppföljningen kommer nedan");
    const form = cardOf(calls(people.convener).at(-1)?.body);
    const json = JSON.stringify(form);
    expect(json).toContain('"value":"2027-04-07"'); // the follow-up date
    expect(json).toContain('"value":"Samordna stödet"');
    expect(json).toContain(`"value":"${people.bup.id}"`); // Anna is on the list again
    expect(dataOf(form, VERBS.submitKallelse)?.caseId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("closes the SIP from a reminder, with its reason; nothing more is reminded", async () => {
    const { press } = presser(() => server, connector);
    const [r] = await server.db.query<{ id: string }>(
      "SELECT id FROM reminders WHERE kind = 'follow_up_soon' AND status = 'done' LIMIT 1",
    );
    const data = { reminderId: r?.id };
    const noReason = await press(people.convener, VERBS.reminderClose, data);
    expect(cardText(noReason)).toContain("Välj ett skäl");
    expect(cardText(noReason)).not.toContain("dokumenterar avslutet");
    const closed = await press(people.convener, VERBS.reminderClose, { ...data, reason: "goals_met" });
    expect(cardText(closed)).toContain(`SIP:en i ärende ${code} är avslutad (Målen är uppnådda)`);
    // Every principal documents the closure in their own records (CONTRACT v3).
    expect(cardText(closed)).toContain("Varje huvudman dokumenterar avslutet och skälet");
    const [c] = await server.db.query<{ status: string; closed_reason: string }>(
      "SELECT status, closed_reason FROM cases",
    );
    expect(c).toEqual({ status: "closed", closed_reason: "goals_met" });
    expect(await pending()).toEqual([]);
    const form = await server.post({
      ...execute(connector.serviceUrl, VERBS.openPlan, { kallelseId }, as(people.convener)),
    });
    expect(JSON.stringify(await form.json())).toContain("är avslutad");
  });
});
