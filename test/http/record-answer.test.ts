import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { dataOf, multiUser, type Person } from "../helpers/multi-user.js";
import { mintLinks, paperKallelse } from "../helpers/paper-kallelse.js";
import { inviteeNamed, openedInvitees } from "../helpers/opened.js";

/**
 * Issue 12, part 3: "Registrera svar" on the tracking card (an answer given by phone, recorded by
 * the convener) and a substitute named on the answer page, who gets a letter and link of their own.
 * Who else may press "Registrera svar" is test/http/access.test.ts's.
 */
const p = (id: string, name: string): Person => ({ id, name, aadObjectId: `aad-${id}` });
const people = { convener: p("29:convener", "Karin Kurator"), anna: p("29:bup", "Anna BUP") };
const h = multiUser(people);
const { invoke } = h;

const s = { kallelseId: "", code: "", ids: {} as Record<string, string>, links: new Map<string, string>() };
const ids = (name: string) => ({ kallelseId: s.kallelseId, inviteeId: s.ids[name] ?? "" });

async function refresh() {
  const rows = await openedInvitees(h.server.db);
  s.ids = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  return invoke(people.convener, VERBS.refreshTracking, { kallelseId: s.kallelseId });
}
/** "Hämta utskrift" for a paper partner: their answer link, shown on that press only. */
async function mint(name: string) {
  s.links.set(name, (await mintLinks(invoke, people.convener, await refresh(), name)).answer);
}
async function snapshot(): Promise<string> {
  const tables = ["invitees", "print_links", "audit_log"];
  return JSON.stringify(
    await Promise.all(tables.map((t) => h.server.db.query(`SELECT * FROM ${t} ORDER BY 1`))),
  );
}
const row = async (name: string) => {
  const i = await inviteeNamed(h.server.db, name);
  return i && { status: i.status, decline_reason: i.declineReason ?? null };
};
const postAnswer = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    body: new URLSearchParams(form).toString(),
  });

beforeAll(async () => {
  const k = await paperKallelse(h, people.convener, people.anna);
  s.kallelseId = k.kallelseId;
  s.code = k.code;
  await mint("Eva Extern");
  await mint("Erik Extern");
});

describe("Registrera svar", () => {
  it("is offered on each paper partner's row, and opens a card for that partner", async () => {
    const tracking = await refresh();
    expect(cardText(tracking)).toContain("Registrera svar");
    const card = await invoke(people.convener, VERBS.openRecordAnswer, ids("Eva Extern"));
    expect(cardText(card)).toContain("Registrera svar för Eva Extern");
    expect(dataOf(card, VERBS.recordAnswer)).toEqual(ids("Eva Extern"));
  });

  it("asks for an answer, a reason to decline, a substitute's name", async () => {
    const save = (data: Record<string, string>) =>
      invoke(people.convener, VERBS.recordAnswer, { ...ids("Eva Extern"), ...data });
    expect(cardText(await save({}))).toContain("Välj ett svar.");
    expect(cardText(await save({ answer: "decline", reason: "" }))).toContain(
      "Skriv ett skäl för att avböja.",
    );
    expect(cardText(await save({ answer: "substitute" }))).toContain("Skriv ersättarens namn.");
    expect((await row("Eva Extern"))?.status).toBe("printable");
  });

  it("refuses a personnummer in the reason: the card again, the field marked, nothing stored", async () => {
    const before = await snapshot();
    const card = await invoke(people.convener, VERBS.recordAnswer, {
      ...ids("Eva Extern"),
      answer: "decline",
      reason: "Ring 19121212-1212",
    });
    expect(cardText(card)).toContain("Registrera svar för Eva Extern");
    expect(cardText(card)).toMatch(/personnummer/i);
    expect(await snapshot()).toBe(before);
  });

  it("records a decline as the convener's, and the tracking card shows it", async () => {
    h.connector.clear();
    const tracking = await invoke(people.convener, VERBS.recordAnswer, {
      ...ids("Eva Extern"),
      answer: "decline",
      reason: "Semester vecka 50",
    });
    expect(cardText(tracking)).toMatch(/Eva Extern[\s\S]*Avböjt: Semester vecka 50/);
    expect(await row("Eva Extern")).toEqual({ status: "declined", decline_reason: "Semester vecka 50" });
    const [audit] = await h.server.db.query<{ actor: string; detail: unknown }>(
      "SELECT actor, detail FROM audit_log WHERE action = 'invitation.declined' AND subject = $1",
      [s.code],
    );
    expect(audit).toEqual({
      actor: "aad-29:convener",
      detail: { invitee: s.ids["Eva Extern"], via: "recorded" },
    });
  });

  it("after it, Eva's answer link shows that answer and changes nothing; a second record neither", async () => {
    const url = [...s.links.entries()].find(([n]) => n === "Eva Extern")?.[1] ?? "";
    expect(url).toContain("/svar/");
    const before = await snapshot();
    const page = await (await fetch(url)).text();
    expect(page).toContain("Svar: kan inte komma.");
    expect(page).toContain("Skäl: Semester vecka 50");
    expect((await postAnswer(url, { answer: "accept" })).status).toBe(409);
    const again = await invoke(people.convener, VERBS.recordAnswer, {
      ...ids("Eva Extern"),
      answer: "accept",
    });
    expect(cardText(again)).toMatch(/Eva Extern[\s\S]*Avböjt/);
    await h.server.background.idle();
    expect(await snapshot()).toBe(before);
  });

  it("is not offered for a Teams partner: pressing it anyway shows the tracking card, nothing changes", async () => {
    const before = await snapshot();
    const card = await invoke(people.convener, VERBS.recordAnswer, { ...ids("Anna BUP"), answer: "accept" });
    expect(cardText(card)).toContain(`Kallelse ${s.code}`);
    expect(await snapshot()).toBe(before);
  });
});

describe("a substitute named on the answer page", () => {
  it("is invited on paper in turn, with an answer link of their own that the convener can record for", async () => {
    const erik = s.links.get("Erik Extern") ?? "";
    const res = await postAnswer(erik, { answer: "substitute", substitute: "Per <Persson>" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Svar: skickar ersättare, Per &lt;Persson&gt;.");
    await h.server.background.idle();
    expect((await row("Erik Extern"))?.status).toBe("substituted");
    expect((await row("Per <Persson>"))?.status).toBe("printable");
    await mint("Per <Persson>");
    expect(s.links.get("Per <Persson>")).toMatch(/\/svar\/[A-Za-z0-9_-]{43}$/);
    const tracking = await invoke(people.convener, VERBS.recordAnswer, {
      ...ids("Per <Persson>"),
      answer: "accept",
    });
    // Shown as typed: the "<" escaped so Teams cannot read it as an autolink or a mention.
    expect(cardText(tracking)).toMatch(/Per \\<Persson>[\s\S]*Accepterat/);
  });
});
