import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { AuditLog } from "../../src/store/audit.js";
import { cardOf, cardText } from "../helpers/activities.js";
import { dataOf as findData, multiUser, type Person } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT } from "../fixtures/kallelse.js";

/** Several Teams users, each in their own 1:1 chat with the bot. */
const people = {
  convener: { id: "29:convener", name: "Karin Kurator", aadObjectId: "aad-convener" },
  a: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-a" },
  b: { id: "29:soc", name: "Bengt Socialsekreterare", aadObjectId: "aad-b" },
  c: { id: "29:vc", name: "Cecilia Vårdcentral", aadObjectId: "aad-c" },
  d: { id: "29:vc2", name: "David Vårdcentral", aadObjectId: "aad-d" },
  e: { id: "29:lss", name: "Erik LSS", aadObjectId: "aad-e" },
  f: { id: "29:lss2", name: "Frida LSS", aadObjectId: "aad-f" },
};
/** David and Frida use Teams in English: their cards come in English. */
const ENGLISH = new Set([people.d.id, people.f.id]);
for (const p of Object.values(people)) (p as Person).locale = ENGLISH.has(p.id) ? "en-US" : "sv-SE";

const consentValues = MAY_PROCEED_CONSENT;
const kallelse = (caseId: string) => ({
  caseId,
  rows: "5",
  purpose: "Samordna stödet kring skolgång och behandling",
  longTermGoal: "Gå i skolan varje dag",
  questions: "Vem gör vad? Hur följer vi upp?",
  date: "2026-12-10",
  time: "14:00",
  duration: "60",
  placeKind: "in_person",
  placeText: "Familjecentralen, rum 2",
  personTakesPart: "På plats med sin mamma",
  p1Who: people.a.id,
  p1OrgType: "region",
  p1Role: "convened",
  p1Contribution: "Bedömning från BUP",
  p2Who: people.b.id,
  p2OrgType: "socialtjanst",
  p2Role: "convened",
  p2Contribution: "Insatser enligt SoL",
  p3Who: people.c.id,
  p3OrgType: "region",
  p3Role: "convened",
  p3Contribution: "Somatisk uppföljning",
  p4Who: "external",
  p4Name: "Eva Handläggare",
  p4Organisation: "Försäkringskassan",
  p4OrgType: "forsakringskassan",
  p4Role: "invited",
  p4Contribution: "Information om ersättning",
  p5Who: people.e.id,
  p5OrgType: "socialtjanst",
  p5Role: "convened",
  p5Contribution: "LSS-insatser",
});

const h = multiUser(people);
const { invoke, cardsTo } = h;
const dataOf = (card: unknown, verb: string) => findData(card, verb) ?? {};

describe("kallelse: three partners answer in their cards, the convener sees it live", () => {
  let caseId = "";
  let caseCode = "";
  const inviteeOf: Record<string, string> = {};

  it("creates a case from a may_proceed verdict and sends the kallelse form", async () => {
    h.connector.clear();
    const verdict = await invoke(people.convener, VERBS.createCase, { prefill: consentValues });
    expect(cardText(verdict)).toContain("Ni kan gå vidare");
    const form = cardsTo(people.convener)[0];
    expect(cardText(form)).toContain("Kallelse till SIP-möte");
    caseId = String(dataOf(form, VERBS.submitKallelse).caseId);
    caseCode = cardText(form).match(/SIP-[A-Z0-9]{4}/)?.[0] ?? "";
    expect(caseCode).toMatch(/^SIP-[2-9A-HJKMNP-Z]{4}$/);
    const stored = await h.server.db.query<{ code: string }>("SELECT code FROM cases WHERE id = $1", [
      caseId,
    ]);
    expect(stored[0]?.code).toBe(caseCode);
  });

  it("sends each reachable partner a card and answers the convener with the tracking card", async () => {
    h.connector.clear();
    // Four professionals against the person alone: the form warns and asks before sending.
    const warned = await invoke(people.convener, VERBS.submitKallelse, kallelse(caseId), "form-activity");
    expect(cardText(warned)).toContain("5 yrkespersoner mot 1 från familjen");
    expect(h.connector.sent()).toHaveLength(0);
    const tracking = await invoke(
      people.convener,
      VERBS.submitKallelse,
      { ...kallelse(caseId), balanceAck: "true" },
      "form-activity",
    );
    // Teams gets its answer before any invitation is sent: everyone is still "Skickas …".
    const first = cardText(tracking);
    expect(first).toContain(`Kallelse ${caseCode} – svar`);
    expect(first.match(/Skickas …/g)).toHaveLength(5);
    // teams-ai replaces the form with that card (it has refresh.userIds); once the turn has
    // answered, the invitations go out and the tracking card is replaced again, showing where each went.
    const calls = h.connector.calls.map((c) => `${c.method} ${c.path}`);
    const form = `PUT /v3/conversations/a:${people.convener.id}/activities/form-activity`;
    expect(calls[0]).toBe(form);
    expect(calls.at(-1)).toBe(form);
    expect(calls.slice(1, -1).every((c) => c.startsWith("POST"))).toBe(true);
    const text = cardText(cardOf(h.connector.calls.at(-1)?.body));
    expect(text).not.toContain("Skickas …");
    expect(text.match(/Inväntar svar/g)).toHaveLength(4);
    for (const p of [people.a, people.b, people.c, people.e]) {
      const [card] = cardsTo(p);
      expect(cardText(card)).toContain("Kallelse till SIP-möte");
      expect(cardText(card)).toContain("10 december 2026");
      inviteeOf[p.id] = String(dataOf(card, VERBS.acceptInvite).inviteeId);
      expect((card as { refresh?: { userIds?: string[] } }).refresh?.userIds).toEqual([p.id]);
    }
    expect(text).toContain("Eva Handläggare");
    expect(text).toContain("Hämta utskrift");
  });

  it("A accepts; the convener's tracking card is updated in place", async () => {
    h.connector.clear();
    const card = await invoke(people.a, VERBS.acceptInvite, { inviteeId: inviteeOf[people.a.id] });
    expect(cardText(card)).toContain("Du har accepterat");
    const updates = cardsTo(people.convener, "PUT");
    expect(updates).toHaveLength(1);
    const puts = h.connector.calls.filter((c) => c.method === "PUT" && c.path.includes(people.convener.id));
    expect(puts[0]?.path).toBe(`/v3/conversations/a:${people.convener.id}/activities/form-activity`);
    expect(cardText(updates[0])).toMatch(/Anna BUP[\s\S]*Accepterat/);
  });

  it("another user pressing A's button is refused and nothing changes; a double press changes nothing", async () => {
    h.connector.clear();
    const before = (await new AuditLog(h.server.db).list(caseCode)).length;
    const refused = await invoke(people.b, VERBS.declineInvite, {
      inviteeId: inviteeOf[people.a.id],
      reason: "x",
    });
    expect(cardText(refused)).toContain("gäller någon annan");
    const again = await invoke(people.a, VERBS.acceptInvite, { inviteeId: inviteeOf[people.a.id] });
    expect(cardText(again)).toContain("Du har accepterat");
    expect((await new AuditLog(h.server.db).list(caseCode)).length).toBe(before);
    // No tracking update: the convener's card is untouched. (A card with `refresh` is replaced for
    // everyone in its own chat, so A's own card gets a PUT from teams-ai; that changes nothing.)
    expect(cardsTo(people.convener, "PUT")).toEqual([]);
  });

  it("B must give a reason to decline, then declines", async () => {
    const noReason = await invoke(people.b, VERBS.declineInvite, {
      inviteeId: inviteeOf[people.b.id],
      reason: " ",
    });
    expect(cardText(noReason)).toContain("Skriv ett skäl");
    const declined = await invoke(people.b, VERBS.declineInvite, {
      inviteeId: inviteeOf[people.b.id],
      reason: "Föräldraledig",
    });
    expect(cardText(declined)).toContain("Du har avböjt. Skäl: Föräldraledig");
  });

  it("C sends D as substitute; D is invited in turn and accepts", async () => {
    h.connector.clear();
    const sent = await invoke(people.c, VERBS.substituteInvite, {
      inviteeId: inviteeOf[people.c.id],
      substituteId: people.d.id,
    });
    expect(cardText(sent)).toContain("Du har skickat David Vårdcentral som ersättare");
    const [dCard] = cardsTo(people.d);
    expect(cardText(dCard)).toContain("Convened to a SIP meeting"); // David's Teams is in English
    expect(cardText(dCard)).toContain("Somatisk uppföljning");
    const dAccepts = await invoke(people.d, VERBS.acceptInvite, dataOf(dCard, VERBS.acceptInvite));
    expect(cardText(dAccepts)).toContain("You have accepted");
    const last = cardsTo(people.convener, "PUT").at(-1);
    const text = cardText(last);
    expect(text).toMatch(/Anna BUP[\s\S]*Accepterat/);
    expect(text).toMatch(/Bengt Socialsekreterare[\s\S]*Avböjt: Föräldraledig/);
    expect(text).toMatch(/Cecilia Vårdcentral[\s\S]*Skickade ersättare/);
    expect(text).toMatch(/David Vårdcentral[\s\S]*Accepterat/);
  });

  it("E forwards within the principal to F, who is invited in turn", async () => {
    h.connector.clear();
    const fwd = await invoke(people.e, VERBS.forwardInvite, {
      inviteeId: inviteeOf[people.e.id],
      colleagueId: people.f.id,
    });
    expect(cardText(fwd)).toContain("Du har vidarebefordrat kallelsen till Frida LSS");
    const [fCard] = cardsTo(people.f);
    expect(cardText(fCard)).toContain("LSS-insatser");
    expect(cardText(cardsTo(people.convener, "PUT").at(-1))).toMatch(/Frida LSS[\s\S]*Inväntar svar/);
  });

  it("the audit table holds every step", async () => {
    const actions = (await new AuditLog(h.server.db).list(caseCode)).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(["case.created", "kallelse.created"]);
    for (const a of [
      "invitation.invited",
      "invitation.printable",
      "invitation.accepted",
      "invitation.declined",
      "invitation.substituted",
    ])
      expect(actions).toContain(a);
    expect(actions.filter((a) => a === "invitation.accepted")).toHaveLength(2);
  });
});

describe("kallelse: a partner who blocked the bot", () => {
  it("a 403 marks the partner unreachable once, tells the convener and gives a printable invitation", async () => {
    h.connector.clear();
    await invoke(people.convener, VERBS.createCase, { prefill: consentValues });
    const caseId = String(dataOf(cardsTo(people.convener)[0], VERBS.submitKallelse).caseId);
    const two = {
      ...kallelse(caseId),
      rows: "2",
      p3Who: "",
      p4Who: "",
      p5Who: "",
      p3Contribution: "",
      p4Contribution: "",
      p5Contribution: "",
      p4Name: "",
    };
    h.connector.clear();
    h.connector.script(
      { status: 200, body: { id: "form-2" } }, // teams-ai replacing the form with the tracking card
      { status: 200, body: { id: "card-for-a" } },
      { status: 403, body: { error: { code: "MessageWritesBlocked", message: "blocked" } } },
    );
    await invoke(people.convener, VERBS.submitKallelse, two, "form-2");
    const text = cardText(cardsTo(people.convener, "PUT").at(-1));
    expect(text).toContain("Bengt Socialsekreterare kunde inte nås i Teams");
    expect(text).toContain("Hämta utskrift");
    expect(
      h.connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/a:${people.b.id}`)),
    ).toHaveLength(1);
  });
});

describe("kallelse: what can never happen", () => {
  it("protected identity or violence never produces a case, a form or an invitation card", async () => {
    for (const flag of ["protectedIdentity", "violence"]) {
      h.connector.clear();
      const casesBefore = (await h.server.db.query("SELECT id FROM cases")).length;
      const verdict = await invoke(people.convener, VERBS.createCase, {
        prefill: { ...consentValues, [flag]: "true" },
      });
      expect(cardText(verdict)).toContain("Endast manuell hantering");
      const sent = cardsTo(people.convener);
      expect(sent).toHaveLength(1);
      expect(cardText(sent[0])).toContain("Ring deltagarna");
      expect(JSON.stringify(sent)).not.toContain(VERBS.submitKallelse);
      expect((await h.server.db.query("SELECT id FROM cases")).length).toBe(casesBefore);
    }
  });

  it("a blocked verdict says why and creates nothing", async () => {
    h.connector.clear();
    await invoke(people.convener, VERBS.createCase, {
      prefill: { ...consentValues, age: "10", childView: "", guardian2: "refused" },
    });
    expect(cardText(cardsTo(people.convener)[0])).toContain("Samtycket räcker inte");
  });

  it("malformed payloads get a clear error card and store nothing", async () => {
    h.connector.clear();
    await invoke(people.convener, VERBS.createCase, { prefill: consentValues });
    const caseId = String(dataOf(cardsTo(people.convener)[0], VERBS.submitKallelse).caseId);
    const count = async () => (await h.server.db.query("SELECT id FROM kallelser")).length;
    const before = await count();
    // Another convener's case id: refused.
    expect(cardText(await invoke(people.b, VERBS.submitKallelse, kallelse(caseId)))).toContain(
      "hör inte till dig",
    );
    // Missing fields: the form comes back with errors beside them, values kept.
    const missing = await invoke(people.convener, VERBS.submitKallelse, {
      ...kallelse(caseId),
      purpose: "",
      time: "25:00",
    });
    expect(cardText(missing)).toContain("Några uppgifter behöver rättas");
    expect(JSON.stringify(missing)).toContain("Vem gör vad?");
    // Wrong types and a verb that does not exist.
    expect(
      cardText(await invoke(people.convener, VERBS.submitKallelse, { caseId, purpose: { x: 1 } })),
    ).toContain("gick att läsa");
    expect(cardText(await invoke(people.convener, "kallelse.delete", { caseId }))).toContain(
      "känns inte igen",
    );
    expect(
      cardText(
        await invoke(people.a, VERBS.acceptInvite, { inviteeId: "00000000-0000-0000-0000-000000000000" }),
      ),
    ).toContain("finns inte längre");
    expect(await count()).toBe(before);
  });
});
