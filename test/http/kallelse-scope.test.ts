import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { inputValue } from "../helpers/cards.js";
import { dataOf as findData, multiUser, type Person } from "../helpers/multi-user.js";
import { kallelseFormValues, MAY_PROCEED_CONSENT } from "../fixtures/kallelse.js";
import { openedInvitees } from "../helpers/opened.js";

/** Issue 9: a consent that leaves services out is stored with the case and enforced by the kallelse. */
const people = {
  convener: { id: "29:convener", name: "Karin Kurator", aadObjectId: "aad-convener" },
  english: { id: "29:en", name: "Emma English", aadObjectId: "aad-en", locale: "en-US" },
  school: { id: "29:school", name: "Sara Skola", aadObjectId: "aad-school" },
  bup: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-bup" },
  colleague: { id: "29:bup2", name: "Bo BUP", aadObjectId: "aad-bup2" },
};
const h = multiUser(people);
const { invoke, cardsTo } = h;
const dataOf = (card: unknown, verb: string) => findData(card, verb) ?? {};
const scoped = { ...MAY_PROCEED_CONSENT, consentForm: "written", excludedServices: "skola,narstaende" };
const partners = [
  { who: people.bup.id, orgType: "region", contribution: "Bedömning från BUP" },
  { who: people.school.id, orgType: "skola", contribution: "Skolans stöd" },
];

/** Creates a case from the scoped verdict; its id, from the kallelse form sent to the convener. */
async function openCase(convener: Person, prefill: Record<string, string> = scoped): Promise<string> {
  h.connector.clear();
  await invoke(convener, VERBS.createCase, { prefill });
  return String(dataOf(cardsTo(convener)[0], VERBS.submitKallelse).caseId);
}
const count = async (sql: string, caseId: string) =>
  (await h.server.db.query<{ n: number }>(sql, [caseId]))[0]?.n;
const stored = (caseId: string) =>
  count(
    `SELECT count(*)::int AS n FROM invitees i JOIN kallelser k ON k.id = i.kallelse_id WHERE k.case_id = $1`,
    caseId,
  );

describe("kallelse within the consent's scope", () => {
  let caseId = "";
  let kallelseId = "";

  it("stores the excluded services with the case's verdict", async () => {
    caseId = await openCase(people.convener);
    const [row] = await h.server.db.query<{ verdict: { excludedServices: string[] } }>(
      "SELECT verdict FROM cases WHERE id = $1",
      [caseId],
    );
    expect(row?.verdict.excludedServices).toEqual(["skola", "narstaende"]);
  });

  it("refuses a participant of an excluded kind beside that row, and stores and sends nothing", async () => {
    h.connector.clear();
    const form = await invoke(people.convener, VERBS.submitKallelse, {
      caseId,
      ...kallelseFormValues(partners),
    });
    const json = JSON.stringify(form);
    const refusal = "Personen har inte samtyckt till att skolan deltar.";
    expect(cardText(form)).toContain(refusal);
    // Beside row 2's service, not row 1's.
    const row2 = json.indexOf('"id":"p2OrgType"');
    expect(json.indexOf(refusal)).toBeGreaterThan(row2);
    expect(json.indexOf(refusal)).toBeLessThan(json.indexOf('"id":"p2Role"'));
    expect(await count("SELECT count(*)::int AS n FROM kallelser WHERE case_id = $1", caseId)).toBe(0);
    expect(await stored(caseId)).toBe(0);
    expect(h.connector.calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("refuses in English for an English convener", async () => {
    const id = await openCase(people.english);
    const form = await invoke(people.english, VERBS.submitKallelse, {
      caseId: id,
      ...kallelseFormValues([{ who: "", orgType: "narstaende", contribution: "Stöd" }]),
      p1Who: "external",
      p1Name: "Moster",
      p1Organisation: "Familjen",
    });
    expect(cardText(form)).toContain("The person has not consented to relatives taking part.");
    expect(await stored(id)).toBe(0);
  });

  it("sends the kallelse once the excluded row is gone; a forward keeps the invitee's kind", async () => {
    h.connector.clear();
    const tracking = await invoke(people.convener, VERBS.submitKallelse, {
      caseId,
      ...kallelseFormValues(partners.slice(0, 1)),
    });
    expect(cardText(tracking)).toContain("Anna BUP");
    expect(cardText(tracking)).toContain("Samtycket omfattar inte: Skola, Närstående");
    kallelseId = String(dataOf(tracking, VERBS.narrowScope).kallelseId);
    const [card] = cardsTo(people.bup);
    const inviteeId = dataOf(card, VERBS.acceptInvite).inviteeId;
    // The colleague comes in as the same kind of service, so no excluded kind can be brought in.
    await invoke(people.bup, VERBS.forwardInvite, { inviteeId, colleagueId: people.colleague.id });
    const kinds = (await openedInvitees(h.server.db))
      .filter((i) => i.caseId === caseId)
      .map((i) => ({ name: i.name, org_type: i.orgType }));
    expect(kinds).toEqual([
      { name: "Anna BUP", org_type: "region" },
      { name: "Bo BUP", org_type: "region" },
    ]);
  });

  it("narrows the scope from the tracking card without ending the SIP; only the convener may", async () => {
    const narrow = (p: Person, picked: string) =>
      invoke(p, VERBS.narrowScope, { kallelseId, withdrawnServices: picked });
    const verdictOf = async () =>
      (
        await h.server.db.query<{ verdict: Record<string, unknown> }>(
          "SELECT verdict FROM cases WHERE id = $1",
          [caseId],
        )
      )[0]?.verdict;
    const before = await verdictOf();
    expect(cardText(await narrow(people.bup, "region"))).toContain("hör inte till dig");
    expect(cardText(await narrow(people.convener, ""))).toContain("Välj minst en verksamhet.");
    expect(await verdictOf()).toEqual(before);

    const card = await narrow(people.convener, "region");
    const text = cardText(card);
    expect(text).toContain("Samtycket omfattar inte: Region / hälso- och sjukvård, Skola, Närstående");
    // Bo BUP was expected (Anna forwarded to him): his invitation is withdrawn, and the convener is
    // told to call him off; Anna, who handed on, needs no word.
    expect(text.match(/Samtycket omfattar inte längre den här verksamheten/g)).toHaveLength(1);
    expect(text).toMatch(/Bo BUP[^]*Samtycket återkallat – ska inte delta/);
    expect(text).toMatch(/Bo BUP[^]*Samtycket omfattar inte längre/);
    expect(text.match(/Samtycket återkallat – ska inte delta/g)).toHaveLength(1);
    expect(await verdictOf()).toMatchObject({
      verdict: "may_proceed",
      excludedServices: ["region", "skola", "narstaende"],
    });
    const audit = await h.server.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'case.scope_narrowed'",
    );
    expect(audit).toHaveLength(1);
    // Pressed again: nothing new is excluded, nothing is written.
    await narrow(people.convener, "region");
    expect(
      await h.server.db.query("SELECT 1 FROM audit_log WHERE action = 'case.scope_narrowed'"),
    ).toHaveLength(1);
    // The narrowed scope holds for the next kallelse on the case.
    const refused = await invoke(people.convener, VERBS.submitKallelse, {
      caseId,
      ...kallelseFormValues(partners.slice(0, 1)),
    });
    expect(cardText(refused)).toContain(
      "Personen har inte samtyckt till att regionens hälso- och sjukvård deltar.",
    );
  });
});

/** CONTRACT v3: "Kallas (skyldig att delta)" only for a principal; everyone else "Bjuds in". */
describe("only the principals are convened", () => {
  const fk = (role: "convened" | "invited") => ({
    ...kallelseFormValues([
      { who: people.bup.id, orgType: "region", contribution: "Bedömning från BUP" },
      { who: "external", orgType: "forsakringskassan", contribution: "Information om ersättning", role },
    ]),
    p2Name: "Eva Extern",
    p2Organisation: "Försäkringskassan Väst",
  });
  const refusal = "Bara huvudmännen kan kallas (skyldiga att delta)";

  it("refuses Försäkringskassan as convened beside that row's role, typed values kept, nothing sent", async () => {
    const id = await openCase(people.convener);
    h.connector.clear();
    const form = await invoke(people.convener, VERBS.submitKallelse, { caseId: id, ...fk("convened") });
    const json = JSON.stringify(form);
    expect(cardText(form)).toContain("Välj ”Bjuds in (frivilligt)” för Försäkringskassan.");
    // Beside row 2's role only: BUP (a principal) may be convened.
    expect(json.split(refusal)).toHaveLength(2);
    expect(json.indexOf(refusal)).toBeGreaterThan(json.indexOf('"id":"p2Role"'));
    expect(json.indexOf(refusal)).toBeLessThan(json.indexOf('"id":"p2Contribution"'));
    // Refused, not changed: the form comes back with "Kallas" still chosen and the texts typed.
    expect(inputValue(form, "p2Role")).toBe("convened");
    expect(inputValue(form, "p2Name")).toBe("Eva Extern");
    expect(inputValue(form, "p2Contribution")).toBe("Information om ersättning");
    expect(await stored(id)).toBe(0);
    expect(h.connector.calls.filter((c) => c.method === "POST")).toHaveLength(0);

    // Invited instead: sent, and the tracking card shows who is convened and who invited.
    const tracking = cardText(
      await invoke(people.convener, VERBS.submitKallelse, { caseId: id, ...fk("invited") }),
    );
    expect(tracking).toMatch(/Anna BUP[^]*Kallas \(skyldig att delta\)/);
    expect(tracking).toMatch(/Eva Extern[^]*Försäkringskassan Väst · Bjuds in \(frivilligt\)/);
    expect(await stored(id)).toBe(2);
  });

  it("refuses in English for an English convener", async () => {
    const id = await openCase(people.english);
    const form = await invoke(people.english, VERBS.submitKallelse, { caseId: id, ...fk("convened") });
    expect(cardText(form)).toContain("Only the principals can be convened (obliged to attend)");
    expect(cardText(form)).toContain("Choose “Invited (voluntary)” for Försäkringskassan");
    expect(await stored(id)).toBe(0);
  });

  it("convenes school only where the region lets school convene (VGR), not elsewhere", async () => {
    const school = kallelseFormValues([
      { who: people.school.id, orgType: "skola", contribution: "Skolans stöd", role: "convened" },
    ]);
    const national = await openCase(people.convener, MAY_PROCEED_CONSENT);
    const refused = await invoke(people.convener, VERBS.submitKallelse, { caseId: national, ...school });
    expect(cardText(refused)).toContain("Välj ”Bjuds in (frivilligt)” för skolan.");
    expect(await stored(national)).toBe(0);

    const vgr = await openCase(people.convener, { ...MAY_PROCEED_CONSENT, region: "vgr" });
    h.connector.clear();
    const tracking = await invoke(people.convener, VERBS.submitKallelse, { caseId: vgr, ...school });
    expect(cardText(tracking)).toMatch(/Sara Skola[^]*Kallas \(skyldig att delta\)/);
    const [card] = cardsTo(people.school);
    expect(cardText(card)).toContain("Kallelse till SIP-möte");
    expect(cardText(card)).toContain("skyldiga att delta");
  });
});
