import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { AuditLog } from "../../src/store/audit.js";
import { cardOf, cardText } from "../helpers/activities.js";
import { dataOf, multiUser, type Person } from "../helpers/multi-user.js";
import { SCHOOL_FLAG_ASSESSMENT } from "../fixtures/forms.js";

/** Several Teams users, each in their own 1:1 chat with the bot; the colleague's Teams is in English. */
const people = {
  reporter: { id: "29:school", name: "Sara Skola", aadObjectId: "aad-school", locale: "sv-SE" },
  soc: { id: "29:soc", name: "Sofia Socialsekreterare", aadObjectId: "aad-soc", locale: "sv-SE" },
  colleague: { id: "29:soc2", name: "Kim Colleague", aadObjectId: "aad-soc2", locale: "en-GB" },
  other: { id: "29:other", name: "Olle Obehörig", aadObjectId: "aad-other", locale: "sv-SE" },
  blocked: { id: "29:blocked", name: "Bo Blockerad", aadObjectId: "aad-blocked", locale: "sv-SE" },
};

const assessment = SCHOOL_FLAG_ASSESSMENT;

const h = multiUser(people);
const { invoke, cardsTo } = h;
const said = async (p: Person, verb: string, data: unknown) => cardText(await invoke(p, verb, data));
const putsTo = (p: Person) =>
  h.connector.calls.filter((c) => c.method === "PUT" && c.path.includes(`a:${p.id}`));
const count = async (table: string) => (await h.server.db.query(`SELECT 1 FROM ${table}`)).length;
const flagRow = async (id: string) =>
  (await h.server.db.query<Record<string, unknown>>("SELECT * FROM flags WHERE id = $1", [id]))[0];
const actions = async (subject: string) =>
  (await new AuditLog(h.server.db).list(subject)).map((e) => e.action);

/** Assesses as the reporter and opens the flag form; returns the form card. */
async function openForm(values = assessment) {
  const result = await invoke(people.reporter, VERBS.submitAssess, values);
  const open = dataOf(result, VERBS.openFlag);
  expect(open).toBeDefined();
  h.connector.clear();
  await invoke(people.reporter, VERBS.openFlag, open);
  const [form] = cardsTo(people.reporter);
  expect(cardText(form)).toContain("Flagga behovet vidare");
  return form;
}
/** The one in-place update of the reporter's status card since the last clear, as text. */
function reporterUpdate(): string {
  const puts = h.connector.calls.filter((c) => c.method === "PUT");
  expect(puts.map((c) => c.path)).toEqual([
    `/v3/conversations/a:${people.reporter.id}/activities/flag-form-1`,
  ]);
  return cardText(cardOf(puts[0]?.body));
}
/** A fresh flag form, sent to this contact. */
async function flagTo(contactId: string) {
  const form = await openForm();
  h.connector.clear();
  return invoke(people.reporter, VERBS.sendFlag, { ...dataOf(form, VERBS.sendFlag), contactId });
}

describe("flag onward: school → social worker → colleague, the reporter sees it live", () => {
  let flagId = "";
  let formData: Record<string, unknown> = {};

  it("a school reporter in the national region gets the flag form with the assessment and no dates", async () => {
    const form = await openForm();
    const text = cardText(form);
    expect(text).toContain("Bedömning: SIP behövs");
    expect(text).toContain("Familjen hänvisas runt mellan verksamheter.");
    // CONTRACT v2 rule 3: a reporter who may not convene gets no first-contact deadline; it
    // belongs to whoever takes the need over (was: "inom 3 dagar från att behovet upptäcktes").
    expect(text).not.toContain("inom 3 dagar");
    expect(text).not.toContain("november");
    formData = dataOf(form, VERBS.sendFlag) ?? {};
    expect(formData.prefill).toMatchObject({ reporterRole: "school" });
  });

  it("sends the social worker a 'behov av samordning' card; the form becomes a status card", async () => {
    h.connector.clear();
    const status = await invoke(
      people.reporter,
      VERBS.sendFlag,
      { ...formData, contactId: people.soc.id },
      "flag-form-1",
    );
    expect(cardText(status)).toContain(
      "Skickat till Sofia Socialsekreterare – väntar på att någon tar över.",
    );
    expect((status as { refresh?: { userIds?: string[] } }).refresh?.userIds).toEqual([people.reporter.id]);
    const [card] = cardsTo(people.soc);
    expect(cardText(card)).toContain("Behov av samordning");
    expect(cardText(card)).toContain("Från Sara Skola");
    // No dates, no form values: only the recommendation and reasons travel.
    expect(JSON.stringify(card)).not.toMatch(/2026-11-25|november|bounced_around/);
    flagId = String(dataOf(card, VERBS.takeFlag)?.flagId);
    // Pressing Skicka again on the same form shows the status and sends nothing.
    const flags = await count("flags");
    const again = await invoke(
      people.reporter,
      VERBS.sendFlag,
      { ...formData, contactId: people.soc.id },
      "flag-form-1",
    );
    expect(cardText(again)).toContain("Skickat till Sofia Socialsekreterare");
    expect(cardsTo(people.soc)).toHaveLength(1);
    expect(await count("flags")).toBe(flags);
    expect(await flagRow(flagId)).toMatchObject({
      status: "open",
      holder_user_id: people.soc.id,
      reporter_conversation_id: `a:${people.reporter.id}`,
      reporter_activity_id: "flag-form-1",
    });
  });

  it("the social worker passes it to a colleague, who gets it in English; the reporter's card follows", async () => {
    h.connector.clear();
    const card = await invoke(people.soc, VERBS.passFlag, { flagId, colleagueId: people.colleague.id });
    expect(cardText(card)).toContain("Du skickade vidare till Kim Colleague.");
    expect(dataOf(card, VERBS.takeFlag)).toBeUndefined();
    const [colleagueCard] = cardsTo(people.colleague);
    expect(cardText(colleagueCard)).toContain("Need for coordination");
    expect(cardText(colleagueCard)).toContain("The family is being bounced around");
    expect(reporterUpdate()).toContain("Skickat vidare till Kim Colleague – väntar.");
  });

  it("someone else, or the former holder, pressing take is refused and nothing changes", async () => {
    h.connector.clear();
    const before = await actions(flagId);
    for (const p of [people.other, people.soc])
      expect(await said(p, VERBS.takeFlag, { flagId })).toContain("ligger inte hos dig");
    const colleagueId = people.other.id;
    expect(await said(people.other, VERBS.passFlag, { flagId, colleagueId })).toContain(
      "ligger inte hos dig",
    );
    expect(await actions(flagId)).toEqual(before);
    expect(await count("cases WHERE convener_user_id IN ('29:other', '29:soc')")).toBe(0);
    expect(h.connector.calls).toEqual([]);
  });

  let caseCode = "";
  it("the colleague takes over: a case awaiting consent, and the reporter's card says who took it", async () => {
    h.connector.clear();
    const card = await invoke(people.colleague, VERBS.takeFlag, { flagId });
    caseCode = cardText(card).match(/SIP-[A-Z0-9]{4}/)?.[0] ?? "";
    expect(caseCode).toMatch(/^SIP-[2-9A-HJKMNP-Z]{4}$/);
    expect(cardText(card)).toContain(`You have taken over case ${caseCode}`);
    const open = dataOf(card, VERBS.openConsent);
    expect(open).toMatchObject({ prefill: { region: "national" } });
    const [stored] = await h.server.db.query<{ id: string }>("SELECT * FROM cases WHERE code = $1", [
      caseCode,
    ]);
    expect(open?.caseId).toBe(stored?.id);
    expect(stored).toMatchObject({
      convener_user_id: people.colleague.id,
      region: "national",
      verdict: null,
    });
    expect(stored).toMatchObject({ assessment: { recommendation: "sip_indicated" } });
    // First contact was due "without delay" (3 days from 25 November): the new convener is reminded.
    const reminders = await h.server.db.query(
      "SELECT kind, recipient_user_id, due_at, about_date::text AS about FROM reminders WHERE case_id = $1",
      [stored?.id],
    );
    expect(reminders).toEqual([
      {
        kind: "first_contact",
        recipient_user_id: people.colleague.id,
        due_at: new Date("2026-11-28T07:00:00Z"),
        about: "2026-11-28",
      },
    ]);
    expect(reporterUpdate()).toContain(`Kim Colleague har tagit över (ärende ${caseCode}).`);
  });

  it("the consent check on the taken case fills its verdict; the kallelse is for the same case", async () => {
    h.connector.clear();
    const cases = await count("cases");
    const [row] = await h.server.db.query<{ id: string }>("SELECT id FROM cases WHERE code = $1", [caseCode]);
    const caseId = String(row?.id);
    // The consent form carries the case id to its submit, the verdict card on to "create".
    await invoke(people.colleague, VERBS.openConsent, { prefill: { region: "national" }, caseId });
    const form = cardOf(h.connector.sent().at(-1) as Partial<Activity>);
    expect(dataOf(form, VERBS.submitConsent)).toEqual({ caseId });
    const consent = { age: "30", personConsent: "given", region: "national", expiresOn: "2027-06-30" };
    const verdict = await invoke(people.colleague, VERBS.submitConsent, { ...consent, caseId });
    expect(dataOf(verdict, VERBS.createCase)).toMatchObject({ caseId });
    await invoke(people.colleague, VERBS.createCase, { prefill: consent, caseId });
    expect(await count("cases")).toBe(cases);
    const [updated] = await h.server.db.query<{ verdict: { verdict: string } }>(
      "SELECT verdict FROM cases WHERE id = $1",
      [caseId],
    );
    expect(updated?.verdict.verdict).toBe("may_proceed");
    // Kim's Teams is in English.
    expect(cardText(cardOf(h.connector.sent().at(-1) as Partial<Activity>))).toContain(`Case ${caseCode}.`);
    // Someone else cannot borrow the case id.
    expect(await said(people.other, VERBS.createCase, { prefill: consent, caseId })).toContain(
      "hör inte till dig",
    );
  });

  it("a double take changes nothing", async () => {
    h.connector.clear();
    const cases = await count("cases");
    const audit = await actions(flagId);
    const again = await invoke(people.colleague, VERBS.takeFlag, { flagId });
    expect(cardText(again)).toContain(`You have taken over case ${caseCode}`);
    expect(await count("cases")).toBe(cases);
    expect(await actions(flagId)).toEqual(audit);
    expect(putsTo(people.reporter)).toEqual([]);
  });

  it("the audit trail holds sent, passed and taken; the reporter's refresh shows the stored state", async () => {
    const entries = await new AuditLog(h.server.db).list(flagId);
    expect(entries.map((e) => e.action)).toEqual(["flag.sent", "flag.passed", "flag.taken"]);
    expect(entries.map((e) => e.actor)).toEqual(["aad-school", "aad-soc", "aad-soc2"]);
    expect(entries[2]?.detail).toEqual({ case: caseCode });
    expect(await actions(caseCode)).toEqual(["case.created", "case.consent_checked"]);
    const refreshed = await invoke(people.reporter, VERBS.refreshFlag, { flagId });
    expect(cardText(refreshed)).toContain(`Kim Colleague har tagit över (ärende ${caseCode}).`);
    expect(cardText(await invoke(people.other, VERBS.refreshFlag, { flagId }))).toContain("känns inte igen");
  });
});

describe("flag onward: what can never happen", () => {
  it("a contact without a saved reference gets nothing and nothing is stored", async () => {
    const flags = await count("flags");
    const again = await flagTo("29:never-seen");
    expect(cardText(again)).toContain("kan inte nås i Teams");
    expect(h.connector.sent()).toEqual([]);
    expect(await count("flags")).toBe(flags);
  });

  it("a 403 for the contact: no flag is created and the reporter is told", async () => {
    const flags = await count("flags");
    const form = await openForm(); // the assessment behind the form is audited (statistics)
    const audited = await count("audit_log");
    h.connector.script({
      status: 403,
      body: { error: { code: "MessageWritesBlocked", message: "blocked" } },
    });
    const again = await invoke(people.reporter, VERBS.sendFlag, {
      ...dataOf(form, VERBS.sendFlag),
      contactId: people.blocked.id,
    });
    expect(cardText(again)).toContain("Bo Blockerad kunde inte nås just nu. Inget har skickats");
    expect(await count("flags")).toBe(flags);
    expect(await count("audit_log")).toBe(audited);
  });

  it("a 403 for the colleague: the flag stays with its holder, who is told", async () => {
    const status = await flagTo(people.soc.id);
    const flagId = String(dataOf(status, VERBS.refreshFlag)?.flagId);
    h.connector.clear();
    h.connector.script({ status: 403, body: { error: { code: "MessageWritesBlocked" } } });
    const card = await invoke(people.soc, VERBS.passFlag, { flagId, colleagueId: people.blocked.id });
    expect(cardText(card)).toContain("Bo Blockerad kunde inte nås just nu. Behovet ligger kvar hos dig");
    expect(dataOf(card, VERBS.takeFlag)).toEqual({ flagId });
    expect((await flagRow(flagId))?.holder_user_id).toBe(people.soc.id);
    expect(await actions(flagId)).toEqual(["flag.sent"]);
    expect(putsTo(people.reporter)).toEqual([]);
  });

  it("a not_indicated assessment has no flag button and cannot be flagged by a forged payload", async () => {
    const values = { ...assessment, needsSocialServices: "no" };
    const result = await invoke(people.reporter, VERBS.submitAssess, values);
    expect(cardText(result)).toContain("SIP behövs inte nu");
    expect(dataOf(result, VERBS.openFlag)).toBeUndefined();
    h.connector.clear();
    const flags = await count("flags");
    await invoke(people.reporter, VERBS.openFlag, { prefill: values });
    expect(cardsTo(people.reporter).map(cardText).join()).toContain("finns inget behov att flagga vidare");
    const sent = await invoke(people.reporter, VERBS.sendFlag, { prefill: values, contactId: people.soc.id });
    expect(cardText(sent)).toContain("finns inget behov att flagga vidare");
    expect(cardsTo(people.soc)).toEqual([]);
    expect(await count("flags")).toBe(flags);
  });

  it("a VGR school reporter, who may convene, gets no flag button and cannot flag", async () => {
    const values = { ...assessment, region: "vgr" };
    const result = await invoke(people.reporter, VERBS.submitAssess, values);
    expect(cardText(result)).toContain("Du kan kalla till SIP.");
    expect(dataOf(result, VERBS.openFlag)).toBeUndefined();
    const sent = await invoke(people.reporter, VERBS.sendFlag, { prefill: values, contactId: people.soc.id });
    expect(cardText(sent)).toContain("Du kan själv kalla till SIP");
  });

  it("unknown flags and unreadable payloads get a clear card", async () => {
    const none = { flagId: "00000000-0000-0000-0000-000000000000" };
    expect(await said(people.soc, VERBS.takeFlag, none)).toContain("finns inte längre");
    expect(await said(people.soc, VERBS.passFlag, { flagId: "x" })).toContain("finns inte längre");
    const unreadable = { prefill: { region: {} } };
    expect(await said(people.reporter, VERBS.sendFlag, unreadable)).toContain("gick att läsa");
  });
});
