import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { STRINGS } from "../../src/cards/render.js";
import { cardText } from "../helpers/activities.js";
import { fieldMark, inputValue } from "../helpers/cards.js";
import { dataOf, multiUser } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT } from "../fixtures/kallelse.js";
import { SCHOOL_FLAG_ASSESSMENT } from "../fixtures/forms.js";

/**
 * A personnummer typed into a case card over the real server (issue 8): the one who typed it gets
 * their own form back, marked, with what they typed; nothing reaches the database, the log or
 * anyone else; and a card that is not theirs is never re-rendered for them.
 */
const people = {
  convener: { id: "29:convener", name: "Karin Kurator", aadObjectId: "aad-convener" },
  a: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-a" },
  stranger: { id: "29:x", name: "Xavier Utomstående", aadObjectId: "aad-x" },
  reporter: { id: "29:school", name: "Sara Skola", aadObjectId: "aad-school" },
  soc: { id: "29:soc", name: "Sofia Socialsekreterare", aadObjectId: "aad-soc" },
};
const PNR = "850322 2393"; // Luhn-valid; "2393" must be nowhere but in the answer to its author
const t = STRINGS.sv.notice;
const h = multiUser(people);
const { invoke, cardsTo } = h;

const kallelse = (caseId: string, p2Contribution = "Insatser enligt SoL") => ({
  caseId,
  rows: "4",
  purpose: "Samordna stödet kring skolgång",
  longTermGoal: "Gå i skolan varje dag",
  questions: "Vem gör vad?",
  date: "2026-12-10",
  time: "14:00",
  duration: "60",
  placeKind: "in_person",
  placeText: "Familjecentralen",
  personTakesPart: "På plats",
  balanceAck: "true",
  p1Who: people.a.id,
  p1OrgType: "region",
  p1Role: "convened",
  p1Contribution: "Bedömning från BUP",
  p2Who: "external",
  p2Name: "Eva Handläggare",
  p2Organisation: "Försäkringskassan",
  p2OrgType: "forsakringskassan",
  p2Role: "invited",
  p2Contribution,
});

const rows = async (sql: string, params: unknown[] = []) =>
  h.server.db.query<Record<string, unknown>>(sql, params);
/** Nothing with the number in the database tables a submit could write, nor in the log. */
async function expectNowhere() {
  for (const table of ["cases", "kallelser", "invitees", "audit_log", "flags", "bot_state"])
    expect(JSON.stringify(await rows(`SELECT * FROM ${table}`))).not.toContain("2393");
  expect(h.server.logLines.join("\n")).not.toContain("2393");
}

describe("a personnummer in a case card", () => {
  let caseId = "";
  let inviteeId = "";

  it("kallelse: the convener gets the form back, typed values kept, the contribution marked", async () => {
    h.connector.clear();
    await invoke(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
    caseId = String(dataOf(cardsTo(people.convener)[0], VERBS.submitKallelse)?.caseId);
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    h.connector.clear();
    const typed = kallelse(caseId, `Ring mamma, ${PNR}`);
    const form = await invoke(people.convener, VERBS.submitKallelse, typed, "form-1");
    expect(cardText(form)).toContain("Kallelse till SIP-möte");
    expect(inputValue(form, "p2Contribution")).toBe(`Ring mamma, ${PNR}`);
    expect(fieldMark(form, "p2Contribution")).toBe(t.pnrField);
    expect(fieldMark(form, "p1Contribution")).toBeUndefined();
    for (const id of ["purpose", "questions", "placeText", "p2Name", "p2Organisation"])
      expect(inputValue(form, id)).toBe(typed[id as keyof typeof typed]);
    expect(inputValue(form, "p1Who")).toBe(people.a.id);
    // Nothing stored, nothing sent, nothing logged but the event and the field name.
    expect(await rows("SELECT 1 FROM kallelser WHERE case_id = $1", [caseId])).toEqual([]);
    expect(await rows("SELECT 1 FROM invitees")).toEqual([]);
    expect(h.connector.calls).toEqual([]);
    expect(h.server.logLines.join("\n")).toMatch(/"event":"pnr_refused".*"fields":\["p2Contribution"\]/);
    await expectNowhere();
  });

  it("kallelse: anyone but the convener gets the notice, not the case's form", async () => {
    const answer = cardText(await invoke(people.stranger, VERBS.submitKallelse, kallelse(caseId, PNR)));
    expect(answer).toContain(t.pnrText);
    expect(answer).not.toContain("Samordna stödet");
    expect(answer).not.toContain("SIP-");
  });

  it("Fler deltagare with a number in the purpose: the form again, purpose marked", async () => {
    const form = await invoke(people.convener, VERBS.kallelseRows, { ...kallelse(caseId), purpose: PNR });
    expect(inputValue(form, "purpose")).toBe(PNR);
    expect(fieldMark(form, "purpose")).toBe(t.pnrField);
    await expectNowhere();
  });

  it("decline: the invitee's card comes back with the error and the reason kept; nothing changes", async () => {
    h.connector.clear();
    await invoke(people.convener, VERBS.submitKallelse, kallelse(caseId), "form-1");
    inviteeId = String(dataOf(cardsTo(people.a)[0], VERBS.declineInvite)?.inviteeId);
    const status = async () => (await rows("SELECT status FROM invitees WHERE id = $1", [inviteeId]))[0];
    expect(await status()).toEqual({ status: "invited" });
    const audit = (await rows("SELECT 1 FROM audit_log")).length;
    h.connector.clear();
    const reason = `Gäller ${PNR}, jag är sjuk`;
    const card = await invoke(people.a, VERBS.declineInvite, { inviteeId, reason });
    const text = cardText(card);
    expect(text).toContain("Kallelse till SIP-möte");
    expect(text).toContain(t.pnrField);
    expect(inputValue(card, "reason")).toBe(reason);
    expect(dataOf(card, VERBS.acceptInvite)).toEqual({ inviteeId });
    expect(await status()).toEqual({ status: "invited" });
    expect((await rows("SELECT 1 FROM audit_log")).length).toBe(audit);
    expect(h.connector.calls).toEqual([]); // the tracking card is not touched either
    await expectNowhere();
  });

  it("substitute by name: the same, the name kept", async () => {
    const card = await invoke(people.a, VERBS.substituteInvite, { inviteeId, substituteName: PNR });
    expect(cardText(card)).toContain(t.pnrField);
    expect(inputValue(card, "substituteName")).toBe(PNR);
    await expectNowhere();
  });

  it("decline by someone else: the notice, never the invitee's card", async () => {
    const card = await invoke(people.stranger, VERBS.declineInvite, { inviteeId, reason: PNR });
    const text = cardText(card);
    expect(text).toContain(t.pnrText);
    expect(text).not.toContain("Samordna stödet");
    expect(await rows("SELECT status FROM invitees WHERE id = $1", [inviteeId])).toEqual([
      { status: "invited" },
    ]);
  });
});

describe("a personnummer in a flag's picker", () => {
  const assessment = SCHOOL_FLAG_ASSESSMENT;
  let flagId = "";

  it("send: the flag form comes back with the error, and no flag is stored", async () => {
    const card = await invoke(people.reporter, VERBS.sendFlag, { prefill: assessment, contactId: PNR });
    expect(cardText(card)).toContain("Flagga behovet vidare");
    expect(cardText(card)).toContain(t.pnrField);
    expect(await rows("SELECT 1 FROM flags")).toEqual([]);
    await expectNowhere();
  });

  it("pass: the holder's card again for the holder, the notice for anyone else", async () => {
    h.connector.clear();
    await invoke(
      people.reporter,
      VERBS.sendFlag,
      { prefill: assessment, contactId: people.soc.id },
      "flag-form-1",
    );
    flagId = String(dataOf(cardsTo(people.soc)[0], VERBS.passFlag)?.flagId);
    const holder = await invoke(people.soc, VERBS.passFlag, { flagId, colleagueId: PNR });
    expect(cardText(holder)).toContain(t.pnrField);
    expect(dataOf(holder, VERBS.takeFlag)).toEqual({ flagId });
    const other = cardText(await invoke(people.stranger, VERBS.passFlag, { flagId, colleagueId: PNR }));
    expect(other).toContain(t.pnrText);
    expect(await rows("SELECT holder_user_id FROM flags WHERE id = $1", [flagId])).toEqual([
      { holder_user_id: people.soc.id },
    ]);
    await expectNowhere();
  });
});
