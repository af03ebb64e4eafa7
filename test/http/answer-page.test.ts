import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { multiUser, type Person } from "../helpers/multi-user.js";
import { mintLinks, paperKallelse } from "../helpers/paper-kallelse.js";
import { inviteeNamed } from "../helpers/opened.js";

/**
 * Issue 12, part 3: the answer page behind a printable invitation's "Svarslänk", over HTTP on the
 * real server, with the fake connector seeing the convener's tracking card change.
 */
const p = (id: string, name: string): Person => ({ id, name, aadObjectId: `aad-${id}` });
const people = { convener: p("29:convener", "Karin Kurator"), anna: p("29:bup", "Anna BUP") };
const h = multiUser(people);
const { invoke, cardsTo } = h;

const s = { kallelseId: "", eva: "", erik: "", evaId: "", code: "" };
/** Tolvan Tolvansson's personnummer: a valid check digit. */
const PNR = "19121212-1212";

beforeAll(async () => {
  const k = await paperKallelse(h, people.convener, people.anna);
  s.kallelseId = k.kallelseId;
  s.code = k.code;
  const tracking = await invoke(people.convener, VERBS.refreshTracking, { kallelseId: s.kallelseId });
  s.eva = (await mintLinks(invoke, people.convener, tracking, "Eva Extern")).answer;
  s.erik = (await mintLinks(invoke, people.convener, tracking, "Erik Extern")).answer;
  const eva = await inviteeNamed(h.server.db, "Eva Extern");
  s.evaId = String(eva?.id);
  expect(s.eva).toMatch(/\/svar\/[A-Za-z0-9_-]{43}$/);
  expect(s.erik).toMatch(/\/svar\/[A-Za-z0-9_-]{43}$/);
});

const get = (url: string, lang?: string) => fetch(url, lang ? { headers: { "accept-language": lang } } : {});
/** A browser's POST from the page itself: same origin. */
const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: h.server.url,
      "sec-fetch-site": "same-origin",
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });

/** Every row that an answer could change, for "nothing changed". */
async function snapshot(): Promise<string> {
  const tables = ["invitees", "print_links", "audit_log"];
  return JSON.stringify(
    await Promise.all(tables.map((t) => h.server.db.query(`SELECT * FROM ${t} ORDER BY 1`))),
  );
}
const statusOf = async (name: string) => (await inviteeNamed(h.server.db, name))?.status;

function expectStrictHeaders(res: Response) {
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("x-robots-tag")).toBe("noindex");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toMatch(/script-src|unsafe/);
}

describe("GET /svar/:token", () => {
  it("shows the form in Swedish, escaped, without script, and only what the letter shows", async () => {
    const res = await get(s.eva);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expectStrictHeaders(res);
    const html = await res.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain("Svara på inbjudan");
    expect(html).toContain(`Referens: ${s.code}`);
    expect(html).toContain("Eva Extern, FK &lt;Väst&gt; &amp; &quot;Co&quot;");
    expect(html).not.toContain("<Väst>");
    expect(html).toMatch(/<form method="post"/);
    expect(html).not.toMatch(/<script|onclick|javascript:/i);
    // Not the convener's other partners, nor anything of the tracking card.
    expect(html).not.toContain("Anna BUP");
    expect(html).not.toContain("Erik Extern");
  });

  it("shows English when the browser prefers it", async () => {
    const html = await (await get(s.eva, "en-GB,en;q=0.9,sv;q=0.5")).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Reply to this invitation");
    expect(await (await get(s.eva, "de-DE")).text()).toContain("Svara på inbjudan");
  });

  it("never answers, however often it is fetched (a mail scanner following the link)", async () => {
    const before = await snapshot();
    for (let i = 0; i < 3; i++) await get(s.eva);
    await h.server.background.idle();
    expect(await snapshot()).toBe(before);
    expect(await statusOf("Eva Extern")).toBe("printable");
  });

  it("answers an unknown, malformed or revoked link with one and the same not-found page", async () => {
    const unknown = s.eva.replace(/[A-Za-z0-9_-]{43}$/, "A".repeat(43));
    const bodies = new Set<string>();
    for (const url of [unknown, `${h.server.url}/svar/short`, `${h.server.url}/svar/%ff`]) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expectStrictHeaders(res);
      bodies.add(await res.text());
    }
    const erikId = (await inviteeNamed(h.server.db, "Erik Extern"))?.id;
    await invoke(people.convener, VERBS.revokePrintLink, { kallelseId: s.kallelseId, inviteeId: erikId });
    const revoked = await get(s.erik);
    expect(revoked.status).toBe(404);
    bodies.add(await revoked.text());
    const post404 = await post(s.erik, { answer: "accept" });
    expect(post404.status).toBe(404);
    bodies.add(await post404.text());
    expect([...bodies]).toHaveLength(1);
    expect([...bodies][0]).toContain("Länken är ogiltig eller har gått ut");
    expect(await statusOf("Erik Extern")).toBe("printable");
  });
});

describe("POST /svar/:token", () => {
  it("refuses a POST from another site, and changes nothing", async () => {
    const before = await snapshot();
    const evil = await post(
      s.eva,
      { answer: "accept" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(evil.status).toBe(403);
    const noFetchMeta = await fetch(s.eva, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "answer=accept",
    });
    expect(noFetchMeta.status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it("refuses a personnummer in the reason: the form again, field marked, text kept, nothing stored", async () => {
    const before = await snapshot();
    const res = await post(s.eva, { answer: "decline", reason: `Sjuk <3, se ${PNR}` });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(
      /<textarea id="reason" name="reason"[^>]*aria-invalid="true"[^>]*>Sjuk &lt;3, se 19121212-1212</,
    );
    expect(html).toContain("ser ut som ett personnummer");
    const sub = await (await post(s.eva, { answer: "substitute", substitute: `Per ${PNR}` })).text();
    expect(sub).toMatch(/<input type="text" id="substitute"[^>]*aria-invalid="true"/);
    expect(await snapshot()).toBe(before);
    expect(JSON.stringify(h.server.logLines)).not.toContain("1212-1212");
  });

  it("asks for a reason to decline and a name for a substitute", async () => {
    expect((await post(s.eva, { answer: "decline", reason: " " })).status).toBe(422);
    const noName = await post(s.eva, { answer: "substitute" });
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain("Skriv ersättarens namn.");
    expect((await post(s.eva, {})).status).toBe(422);
    expect(await statusOf("Eva Extern")).toBe("printable");
  });

  it("refuses a body over the limit", async () => {
    const res = await post(s.eva, { answer: "decline", reason: "x".repeat(6000) });
    expect(res.status).toBe(413);
    expect(await statusOf("Eva Extern")).toBe("printable");
  });

  it("accepts: the invitee is updated, audited by ids, and the convener's tracking card in place", async () => {
    h.connector.clear();
    const res = await post(s.eva, { answer: "accept", reason: "" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Svaret är registrerat");
    expect(html).toContain("Svar: kommer.");
    await h.server.background.idle();
    expect(await statusOf("Eva Extern")).toBe("accepted");
    const [audit] = await h.server.db.query<{ actor: string; detail: unknown }>(
      "SELECT actor, detail FROM audit_log WHERE action = 'invitation.accepted' AND subject = $1",
      [s.code],
    );
    expect(audit).toEqual({ actor: "answer_link", detail: { invitee: s.evaId, via: "answer_link" } });
    const update = cardsTo(people.convener, "PUT").at(-1);
    expect(h.connector.calls.some((c) => c.method === "PUT" && c.path.endsWith("/activities/form-1"))).toBe(
      true,
    );
    expect(cardText(update)).toMatch(/Eva Extern[\s\S]*Accepterat/);
  });

  it("used again, the link shows the answer already given and changes nothing", async () => {
    const before = await snapshot();
    h.connector.clear();
    const again = await post(s.eva, { answer: "decline", reason: "Ändrat mig" });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/Svar: kommer\.[\s\S]*redan lämnats/);
    const look = await get(s.eva, "en");
    expect(look.status).toBe(200);
    const html = await look.text();
    expect(html).toContain("Reply: attending.");
    expect(html).not.toContain("<form");
    await h.server.background.idle();
    expect(await snapshot()).toBe(before);
    expect(h.connector.calls).toEqual([]);
  });

  it("the printable letter carries the answer link", async () => {
    const letter = await (await get(s.eva.replace("/svar/", "/kallelse/"))).text();
    expect(letter).toContain(`Svara på webben`);
    expect(letter).toContain(s.eva);
  });
});

/** CONTRACT v3: the answer page and the letter cite the duty to attend only to a convened principal. */
describe("an invitee stored as convened before v3", () => {
  const set = async (orgType: string) =>
    h.server.db.query("UPDATE invitees SET participation = 'convened', org_type = $1 WHERE id = $2", [
      orgType,
      (await inviteeNamed(h.server.db, "Erik Extern"))?.id,
    ]);
  // Erik's first link was revoked above: a new one ("Hämta utskrift") for these.
  let link = "";
  beforeAll(async () => {
    const tracking = await invoke(people.convener, VERBS.refreshTracking, { kallelseId: s.kallelseId });
    link = (await mintLinks(invoke, people.convener, tracking, "Erik Extern")).answer;
    expect(link).toMatch(/\/svar\/[A-Za-z0-9_-]{43}$/);
    expect(link).not.toBe(s.erik);
  });
  const page = async () => (await get(link)).text();
  const letter = async () => (await get(link.replace("/svar/", "/kallelse/"))).text();

  it("who is no principal (Försäkringskassan) is answered and written to as invited", async () => {
    await set("forsakringskassan");
    const html = await page();
    expect(html).toContain("<h1>Svara på inbjudan</h1>");
    expect(html).not.toContain("Svara på kallelsen");
    const text = await letter();
    expect(text).toMatch(/^INBJUDAN TILL SIP-MÖTE/);
    expect(text).not.toContain("skyldig att delta");
  });

  it("who is a principal (municipal health care) stays convened", async () => {
    await set("kommunal_hsv");
    expect(await page()).toContain("<h1>Svara på kallelsen</h1>");
    const text = await letter();
    expect(text).toMatch(/^KALLELSE TILL SIP-MÖTE/);
    expect(text).toContain("skyldig att delta");
  });
});
