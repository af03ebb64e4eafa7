import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { base, cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, chatOf, dataOf, presser, type Person } from "../helpers/multi-user.js";
import { startServerAt } from "../helpers/server.js";
import { SCHOOL_FLAG_ASSESSMENT } from "../fixtures/forms.js";
import { kallelseTo } from "../fixtures/followup.js";

/**
 * Issue 12, part 1: the flag's contact and the plan's lead across the served tenants. The school
 * (kommun's tenant) flags onward to BUP (region's tenant): the card reaches BUP there, only BUP
 * takes it over, the case is the region's, the school is told. A plan's lead in the region gets
 * the reminders there and acts on them; "Kalla till uppföljning" leaves the case with its
 * convener (services/handover.ts). The same user id in the other tenant is a stranger throughout.
 */
const REGION = "tenant-region";
const p = (id: string, name: string, tenantId?: string): Person => ({
  id,
  name,
  aadObjectId: `aad-${id}-${tenantId ?? "k"}`,
  ...(tenantId ? { tenantId } : {}),
});
const people = {
  school: p("29:school", "Sara Skola"),
  bup: p("29:bup", "Anders BUP", REGION),
  /** A kommun colleague who happens to have BUP's user id. */
  bupTwin: p("29:bup", "Tvilling Kommun"),
  rut: p("29:rut", "Rut Region", REGION),
  convener: p("29:k", "Karin Kurator"),
  anna: p("29:anna", "Anna Andersson"),
  lena: p("29:lena", "Lena Ledare", REGION),
  lenaTwin: p("29:lena", "Lena Kommun"),
};
const outsider = p("29:bup", "Anton Utanför", "tenant-evil");
const ALLOWED_TENANTS = JSON.stringify([
  { id: "tenant-1", name: "Karlstads kommun" },
  { id: REGION, name: "Region Värmland" },
]);
const REFUSED = /ligger inte hos dig|gäller någon annan|känns inte igen|inte ansluten/;

let now = new Date("2026-11-26T10:00:00Z");
let server: Awaited<ReturnType<typeof startServerAt>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startServerAt({ now: () => now }, { ALLOWED_TENANTS });
  for (const who of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(who)));
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

const { press, calls } = presser(() => server, {
  get serviceUrl() {
    return connector.serviceUrl;
  },
  get calls() {
    return connector.calls;
  },
});
const said = async (who: Person, verb: string, data: unknown) => cardText(await press(who, verb, data));
const cardsTo = (who: Person, method = "POST") => calls(who, method).map((c) => cardOf(c.body));
const rows = <T extends object>(sql: string, params: unknown[] = []) => server.db.query<T>(sql, params);
const count = async (sql: string, params: unknown[] = []) =>
  (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n;

async function search(who: Person, dataset: string, queryText: string) {
  const res = await server.post({
    ...base(connector.serviceUrl, as(who)),
    type: "invoke",
    name: "application/search",
    value: { kind: "search", queryText, dataset, queryOptions: { skip: 0, top: 15 } },
  });
  const body = (await res.json()) as { value?: { results?: { title: string; value: string }[] } };
  return body.value?.results ?? [];
}

/** The school's flag form, sent to `contactId` from the form card `formId`; the status card. */
async function flag(contactId: string, formId: string) {
  const result = await press(people.school, VERBS.submitAssess, SCHOOL_FLAG_ASSESSMENT);
  await press(people.school, VERBS.openFlag, dataOf(result, VERBS.openFlag));
  const form = cardsTo(people.school).at(-1);
  connector.clear();
  return press(people.school, VERBS.sendFlag, { ...dataOf(form, VERBS.sendFlag), contactId }, formId);
}

describe("a flag onward from the kommun to the region", () => {
  const s = { flagId: "", code: "" };

  it("the contact picker finds the region's colleagues by name, and no one of a tenant not served", async () => {
    expect(await search(people.school, "sip.served", "bup")).toEqual([
      { title: "Anders BUP (Region Värmland)", value: `${REGION}/${people.bup.id}` },
    ]);
    // Passing on stays within the holder's organisation.
    expect(await search(people.bup, "sip.users", "r")).toEqual([
      { title: "Rut Region", value: people.rut.id },
    ]);
  });

  it("reaches BUP in the region's chat, not the kommun colleague with the same id", async () => {
    const status = await flag(`${REGION}/${people.bup.id}`, "flag-form-1");
    expect(cardText(status)).toContain("Skickat till Anders BUP – väntar på att någon tar över.");
    const [card] = cardsTo(people.bup);
    expect(cardText(card)).toContain("Behov av samordning");
    expect(calls(people.bup)[0]?.path).toContain(chatOf(people.bup));
    expect(cardsTo(people.bupTwin)).toEqual([]);
    s.flagId = String(dataOf(card, VERBS.takeFlag)?.flagId);
    const [row] = await rows<Record<string, unknown>>("SELECT * FROM flags WHERE id = $1", [s.flagId]);
    expect(row).toMatchObject({
      tenant_id: "tenant-1",
      reporter_user_id: people.school.id,
      holder_tenant_id: REGION,
      holder_user_id: people.bup.id,
    });
  });

  it("refuses the kommun twin, a region stranger, a tenant not served and the reporter", async () => {
    connector.clear();
    for (const who of [people.bupTwin, people.rut, outsider, people.school]) {
      expect(await said(who, VERBS.takeFlag, { flagId: s.flagId })).toMatch(REFUSED);
      const pass = { flagId: s.flagId, colleagueId: people.anna.id };
      expect(await said(who, VERBS.passFlag, pass)).toMatch(REFUSED);
    }
    expect(await count("cases")).toBe(0);
    expect(await count("flags WHERE status = 'open' AND holder_user_id = $1", [people.bup.id])).toBe(1);
    expect(calls(people.anna)).toEqual([]);
  });

  it("BUP takes it over: a case of the region's, BUP convenes it, the school is told in place", async () => {
    connector.clear();
    const answer = cardText(await press(people.bup, VERBS.takeFlag, { flagId: s.flagId }));
    s.code = /SIP-[A-Z0-9]{4}/.exec(answer)?.[0] ?? "";
    expect(answer).toContain(`Du har tagit över ärende ${s.code}`);
    const [c] = await rows<{ id: string; tenant_id: string; convener_user_id: string }>(
      "SELECT id, tenant_id, convener_user_id FROM cases WHERE code = $1",
      [s.code],
    );
    expect(c).toMatchObject({ tenant_id: REGION, convener_user_id: people.bup.id });
    const reminders = await rows("SELECT kind, recipient_tenant_id FROM reminders WHERE case_id = $1", [
      c?.id,
    ]);
    expect(reminders).toEqual([{ kind: "first_contact", recipient_tenant_id: REGION }]);
    const [put] = calls(people.school, "PUT");
    expect(put?.path).toBe(`/v3/conversations/${chatOf(people.school)}/activities/flag-form-1`);
    expect(cardText(cardOf(put?.body))).toContain(`Anders BUP har tagit över (ärende ${s.code}).`);
    // The case is BUP's, in the region: the kommun twin cannot borrow its id.
    const consent = { age: "30", personConsent: "given", region: "national", expiresOn: "2027-06-30" };
    const create = { prefill: consent, caseId: c?.id };
    expect(await said(people.bupTwin, VERBS.createCase, create)).toContain("hör inte till dig");
  });

  it("a flag passed on in the region goes to the holder's colleague there", async () => {
    const status = await flag(`${REGION}/${people.bup.id}`, "flag-form-2");
    const flagId = String(dataOf(status, VERBS.refreshFlag)?.flagId);
    connector.clear();
    const passed = await press(people.bup, VERBS.passFlag, { flagId, colleagueId: people.rut.id });
    expect(cardText(passed)).toContain("Rut Region");
    expect(cardText(cardsTo(people.rut)[0])).toContain("Behov av samordning");
    const [row] = await rows("SELECT holder_tenant_id, holder_user_id FROM flags WHERE id = $1", [flagId]);
    expect(row).toEqual({ holder_tenant_id: REGION, holder_user_id: people.rut.id });
    // BUP's kommun twin has no colleague "29:rut": the id is looked up in the region only.
    expect(cardText(cardOf(calls(people.school, "PUT")[0]?.body))).toContain("Rut Region");
  });
});

describe("a plan whose lead is in the region", () => {
  const s = { kallelseId: "", code: "", reminderId: "" };

  beforeAll(async () => {
    now = new Date("2026-11-26T10:00:00Z");
    const made = await kallelseTo(press, connector, people.convener, people.anna);
    s.kallelseId = made.kallelseId;
    s.code = /SIP-[A-Z0-9]{4}/.exec(cardText(made.tracking))?.[0] ?? "";
  });

  it("the lead is picked across tenants; the lead's card reaches the region, not the twin", async () => {
    expect(await search(people.convener, "sip.served", "lena")).toEqual([
      { title: "Lena Kommun", value: people.lenaTwin.id },
      { title: "Lena Ledare (Region Värmland)", value: `${REGION}/${people.lena.id}` },
    ]);
    connector.clear();
    const lead = `${REGION}/${people.lena.id}`;
    const saved = { kallelseId: s.kallelseId, lead, leadOrg: "region", followUp: "2027-01-20" };
    expect(cardText(await press(people.convener, VERBS.savePlan, saved))).toContain("Lena Ledare");
    const [plan] = await rows("SELECT lead_tenant_id, lead_user_id FROM plans");
    expect(plan).toEqual({ lead_tenant_id: REGION, lead_user_id: people.lena.id });
    expect(cardsTo(people.lena).map(cardText).join()).toContain(s.code);
    expect(cardsTo(people.lenaTwin)).toEqual([]);
    // "Ändra plan": the form picks the region's lead again, named with the region.
    connector.clear();
    await press(people.convener, VERBS.openPlan, { kallelseId: s.kallelseId, from: "plan" });
    const json = JSON.stringify(cardsTo(people.convener).at(-1));
    expect(json).toContain(`{"title":"Lena Ledare (Region Värmland)","value":"${lead}"}`);
  });

  it("the follow-up reminder reaches the lead in the region; only the lead and the convener act", async () => {
    const [due] = await rows<{ id: string; due_at: Date; recipient_tenant_id: string }>(
      "SELECT id, due_at, recipient_tenant_id FROM reminders WHERE kind = 'follow_up_soon'",
    );
    expect(due?.recipient_tenant_id).toBe(REGION);
    connector.clear();
    now = new Date(due?.due_at ?? 0);
    await server.reminderPass();
    await server.background.idle();
    const reminder = cardsTo(people.lena).find((c) => dataOf(c, VERBS.reminderDone));
    expect(cardText(reminder)).toContain(s.code);
    expect(cardsTo(people.lenaTwin)).toEqual([]);
    s.reminderId = String(dataOf(reminder, VERBS.reminderDone)?.reminderId);
    const data = { reminderId: s.reminderId };
    for (const who of [people.lenaTwin, people.rut, people.anna, { ...outsider, id: people.lena.id }])
      expect(await said(who, VERBS.reminderPostpone, { ...data, newDate: "2027-01-15" })).toMatch(REFUSED);
    const later = await said(people.lena, VERBS.reminderPostpone, { ...data, newDate: "2027-01-15" });
    expect(later).toContain("Påminnelsen kommer igen 15 januari 2027");
  });

  it("'Kalla till uppföljning' by the region's lead: the convener convenes it, nothing moves", async () => {
    connector.clear();
    const answer = await said(people.lena, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    expect(answer).toContain("sammankallande (Karin Kurator) kallar till uppföljningen");
    const [c] = await rows("SELECT tenant_id, convener_user_id FROM cases WHERE code = $1", [s.code]);
    expect(c).toEqual({ tenant_id: "tenant-1", convener_user_id: people.convener.id });
    expect(await count("audit_log WHERE action = 'case.convener_changed'")).toBe(0);
    expect(cardsTo(people.lena)).toEqual([]); // no kallelse form
    // The convener is sent the follow-up reminder at once, in the kommun; pressed twice, once.
    await said(people.lena, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    await server.reminderPass();
    await server.background.idle();
    const told = cardsTo(people.convener).filter((c) => dataOf(c, VERBS.reminderFollowUp));
    expect(told).toHaveLength(1);
    expect(cardText(told[0])).toContain(s.code);
    expect(cardText(told[0])).toContain("Uppföljningen närmar sig");
    expect(cardsTo(people.lenaTwin)).toEqual([]);
    // The kommun twin is no convener either; the convener gets the form as before.
    expect(await said(people.lenaTwin, VERBS.reminderFollowUp, { reminderId: s.reminderId })).toMatch(
      REFUSED,
    );
    const own = await said(people.convener, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    expect(own).toContain("Kallelsen till uppföljningen kommer nedan");
    expect(cardText(cardsTo(people.convener).at(-1))).toContain(s.code);
  });
});
