import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { AuditLog } from "../../src/store/audit.js";
import { cardText } from "../helpers/activities.js";
import { multiUser, type Person } from "../helpers/multi-user.js";
import { letterUrls, mintLinks, paperKallelse, rowData } from "../helpers/paper-kallelse.js";

/**
 * Issue 20: a printable link's token is stored only as its hash, so the tracking card shows a link
 * only on the press of "Hämta utskrift" that made it. Who else may press it: test/http/access.test.ts.
 */
const p = (id: string, name: string): Person => ({ id, name, aadObjectId: `aad-${id}` });
const people = { convener: p("29:convener", "Karin Kurator"), anna: p("29:bup", "Anna BUP") };
const h = multiUser(people);
const { invoke } = h;
const s = { kallelseId: "", code: "" };
const refresh = () => invoke(people.convener, VERBS.refreshTracking, { kallelseId: s.kallelseId });

beforeAll(async () => {
  const k = await paperKallelse(h, people.convener, people.anna);
  s.kallelseId = k.kallelseId;
  s.code = k.code;
});

describe("Hämta utskrift", () => {
  it("shows the letter, calendar file and answer link once, on the press that made them", async () => {
    const tracking = await refresh();
    // Delivery makes no link: the convener fetches one when about to print or send it.
    expect(letterUrls(tracking)).toEqual([]);
    expect(cardText(tracking)).toContain("Ingen giltig länk");
    const minted = await mintLinks(invoke, people.convener, tracking, "Eva Extern");
    expect(cardText(minted.card)).toContain("visas bara nu");
    const token = minted.letter.slice(-43);
    expect(minted.ics).toBe(`${minted.letter}.ics`);
    expect(minted.answer).toMatch(new RegExp(`/svar/${token}$`));
    // Erik's row, on the same card, shows no link: only the press's own invitee gets one.
    expect(letterUrls(minted.card)).toEqual([minted.letter]);
    const text = await (await fetch(minted.letter)).text();
    expect(text).toContain(s.code);
    expect(text).toContain("Information om ersättning");
    expect(text).toContain(minted.answer);
    expect((await fetch(minted.ics)).headers.get("content-type")).toContain("text/calendar");
    expect((await fetch(minted.answer)).status).toBe(200);

    // The next render (Teams' refresh, a job's update) cannot show it again, yet it still works.
    const later = await refresh();
    expect(JSON.stringify(later)).not.toContain(token);
    expect(letterUrls(later)).toEqual([]);
    expect(cardText(later)).toContain("Giltiga länkar: 1");
    expect(rowData(later, "Eva Extern", VERBS.mintPrintLink)).toEqual(
      rowData(tracking, "Eva Extern", VERBS.mintPrintLink),
    );
    expect((await fetch(minted.letter)).status).toBe(200);
    // Nowhere else either: not the table, the audit or the log.
    for (const table of ["print_links", "audit_log"])
      expect(JSON.stringify(await h.server.db.query(`SELECT * FROM ${table}`))).not.toContain(token);
    expect(JSON.stringify(h.server.logLines)).not.toContain(token);
  });

  it("makes a link per press; Återkalla länken ends them all, and a new one works", async () => {
    const printLinkAudits = async () =>
      (await new AuditLog(h.server.db).list(s.code))
        .map((e) => e.action)
        .filter((a) => a.startsWith("print_link."));
    const audited = (await printLinkAudits()).length;
    const tracking = await refresh();
    // Two letters sent, say, by post and by e-mail: each press makes a link of its own.
    const first = await mintLinks(invoke, people.convener, tracking, "Erik Extern");
    const second = await mintLinks(invoke, people.convener, tracking, "Erik Extern");
    expect(second.letter).not.toBe(first.letter);
    for (const url of [first.letter, second.letter]) expect((await fetch(url)).status).toBe(200);
    expect(letterUrls(second.card)).toEqual([second.letter]);
    expect(cardText(second.card)).toMatch(/Erik Extern[\s\S]*Giltiga länkar: 2/);

    const revoke = rowData(second.card, "Erik Extern", VERBS.revokePrintLink);
    expect(revoke?.kallelseId).toBe(s.kallelseId);
    const revoked = await invoke(people.convener, VERBS.revokePrintLink, revoke);
    expect(cardText(revoked)).toMatch(/Erik Extern[\s\S]*Ingen giltig länk/);
    expect(rowData(revoked, "Erik Extern", VERBS.revokePrintLink)).toBeUndefined();
    expect(letterUrls(revoked)).toEqual([]);
    for (const m of [first, second])
      for (const url of [m.letter, m.ics, m.answer]) expect((await fetch(url)).status).toBe(404);

    const renewed = await mintLinks(invoke, people.convener, revoked, "Erik Extern");
    expect(await (await fetch(renewed.letter)).text()).toContain("Information om ersättning");
    expect((await fetch(first.letter)).status).toBe(404);
    expect((await printLinkAudits()).slice(audited)).toEqual([
      "print_link.created",
      "print_link.created",
      "print_link.revoked",
      "print_link.created",
    ]);
  });
});
