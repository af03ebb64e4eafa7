import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.js";
import { retentionPass } from "../../src/services/retention.js";
import { CaseRepository } from "../../src/store/cases.js";
import type { Db } from "../../src/store/db.js";
import { FlagRepository } from "../../src/store/flags.js";
import { PlanRepository } from "../../src/store/plans.js";
import { PrintLinks } from "../../src/store/print-links.js";
import { eraseClosedCases, ERASED } from "../../src/store/retention.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const DAY = 86_400_000;
const NOW = new Date("2027-03-01T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

/** Every free text a case holds; none may survive its erasure. */
const FREE_TEXT = [
  DETAILS.purpose,
  DETAILS.longTermGoal,
  DETAILS.questions,
  "Familjecentralen",
  DETAILS.personTakesPart,
  "Karin Kurator",
  "Anna BUP",
  "Eva Extern",
  "Hemsjukvården Norr",
  "eva@example.se",
  "Bedömning",
  "Hembesök varannan vecka",
  "Sjuk hela den veckan",
  "Lena Ledare",
  "Stödsamtal varje vecka",
  "Rita Reporter",
  "Hans Hållare",
];

/** A case with every kind of free text: kallelse, invitees, a decline, a print link, a plan, a flag. */
async function seedCase(db: Db, closedDaysAgo?: number) {
  const repo = new CaseRepository(db);
  const c = await repo.createCase(
    {
      tenantId: "t",
      region: "national",
      convenerUserId: "29:k",
      convenerName: "Karin Kurator",
      verdict: { verdict: "may_proceed", channel: "digital", codes: ["V1"], excludedServices: [] },
    },
    "aad-k",
  );
  const { kallelse, invitees } = await repo.createKallelse(
    c.code,
    c.id,
    DETAILS,
    [
      pendingInvitee("29:bup", "Anna BUP"),
      {
        kind: "external",
        name: "Eva Extern",
        organisation: "Hemsjukvården Norr",
        email: "eva@example.se",
        orgType: "kommunal_hsv",
        participation: "invited",
        contribution: "Hembesök varannan vecka",
        status: "pending",
      },
    ],
    "aad-k",
  );
  const [bup, eva] = invitees as [(typeof invitees)[0], (typeof invitees)[0]];
  await repo.delivered(bup.id, { status: "invited", conversationId: "a:bup", activityId: "act-1" }, c.code);
  await repo.delivered(eva.id, { status: "printable", reason: "external" }, c.code);
  await repo.answer(bup, { status: "declined", declineReason: "Sjuk hela den veckan" }, "aad-bup", c.code);
  await new PrintLinks(db).create(eva.id, new Date(NOW.getTime() + 30 * DAY));
  // Written in plain text, as before migration 016: such a legacy row still reads, and is blanked.
  await db.query(
    `INSERT INTO plans (case_id, lead_user_id, lead_tenant_id, lead_name, lead_org, meeting_date, follow_up_date,
       interventions, recorded_by)
     VALUES ($1, '29:lead', 't', 'Lena Ledare', 'socialtjanst', '2026-12-10', '2027-01-20', $2::jsonb, 'aad-k')`,
    [c.id, JSON.stringify([{ what: "Stödsamtal varje vecka", principal: "kommun", start: "2026-12-15" }])],
  );
  const flags = new FlagRepository(db);
  const flag = await flags.create(
    {
      id: randomUUID(),
      tenantId: "t",
      reporterUserId: "29:r",
      reporterName: "Rita Reporter",
      holderUserId: "29:k",
      holderTenantId: "t",
      holderName: "Hans Hållare",
      assessment: { recommendation: "sip_needed", codes: ["A1"], region: "national" },
    },
    "aad-r",
  );
  await flags.linkCase(flag.id, c, "aad-k");
  if (closedDaysAgo !== undefined) await repo.close(c, "goals_met", "aad-k", daysAgo(closedDaysAgo));
  return { c, kallelse, bup, eva, flagId: flag.id };
}

/** All rows that belong to a case, audit entries included, as one JSON text. */
async function rowsOf(db: Db, caseId: string): Promise<string> {
  const q = (sql: string) => db.query(sql, [caseId]);
  const kallelser = "SELECT id FROM kallelser WHERE case_id = $1";
  const invitees = `SELECT id FROM invitees WHERE kallelse_id IN (${kallelser})`;
  return JSON.stringify({
    cases: await q("SELECT * FROM cases WHERE id = $1"),
    kallelser: await q(`SELECT * FROM kallelser WHERE case_id = $1`),
    invitees: await q(`SELECT * FROM invitees WHERE id IN (${invitees})`),
    printLinks: await q(`SELECT * FROM print_links WHERE invitee_id IN (${invitees})`),
    plans: await q("SELECT * FROM plans WHERE case_id = $1"),
    flags: await q("SELECT * FROM flags WHERE case_id = $1"),
    audit: await q(
      `SELECT * FROM audit_log WHERE subject = (SELECT code FROM cases WHERE id = $1)
         OR subject IN (SELECT id::text FROM flags WHERE case_id = $1)`,
    ),
  });
}

/** What the repositories read of a case (its texts opened with the case's key), as one JSON text. */
async function readable(db: Db, caseId: string): Promise<string> {
  const repo = new CaseRepository(db);
  const k = await repo.latestKallelse(caseId);
  return JSON.stringify({
    case: await repo.getCase(caseId),
    kallelse: k,
    invitees: k && (await repo.invitees(k.id)),
    plan: await new PlanRepository(db).get(caseId),
    flags: await db.query("SELECT reporter_name, holder_name FROM flags WHERE case_id = $1", [caseId]),
  });
}

describe.each(engines)("retention erases closed cases' free text, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let db: Db;
  const lines: unknown[] = [];
  const clock: Clock = { now: () => NOW };
  const pass = () =>
    retentionPass({ db, clock, logger: { info: (o: unknown) => lines.push(o) }, retentionDays: 90 });
  let old: Awaited<ReturnType<typeof seedCase>>;
  let recent: Awaited<ReturnType<typeof seedCase>>;
  let open: Awaited<ReturnType<typeof seedCase>>;

  beforeAll(async () => {
    sandbox = await engine.fresh();
    db = sandbox.db;
    old = await seedCase(db, 91);
    recent = await seedCase(db, 89);
    open = await seedCase(db);
    expect(await pass()).toEqual({ erased: 1 });
  });
  afterAll(() => sandbox.dispose());

  it("leaves no free text of a case closed 91 days ago, nor its print links", async () => {
    const json = await rowsOf(db, old.c.id);
    for (const text of FREE_TEXT) expect(json).not.toContain(text);
    const read = await readable(db, old.c.id);
    for (const text of FREE_TEXT) expect(read).not.toContain(text);
    expect(await db.query("SELECT 1 FROM print_links WHERE invitee_id = $1", [old.eva.id])).toEqual([]);
  });

  it("keeps the codes, dates, kinds and statuses", async () => {
    const [c] = await db.query<Record<string, unknown>>("SELECT * FROM cases WHERE id = $1", [old.c.id]);
    expect(c).toMatchObject({
      code: old.c.code,
      status: "closed",
      closed_reason: "goals_met",
      convener_name: null,
    });
    expect(c?.verdict).toMatchObject({ verdict: "may_proceed", codes: ["V1"] });
    expect(new Date(c?.erased_at as string)).toEqual(NOW);
    const [k] = await db.query<{ details: unknown }>("SELECT details FROM kallelser WHERE id = $1", [
      old.kallelse.id,
    ]);
    expect(k?.details).toEqual({
      erased: true,
      date: "2026-12-10",
      time: "14:00",
      durationMinutes: 60,
      place: { kind: "in_person" },
    });
    const invitees = await db.query(
      "SELECT kind, user_id, org_type, participation, status, organisation, email, decline_reason FROM invitees WHERE kallelse_id = $1 ORDER BY seq",
      [old.kallelse.id],
    );
    expect(invitees).toEqual([
      {
        kind: "teams",
        user_id: "29:bup",
        org_type: "region",
        participation: "convened",
        status: "declined",
        organisation: null,
        email: null,
        decline_reason: null,
      },
      {
        kind: "external",
        user_id: null,
        org_type: "kommunal_hsv",
        participation: "invited",
        status: "withdrawn",
        organisation: null,
        email: null,
        decline_reason: null,
      },
    ]);
    const [plan] = await db.query(
      "SELECT lead_name, lead_org, meeting_date, follow_up_date, interventions FROM plans WHERE case_id = $1",
      [old.c.id],
    );
    expect(plan).toEqual({
      lead_name: null,
      lead_org: "socialtjanst",
      meeting_date: "2026-12-10",
      follow_up_date: "2027-01-20",
      interventions: [{ what: ERASED, principal: "kommun", start: "2026-12-15" }],
    });
    const [flag] = await db.query(
      "SELECT reporter_user_id, reporter_name, holder_name, assessment FROM flags WHERE id = $1",
      [old.flagId],
    );
    expect(flag).toMatchObject({
      reporter_user_id: "29:r",
      reporter_name: null,
      holder_name: null,
      assessment: { codes: ["A1"] },
    });
  });

  it("audits the erasure by the system, with no free text", async () => {
    const entries = await db.query<{ actor: string; detail: unknown }>(
      "SELECT actor, detail FROM audit_log WHERE action = 'case.erased' AND subject = $1",
      [old.c.code],
    );
    expect(entries).toEqual([{ actor: "system", detail: {} }]);
    expect(lines).toEqual([{ event: "retention_pass", erased: 1, peerCopies: 0 }]);
  });

  it("destroys the erased case's data key, and only that one", async () => {
    const keys = await db.query<{ id: string }>("SELECT id FROM data_keys WHERE owner = 'case'");
    expect(keys.map((k) => k.id).sort()).toEqual([recent.c.id, open.c.id].sort());
  });

  it("leaves a case closed 89 days ago and an open case untouched", async () => {
    for (const kept of [recent, open]) {
      const json = await readable(db, kept.c.id);
      for (const text of FREE_TEXT) expect(json).toContain(text);
      const [row] = await db.query("SELECT erased_at FROM cases WHERE id = $1", [kept.c.id]);
      expect(row).toEqual({ erased_at: null });
    }
  });

  it("erases nothing on a second pass", async () => {
    expect(await pass()).toEqual({ erased: 0 });
    expect(await db.query("SELECT 1 FROM audit_log WHERE action = 'case.erased'")).toHaveLength(1);
  });

  it("still loads an erased case, its kallelse and invitees, with placeholders", async () => {
    const repo = new CaseRepository(db);
    const found = await repo.inviteeWithCase(old.bup.id);
    expect(found?.c.closed?.reason).toBe("goals_met");
    expect(found?.c.convenerName).toBeUndefined();
    expect(found?.k.details).toMatchObject({
      purpose: ERASED,
      date: "2026-12-10",
      place: { kind: "in_person", text: ERASED },
    });
    expect(found?.invitee).toMatchObject({ name: ERASED, contribution: ERASED, status: "declined" });
    expect(found?.invitee.declineReason).toBeUndefined();
    expect(await new PrintLinks(db).liveCounts(old.kallelse.id, NOW)).toEqual(new Map());
    const plan = await new PlanRepository(db).get(old.c.id);
    expect(plan?.lead.name).toBeUndefined();
    expect(plan?.interventions).toEqual([{ what: ERASED, principal: "kommun", start: "2026-12-15" }]);
  });
});

describe("retention in batches", () => {
  it("erases a backlog a batch per transaction, and a digital kallelse reads without a link", async () => {
    const [engine] = engines as [Engine];
    const sandbox = await engine.fresh();
    try {
      const repo = new CaseRepository(sandbox.db);
      const seeded = [];
      for (let i = 0; i < 5; i++) seeded.push(await seedCase(sandbox.db, 100 + i));
      const digital = { ...DETAILS, place: { kind: "digital" as const, link: "https://möte.example.se/x" } };
      await sandbox.db.query("UPDATE kallelser SET details = $2::jsonb WHERE id = $1", [
        seeded[0]?.kallelse.id,
        JSON.stringify(digital),
      ]);
      expect(await eraseClosedCases(sandbox.db, daysAgo(90), { batchSize: 2 })).toEqual({ cases: 5 });
      expect(await eraseClosedCases(sandbox.db, daysAgo(90), { batchSize: 2 })).toEqual({ cases: 0 });
      const k = await repo.getKallelse(String(seeded[0]?.kallelse.id));
      expect(k?.details.place).toEqual({ kind: "digital", link: "" });
      expect(await sandbox.db.query("SELECT 1 FROM cases WHERE erased_at IS NULL")).toEqual([]);
    } finally {
      await sandbox.dispose();
    }
  });
});
