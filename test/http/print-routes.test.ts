import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrintableInvitation } from "../../src/cases/printable.js";
import { printRoutes } from "../../src/http/print-routes.js";
import { openDb, type Db } from "../../src/store/db.js";
import { PrintLinks } from "../../src/store/print-links.js";

const INVITEE = "0b6f7a1e-1111-4222-8333-944445555666";
const fixture: PrintableInvitation = {
  caseCode: "SIP-7F3K",
  region: "national",
  convenerName: "Anna Ågren",
  details: {
    purpose: "Samordna stödet mellan skola och BUP.",
    longTermGoal: "Att gå klart årskurs nio.",
    questions: "Vem gör vad?",
    date: "2026-07-15",
    time: "14:00",
    durationMinutes: 60,
    place: { kind: "digital", link: "https://teams.microsoft.com/l/meetup-join/x" },
    personTakesPart: "Deltar digitalt.",
  },
  invitee: {
    id: INVITEE,
    name: "Eva Ek",
    organisation: "Försäkringskassan",
    orgType: "forsakringskassan",
    participation: "invited",
    contribution: "Information om aktivitetsersättning.",
  },
};

let db: Db;
let server: Server;
let base: string;
let links: PrintLinks;
let now = new Date("2026-07-01T10:00:00Z");
const load = vi.fn(async (id: string) => (id === INVITEE ? fixture : undefined));
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

beforeAll(async () => {
  db = await openDb({ dataDir: "memory://" });
  await db.query(
    `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, verdict)
     VALUES ('00000000-0000-4000-8000-000000000001', 'SIP-7F3K', 't', 'national', 'aad:lead', '{}')`,
  );
  await db.query(
    `INSERT INTO kallelser (id, case_id, details)
     VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', '{}')`,
  );
  for (const [seq, id] of [
    [1, INVITEE],
    [2, "00000000-0000-4000-8000-000000000003"], // exists in the database, but load finds nothing
  ] as const) {
    await db.query(
      `INSERT INTO invitees (id, kallelse_id, seq, kind, name, org_type, participation, contribution, status, tenant_id)
       VALUES ($1, '00000000-0000-4000-8000-000000000002', $2, 'external', 'x', 'annan', 'invited', 'x', 'printable', 't')`,
      [id, seq],
    );
  }
  links = new PrintLinks(db);
  const app = express();
  app.use(printRoutes({ links, load, clock: { now: () => now } }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
});
beforeEach(() => {
  now = new Date("2026-07-01T10:00:00Z");
  load.mockClear();
});

const get = (path: string) => fetch(`${base}${path}`);

function expectPrivateHeaders(res: Response) {
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("x-robots-tag")).toBe("noindex");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
}

async function expectNotFound(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expectPrivateHeaders(res);
  expect(await res.text()).toBe(
    "Länken är ogiltig eller har gått ut. Be den som skickade kallelsen om en ny länk.\n",
  );
}

describe("GET /kallelse/:token", () => {
  it("serves the letter as Swedish plain text", async () => {
    const token = await links.create(INVITEE, later(14));
    const res = await get(`/kallelse/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-language")).toBe("sv");
    expectPrivateHeaders(res);
    const text = await res.text();
    expect(text).toMatch(/^INBJUDAN TILL SIP-MÖTE/);
    expect(text).toContain("Referens: SIP-7F3K");
    expect(text).toContain("15 juli 2026");
    expect(load).toHaveBeenCalledWith(INVITEE);
  });

  it("serves English with ?lang=en, and Swedish for any other lang", async () => {
    const token = await links.create(INVITEE, later(14));
    const en = await get(`/kallelse/${token}?lang=en`);
    expect(en.headers.get("content-language")).toBe("en");
    expect(await en.text()).toMatch(/^INVITATION TO A SIP MEETING/);
    expect(await (await get(`/kallelse/${token}?lang=xx`)).text()).toMatch(/^INBJUDAN/);
  });

  it("serves the .ics as a calendar attachment named after the case code", async () => {
    const token = await links.create(INVITEE, later(14));
    const res = await get(`/kallelse/${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="sip-7F3K.ics"');
    expectPrivateHeaders(res);
    const ics = await res.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain("DTSTART:20260715T120000Z\r\n");
    expect(ics).toContain("DTSTAMP:20260701T100000Z\r\n"); // from the injected clock
  });

  it("answers 404 for an unknown token, the same for the letter and the .ics", async () => {
    const unknown = "B".repeat(43);
    await expectNotFound(await get(`/kallelse/${unknown}`));
    await expectNotFound(await get(`/kallelse/${unknown}.ics`));
    expect(load).not.toHaveBeenCalled();
  });

  it("answers 404 once the link has expired", async () => {
    const token = await links.create(INVITEE, later(1));
    expect((await get(`/kallelse/${token}`)).status).toBe(200);
    now = later(1);
    await expectNotFound(await get(`/kallelse/${token}`));
    await expectNotFound(await get(`/kallelse/${token}.ics`));
  });

  it("answers 404 when the invitee behind a valid token can no longer be loaded", async () => {
    const token = await links.create("00000000-0000-4000-8000-000000000003", later(1));
    await expectNotFound(await get(`/kallelse/${token}`));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("answers 404 to malformed tokens without touching the database", async () => {
    const token = await links.create(INVITEE, later(1));
    const resolve = vi.spyOn(links, "resolve");
    const query = vi.spyOn(db, "query");
    try {
      for (const path of [
        INVITEE, // an invitee id is not a token
        "SIP-7F3K",
        token.slice(1),
        `${token}A`,
        `${token}.txt`,
        `${token}.ICS`,
        `${token.slice(0, 42)}%3D`,
        `${token.slice(0, 40)}%2F..`,
      ])
        await expectNotFound(await get(`/kallelse/${path}`));
      expect(resolve).not.toHaveBeenCalled();
      expect(query).not.toHaveBeenCalled();
    } finally {
      resolve.mockRestore();
      query.mockRestore();
    }
  });

  it("puts nothing but the token in the URL path", async () => {
    const token = await links.create(INVITEE, later(14));
    for (const path of [`/kallelse/${token}`, `/kallelse/${token}.ics`]) {
      expect(path).toMatch(/^\/kallelse\/[A-Za-z0-9_-]{43}(\.ics)?$/);
      for (const secret of [INVITEE, "Eva", "Ek", "Försäkringskassan", "7F3K", "Anna"]) {
        expect(path).not.toContain(secret);
      }
      expect((await get(path)).status).toBe(200);
    }
  });

  it("passes a failing load to express's error handling (500), not a 404", async () => {
    const token = await links.create(INVITEE, later(1));
    load.mockRejectedValueOnce(new Error("database down"));
    expect((await get(`/kallelse/${token}`)).status).toBe(500);
  });

  it("leaves other paths to the rest of the app", async () => {
    expect((await get("/kallelse")).status).toBe(404);
    expect((await get("/api/messages")).status).toBe(404);
  });
});
