import { randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pickEngines } from "./pick-engines.js";
import type { ReminderSpec } from "../src/cases/plan.js";
import { mineService } from "../src/services/mine.js";
import { retentionPass } from "../src/services/retention.js";
import { CaseRepository } from "../src/store/cases.js";
import { ConversationRefs } from "../src/store/conversation-refs.js";
import { ERASED, masterKeyOf, sealer, sealJson, wrapKey } from "../src/store/crypto.js";
import { openDb, type Db, type Executor } from "../src/store/db.js";
import { PlanRepository } from "../src/store/plans.js";
import { PrintLinks } from "../src/store/print-links.js";
import { ReminderRepository } from "../src/store/reminders.js";
import { statsRows } from "../src/store/stats.js";

/**
 * Sizing and growth (issue 21): a large region's years, generated synthetically (no real names, no
 * personnummer), into PGlite (a temp DATA_DIR, as shipped) and PostgreSQL (TEST_DATABASE_URL, a
 * fresh schema dropped afterwards), at 1× and 10×. The store's own code paths do the reads and
 * writes, so the sealed texts are opened (and sealed) as in production. Prints p50/p99 per
 * operation and the growth 1× → 10×; a turn-path operation growing more than 1.5× is flagged.
 * Never fails on a figure; not part of `npm test` (bench/README.md).
 *
 *   npm run bench:scale -- [--cases=5000] [--factors=1,10] [--samples=200] [--only=pglite,postgres]
 */
const raw = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const BASE_CASES = Number(raw("cases") ?? 5_000);
const FACTORS = (raw("factors") ?? "1,10").split(",").map(Number);
const SAMPLES = Number(raw("samples") ?? 200);
const ONLY = raw("only")?.split(",");
const PG_URL = process.env.TEST_DATABASE_URL || undefined;
const GROWTH_LIMIT = 1.5;

const TENANT = "tenant-scale";
const TARGET = "29:convener-target"; // the convener with 300 cases whose "Mina SIP" is timed
const TARGET_CASES = 300;
const DAY = 86_400_000;
const YEARS = 5;
const STATS_SAMPLES = 5;
const RETENTION_PASSES = 20; // each erases RETENTION_PER_PASS cases
const RETENTION_PER_PASS = 10;
const CLAIM_DAYS = 30; // each 08:00 pass: CLAIM_PER_DAY due, STALE_PER_DAY no longer due
const CLAIM_PER_DAY = 40;
const STALE_PER_DAY = 10;
const WARMUP = 5;

/*
 * The shape, per case index i of n (i = 0 oldest, created over 5 years):
 *   i < 0.6n           closed and erased by retention (no data key, texts "(raderad)")
 *   0.6n ≤ i < 0.7n    closed, not yet erased; the first RETENTION_PASSES × 10 closed long enough ago
 *   0.7n ≤ i < 0.8n    open with a plan whose follow-up is ahead (0.1n open plans, 3 reminders each)
 *   0.8n ≤ i           open, a kallelse out, two invitees still to answer
 * Every case: one kallelse, 4 invitees (3 in Teams, 1 external), 20 audit rows; cases below 0.7n
 * also a finished plan with 3 sent reminders. The data key, convener's name, the kallelse's texts,
 * invitees' names, organisations and contributions, the lead's name and the interventions are
 * sealed per case with the store's crypto (crypto.ts), as the store would seal them.
 */
interface Shape {
  n: number;
  erased: number;
  closed: number;
  planned: number;
  step: number;
}
const shape = (n: number): Shape => ({
  n,
  erased: Math.floor(0.6 * n),
  closed: Math.floor(0.7 * n),
  planned: Math.floor(0.8 * n),
  step: Math.floor(n / TARGET_CASES),
});

const ORG_TYPES = ["socialtjanst", "region", "kommunal_hsv"];
const convenerOf = (s: Shape, i: number) =>
  i % s.step === 0 && i / s.step < TARGET_CASES ? TARGET : `29:conv-${i % Math.max(1, Math.floor(s.n / 50))}`;

/** A deterministic RFC 4122 version-4 uuid from a text, in SQL. */
const v4 = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

async function seed(db: Db, s: Shape, base: Date, master: KeyObject): Promise<string[]> {
  const ids = Array.from({ length: s.n }, () => randomUUID());
  const yearMs = (YEARS * 365 * DAY) / s.n;
  const B = 2_000;
  for (let from = 0; from < s.n; from += B) {
    const to = Math.min(s.n, from + B);
    const cols = {
      id: [] as string[],
      idx: [] as number[],
      convener: [] as string[],
      convenerName: [] as (string | null)[],
      wrapped: [] as (string | null)[],
      details: [] as (string | null)[],
      leadName: [] as (string | null)[],
      interventions: [] as string[],
    };
    const inv = {
      idx: [] as number[],
      seq: [] as number[],
      name: [] as string[],
      org: [] as (string | null)[],
    };
    const contrib: string[] = [];
    for (let i = from; i < to; i++) {
      const id = ids[i] as string;
      const live = i >= s.erased;
      const key = live ? randomBytes(32) : undefined;
      const seal = sealer(id, key);
      cols.id.push(id);
      cols.idx.push(i);
      cols.convener.push(convenerOf(s, i));
      cols.convenerName.push(live ? seal.seal(`Samordnare ${i % 97}`) : null);
      cols.wrapped.push(key ? wrapKey(master, id, key).toString("base64") : null);
      const date = new Date(base.getTime() - (s.n - i) * yearMs + 14 * DAY).toISOString().slice(0, 10);
      cols.details.push(
        live
          ? JSON.stringify(
              sealJson(
                seal,
                {
                  purpose: `Samordna insatser i ärende ${i}`,
                  longTermGoal: "Att skolgång och hemsituation fungerar över tid",
                  questions: "Vem gör vad, och när följer vi upp?",
                  date,
                  time: "09:00",
                  durationMinutes: 60,
                  place: { kind: "in_person", text: "Mötesrum 3, kommunhuset" },
                  personTakesPart: "Deltar med stöd av vårdnadshavare",
                },
                new Set(["date", "time", "kind"]),
              ),
            )
          : null,
      );
      cols.leadName.push(live && i < s.planned ? seal.seal(`Lotsande ${i % 89}`) : null);
      cols.interventions.push(
        JSON.stringify(
          sealJson(
            live ? seal : { seal: () => ERASED, open: (v) => v },
            [
              { what: "Samtalsstöd varannan vecka", principal: "kommun" },
              { what: "Utredning inom barn- och ungdomspsykiatrin", principal: "region" },
            ],
            new Set(["principal", "start", "end"]),
          ),
        ),
      );
      for (let seq = 1; seq <= 4; seq++) {
        inv.idx.push(i);
        inv.seq.push(seq);
        inv.name.push(live ? seal.seal(`Deltagare ${seq}-${i % 101}`) : ERASED);
        inv.org.push(live ? seal.seal(seq === 4 ? "Friskolan AB" : "Förvaltningen") : null);
        contrib.push(live ? seal.seal("Berättar om stödet hittills och vad som behövs") : ERASED);
      }
    }
    const p = [s.n, base.toISOString(), yearMs / 1000, s.erased, s.closed, s.planned];
    await db.transaction(async (tx) => {
      // $1 n, $2 base, $3 seconds per case, $4 erased, $5 closed, $6 planned; then the arrays.
      // Every statement names all six (PGlite cannot type a parameter a statement leaves unused).
      const all = "($1::int, $2::timestamptz, $3::float8, $4::int, $5::int, $6::int) IS NOT NULL";
      const created = `$2::timestamptz - (($1::int - x.i) * $3::float8) * interval '1 second'`;
      await tx.query(
        `INSERT INTO cases (id, code, tenant_id, region, convener_user_id, convener_name, verdict, assessment,
           status, created_at, closed_at, closed_reason, erased_at)
         SELECT x.id, 'SC' || x.i, '${TENANT}', 'national', x.conv, x.cname,
           '{"verdict":"consent","channel":"teams","codes":[]}'::jsonb, '{"recommendation":"sip","codes":[]}'::jsonb,
           CASE WHEN x.i < $5::int THEN 'closed' ELSE 'open' END, ${created},
           CASE WHEN x.i < $4::int THEN ${created} + interval '200 days'
                WHEN x.i < $4::int + ${(RETENTION_PASSES + 3) * RETENTION_PER_PASS}
                  THEN $2::timestamptz - interval '400 days' + (x.i - $4::int) * interval '1 second'
                WHEN x.i < $5::int THEN $2::timestamptz - interval '5 days' - (x.i % 200) * interval '1 hour' END,
           CASE WHEN x.i < $5::int THEN 'goals_met' END,
           CASE WHEN x.i < $4::int THEN ${created} + interval '500 days' END
         FROM unnest($7::uuid[], $8::int[], $9::text[], $10::text[]) AS x(id, i, conv, cname) WHERE ${all}`,
        [...p, cols.id, cols.idx, cols.convener, cols.convenerName],
      );
      await tx.query(
        `INSERT INTO data_keys (id, owner, wrapped)
         SELECT x.id, 'case', decode(x.w, 'base64') FROM unnest($1::uuid[], $2::text[]) AS x(id, w)
          WHERE x.w IS NOT NULL`,
        [cols.id, cols.wrapped],
      );
      await tx.query(
        `INSERT INTO kallelser (id, case_id, details, tracking_conversation_id, tracking_activity_id, created_at)
         SELECT ${v4("x.id::text || '-k'")}, x.id,
           COALESCE(x.d::jsonb, jsonb_build_object('erased', true,
             'date', to_char(${created} + interval '14 days', 'YYYY-MM-DD'), 'time', '09:00',
             'durationMinutes', 60, 'place', jsonb_build_object('kind', 'in_person'))),
           'a:' || x.conv, 'act-' || x.i, ${created} + interval '1 day'
         FROM unnest($7::uuid[], $8::int[], $9::text[], $10::text[]) AS x(id, i, conv, d) WHERE ${all}`,
        [...p, cols.id, cols.idx, cols.convener, cols.details],
      );
      await tx.query(
        `INSERT INTO invitees (id, kallelse_id, seq, kind, user_id, tenant_id, name, organisation, org_type,
           participation, contribution, status, updated_at)
         SELECT ${v4("c.id::text || '-i' || x.seq")}, ${v4("c.id::text || '-k'")}, x.seq,
           CASE WHEN x.seq = 4 THEN 'external' ELSE 'teams' END,
           CASE WHEN x.seq < 4 THEN '29:user-' || ((x.i * 4 + x.seq) % 5000) END, '${TENANT}',
           x.name, x.org, (ARRAY['${ORG_TYPES.join("','")}'])[x.seq % 3 + 1], 'convened', x.contrib,
           CASE WHEN x.i < $6::int OR x.seq = 3 THEN 'accepted' WHEN x.seq = 4 THEN 'printable' ELSE 'invited' END,
           ${created} + interval '2 days'
         FROM unnest($7::int[], $8::int[], $9::text[], $10::text[], $11::text[]) AS x(i, seq, name, org, contrib)
         JOIN cases c ON c.code = 'SC' || x.i WHERE ${all}`,
        [...p, inv.idx, inv.seq, inv.name, inv.org, contrib],
      );
      await tx.query(
        `INSERT INTO plans (case_id, lead_user_id, lead_tenant_id, lead_name, lead_org, meeting_date,
           follow_up_date, interventions, recorded_by, recorded_at, follow_up_done_at)
         SELECT x.id, '29:lead-' || (x.i % 500), '${TENANT}', x.lead, 'socialtjanst',
           (${created} + interval '14 days')::date,
           CASE WHEN x.i < $5::int THEN (${created} + interval '104 days')::date
                ELSE ($2::timestamptz + interval '60 days' + (x.i % 180) * interval '1 day')::date END,
           x.iv::jsonb, x.conv, ${created} + interval '15 days',
           CASE WHEN x.i < $5::int THEN ${created} + interval '104 days' END
         FROM unnest($7::uuid[], $8::int[], $9::text[], $10::text[], $11::text[]) AS x(id, i, conv, lead, iv)
         WHERE x.i < $6::int AND ${all}`,
        [...p, cols.id, cols.idx, cols.convener, cols.leadName, cols.interventions],
      );
    });
  }
  // Reminders: three per plan (sent for finished ones, pending ahead for open ones).
  await db.query(
    `INSERT INTO reminders (id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at, about_date, status,
       sent_at)
     SELECT ${v4("p.case_id::text || '-r' || k.n")}, p.case_id, k.kind, p.lead_user_id, p.lead_tenant_id,
       p.follow_up_date + k.off * interval '1 day' + interval '7 hours', p.follow_up_date,
       CASE WHEN p.follow_up_done_at IS NULL THEN 'pending' ELSE 'sent' END,
       CASE WHEN p.follow_up_done_at IS NULL THEN NULL ELSE p.follow_up_date + k.off * interval '1 day' END
     FROM plans p CROSS JOIN (VALUES (1, 'follow_up_soon', -7), (2, 'follow_up_due', 0),
       (3, 'follow_up_overdue', 7)) AS k(n, kind, off)`,
  );
  // The 08:00 passes: per day CLAIM_PER_DAY still due (open plans) and STALE_PER_DAY that are not.
  const openPlans = s.planned - s.closed;
  await db.query(
    `INSERT INTO reminders (id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at, about_date)
     SELECT gen_random_uuid(), p.case_id, 'follow_up_due', p.lead_user_id, p.lead_tenant_id,
       $1::timestamptz + (g / $2::int) * interval '1 day' + (g % $2::int) * interval '1 second',
       CASE WHEN g % $2::int < $3::int THEN p.follow_up_date ELSE p.follow_up_date + 1 END
     FROM generate_series(0, $4::int - 1) AS g
     JOIN cases c ON c.code = 'SC' || ($5::int + g % $6::int) JOIN plans p ON p.case_id = c.id`,
    [
      new Date(base.getTime() - 60_000).toISOString(),
      CLAIM_PER_DAY + STALE_PER_DAY,
      CLAIM_PER_DAY,
      (CLAIM_PER_DAY + STALE_PER_DAY) * (CLAIM_DAYS + WARMUP + 1),
      s.closed,
      openPlans,
    ],
  );
  // The audit log: 20 rows per case, over its life.
  const actions = [
    "assessment.made",
    "case.created",
    "kallelse.created",
    "invitation.invited",
    "invitation.invited",
    "invitation.invited",
    "invitation.printable",
    "invitation.accepted",
    "invitation.accepted",
    "invitation.declined",
    "plan.saved",
    "reminder.sent",
    "reminder.sent",
    "reminder.sent",
    "plan.saved",
    "followup.done",
    "invitation.accepted",
    "case.closed",
    "case.erased",
    "print_link.created",
  ];
  const A = 200_000;
  for (let g0 = 0; g0 < s.n * 20; g0 += A)
    await db.query(
      `INSERT INTO audit_log (at, actor, action, subject, detail)
       SELECT $2::timestamptz - (($1::int - g / 20) * $3::float8) * interval '1 second' + (g % 20) * interval '5 days',
         CASE WHEN g % 20 IN (6, 11, 12, 13, 18) THEN 'system' ELSE 'aad-' || (g % 997) END,
         a.action, CASE WHEN a.action = 'assessment.made' THEN 'assessment' ELSE 'SC' || (g / 20) END,
         CASE a.action
           WHEN 'assessment.made' THEN jsonb_build_object('recommendation', 'sip', 'region', 'national')
           WHEN 'case.created' THEN jsonb_build_object('verdict', 'consent', 'assessment', 'sip')
           WHEN 'plan.saved' THEN jsonb_build_object('version', 1, 'leadOrg', 'socialtjanst', 'kva',
             CASE WHEN g % 3 = 0 THEN 'GB009' END, 'followUpDate', '2026-01-01', 'absent', '[]'::jsonb)
           WHEN 'case.closed' THEN jsonb_build_object('reason', 'goals_met')
           WHEN 'followup.done' THEN jsonb_build_object('onTime', g % 2 = 0)
           ELSE jsonb_build_object('invitee', ${v4("g::text")}) END
       FROM generate_series($4::int, $5::int) AS g
       JOIN unnest($6::text[]) WITH ORDINALITY AS a(action, n) ON a.n = g % 20 + 1`,
      [s.n, base.toISOString(), yearMs / 1000, g0, Math.min(s.n * 20, g0 + A) - 1, actions],
    );
  // Conversation references of the conveners (the tracking update reads the convener's).
  await db.query(
    `INSERT INTO conversation_refs (tenant_id, user_id, conversation_id, service_url, channel_id, bot_id, locale)
     SELECT DISTINCT '${TENANT}', convener_user_id, 'a:' || convener_user_id, 'https://smba.example/', 'msteams',
       '28:bot', 'sv-SE' FROM cases`,
  );
  return ids;
}

// ---- measuring -------------------------------------------------------------------------------

type OpName = "mine" | "answer" | "plan" | "claim" | "stats" | "retention";
const OPS: { name: OpName; label: string; turn: boolean }[] = [
  { name: "mine", label: '"Mina SIP" (300 cases)', turn: true },
  { name: "answer", label: "answer + tracking update", turn: true },
  { name: "plan", label: "save a plan", turn: true },
  { name: "claim", label: "08:00 reminder pass", turn: false },
  { name: "stats", label: "statistics card (3 months)", turn: false },
  { name: "retention", label: "retention pass (10 cases)", turn: false },
];
type Figures = Record<OpName, { ms: number[]; scans: string[] }>;

interface Statement {
  sql: string;
  params?: unknown[];
}
/** The statements one call makes, when `into` is set: the store's code runs on this executor. */
function recording(inner: Executor, rec: { into?: Statement[] }): Executor {
  return {
    query: (sql, params) => {
      rec.into?.push({ sql, ...(params ? { params } : {}) });
      return inner.query(sql, params);
    },
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(recording(tx, rec))),
    ...(inner.masterKey ? { masterKey: inner.masterKey } : {}),
  };
}

/**
 * `warm` calls, then `n` timed ones, then one more whose statements are recorded and explained:
 * the tables of at least SCAN_ROWS rows a plan reads with a sequential scan.
 */
async function timed(
  db: Db,
  rec: { into?: Statement[] },
  n: number,
  warm: number,
  fn: (k: number) => Promise<unknown>,
): Promise<{ ms: number[]; scans: string[] }> {
  const ms: number[] = [];
  for (let k = 0; k < warm + n; k++) {
    const t0 = performance.now();
    await fn(k);
    if (k >= warm) ms.push(performance.now() - t0);
  }
  const statements: Statement[] = [];
  rec.into = statements;
  try {
    await fn(warm + n);
  } finally {
    rec.into = undefined;
  }
  return { ms, scans: await seqScans(db, statements) };
}

const SCAN_ROWS = 10_000;
async function seqScans(db: Db, statements: Statement[]): Promise<string[]> {
  const tables = new Set<string>();
  for (const st of statements) {
    if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(st.sql)) continue;
    const plan = await db.query<Record<string, string>>(`EXPLAIN ${st.sql}`, st.params).catch(() => []);
    for (const line of plan.map((r) => String(Object.values(r)[0])))
      for (const m of line.matchAll(/Seq Scan on (\w+)/g)) tables.add(m[1] as string);
  }
  const big: string[] = [];
  for (const t of [...tables].sort()) {
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    if (Number(r?.n) >= SCAN_ROWS) big.push(t);
  }
  return big;
}

async function measure(plain: Db, s: Shape, base: Date): Promise<Figures> {
  const rec: { into?: Statement[] } = {};
  const db: Db = { ...recording(plain, rec), kind: plain.kind, close: () => plain.close() };
  const timed_ = (n: number, warm: number, fn: (k: number) => Promise<unknown>) =>
    timed(plain, rec, n, warm, fn);
  const repo = new CaseRepository(db);
  const refs = new ConversationRefs(db);
  const links = new PrintLinks(db);
  const reminders = new ReminderRepository(db);
  const plans = new PlanRepository(db);
  const clock = { now: () => base };
  const mine = mineService({ db, clock, federation: undefined } as never);
  const actor = { tenantId: TENANT, userId: TARGET, aadObjectId: "aad-target" } as never;
  const caseIds = async (from: number, count: number) =>
    (
      await db.query<{ id: string; code: string }>(
        `SELECT id, code FROM cases WHERE code = ANY($1::text[])`,
        [Array.from({ length: count }, (_, k) => `SC${from + k}`)],
      )
    ).sort((a, b) => Number(a.code.slice(2)) - Number(b.code.slice(2)));

  const f = {} as Figures;
  const check = (await mine.page(actor, 0)).total;
  if (check !== TARGET_CASES) throw new Error(`the target convener has ${check} cases, not ${TARGET_CASES}`);
  f.mine = await timed_(SAMPLES, WARMUP * 4, (k) => mine.page(actor, k % 2 ? 0 : 280));

  // An answer as the answer card's press stores it, then the reads of the tracking card's update
  // (delivery.ts trackingOf → updateTracking → tracking: kallelse, case, reference, invitees, links).
  const answering = await caseIds(s.planned, SAMPLES + WARMUP + 1);
  f.answer = await timed_(SAMPLES, WARMUP, async (k) => {
    const c = answering[k] as { id: string; code: string };
    const [row] = await db.query<{ id: string }>(
      "SELECT i.id FROM invitees i JOIN kallelser k ON k.id = i.kallelse_id WHERE k.case_id = $1 AND i.seq = 1",
      [c.id],
    );
    const invitee = await repo.invitee(String(row?.id));
    if (!invitee) throw new Error("no invitee");
    const done = await repo.answer(invitee, { status: "accepted" }, invitee.userId ?? "", c.code);
    if (!done) throw new Error("answer changed nothing");
    const kallelse = await repo.getKallelse(invitee.kallelseId);
    const theCase = kallelse && (await repo.getCase(kallelse.caseId));
    if (!kallelse || !theCase) throw new Error("no kallelse or case");
    await refs.get(theCase.tenantId, theCase.convenerUserId);
    const all = await repo.invitees(kallelse.id);
    if (all.length !== 4 || all[0]?.name.startsWith("enc1:")) throw new Error("invitees not opened");
    await links.liveCounts(kallelse.id, base);
  });

  // The 08:00 pass's store part (services/reminders.ts dispatchDue): stale ones end, due ones are
  // claimed 100 at a time; the queueing callback (pg-boss in the app) is left out.
  f.claim = await timed_(CLAIM_DAYS, WARMUP, async (k) => {
    const now = new Date(base.getTime() + k * DAY + 60_000);
    await reminders.cancelStale(now);
    let claimed = 0;
    for (let n = 100; n === 100; claimed += n) n = await reminders.claimDue(now, 100, async () => undefined);
    if (claimed !== CLAIM_PER_DAY) throw new Error(`claimed ${claimed}, expected ${CLAIM_PER_DAY}`);
  });

  // A plan saved again (a new version: its pending reminders replaced), as the plan form does.
  const planning = await caseIds(s.closed, SAMPLES + WARMUP + 1);
  f.plan = await timed_(SAMPLES, WARMUP, async (k) => {
    const c = planning[k] as { id: string; code: string };
    const before = await plans.get(c.id);
    if (!before || before.interventions[0]?.what.startsWith("enc1:")) throw new Error("plan not opened");
    const follow = new Date(`${before.followUpDate}T06:00:00Z`);
    const specs: ReminderSpec[] = [-7, 0, 7].map((d, n) => ({
      kind: (["follow_up_soon", "follow_up_due", "follow_up_overdue"] as const)[n] ?? "follow_up_due",
      recipient: before.lead,
      dueAt: new Date(follow.getTime() + d * DAY),
      aboutDate: before.followUpDate,
    }));
    await plans.save({ ...before, lead: { ...before.lead, name: "Lotsande ny" } }, specs, {
      actor: before.recordedBy,
      caseCode: c.code,
    });
  });

  // The admin's statistics card: this month and the two before (src/bot/stats.ts CARD_MONTHS).
  const month = new Date(base.getTime() - 62 * DAY).toISOString().slice(0, 7);
  f.stats = await timed_(STATS_SAMPLES, 1, () => statsRows(db, month));

  // The daily pass with a clock that lets exactly 10 more cases pass the cutoff each time.
  const retentionDays = 365;
  const firstClosed = base.getTime() - 400 * DAY;
  f.retention = await timed_(RETENTION_PASSES, 2, async (k) => {
    const now = new Date(firstClosed + retentionDays * DAY + (k + 1) * RETENTION_PER_PASS * 1000 - 500);
    const { erased } = await retentionPass({
      db,
      clock: { now: () => now },
      logger: { info: () => undefined },
      retentionDays,
    });
    if (erased !== RETENTION_PER_PASS)
      throw new Error(`retention erased ${erased}, expected ${RETENTION_PER_PASS}`);
  });
  return f;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

// ---- engines -----------------------------------------------------------------------------------

interface Engine {
  name: "pglite" | "postgres";
  label: string;
  open(master: KeyObject): Promise<{ db: Db; drop(): Promise<void> }>;
  /** After the load: what the engine does by itself (PostgreSQL's autovacuum analyses; PGlite has none). */
  settle(db: Db): Promise<void>;
}
const pglite: Engine = {
  name: "pglite",
  label: "PGlite on disk (a temp DATA_DIR, as shipped; no ANALYZE: PGlite runs no autovacuum)",
  open: async (master) => {
    const dir = mkdtempSync(join(tmpdir(), "sip-bench-scale-"));
    const db = await openDb({ dataDir: join(dir, "data"), dataKey: master });
    return {
      db,
      drop: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  settle: async () => undefined,
};
const postgres = (url: string): Engine => ({
  name: "postgres",
  label: "PostgreSQL (TEST_DATABASE_URL, a fresh schema; ANALYZE after the load, as autovacuum would)",
  open: async (master) => {
    const schema = `sip_bench_scale_${randomBytes(6).toString("hex")}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin(`CREATE SCHEMA ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set("options", `-c search_path=${schema}`);
    // The stats query over 1,000,000 rows may take longer than the app's 10 s query limit.
    const db = await openDb({
      databaseUrl: scoped.toString(),
      dataKey: master,
      timeouts: { queryMs: 120_000 },
    });
    return {
      db,
      drop: async () => {
        await db.close();
        await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      },
    };
  },
  settle: async (db) => void (await db.exec("ANALYZE")),
});

async function run(engine: Engine, factor: number): Promise<Figures> {
  const master = masterKeyOf(randomBytes(32));
  const s = shape(BASE_CASES * factor);
  const { db, drop } = await engine.open(master);
  try {
    const base = new Date(Math.floor(Date.now() / DAY) * DAY + 7 * 3_600_000); // today 07:00 UTC = 08:00 CET
    const t0 = performance.now();
    await seed(db, s, base, master);
    await engine.settle(db);
    const seeded = (performance.now() - t0) / 1000;
    const [counts] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM invitees)::int AS invitees,
         (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM reminders)::int AS reminders,
         (SELECT count(*) FROM plans WHERE follow_up_done_at IS NULL)::int AS open_plans`,
    );
    process.stdout.write(
      `${engine.name} ${factor}×: ${Object.entries(counts ?? {})
        .map(([k, v]) => `${Number(v).toLocaleString("en")} ${k.replace("_", " ")}`)
        .join(", ")}; generated in ${seeded.toFixed(0)} s\n`,
    );
    const t1 = performance.now();
    const f = await measure(db, s, base);
    process.stdout.write(`  measured in ${((performance.now() - t1) / 1000).toFixed(0)} s\n`);
    return f;
  } finally {
    await drop();
  }
}

function report(engine: Engine, byFactor: Map<number, Figures>): string {
  const [lo, hi] = [Math.min(...FACTORS), Math.max(...FACTORS)];
  const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2)).padStart(9);
  const head =
    `${"operation".padEnd(28)}` +
    FACTORS.map((x) => `${`${x}× p50`.padStart(9)}${`${x}× p99`.padStart(9)}`).join("") +
    `${"growth p50".padStart(12)}${"p99".padStart(8)}  ${"n".padEnd(18)}plan at ${hi}× (tables ≥ ${SCAN_ROWS.toLocaleString("en")} rows)`;
  const lines = [`\n=== ${engine.name}: ${engine.label}`, "milliseconds per operation", head];
  const flags: string[] = [];
  for (const op of OPS) {
    const cells = FACTORS.map((x) => {
      const v = byFactor.get(x)?.[op.name].ms ?? [];
      return `${ms(percentile(v, 50))}${ms(percentile(v, 99))}`;
    });
    const a = byFactor.get(lo)?.[op.name].ms ?? [];
    const b = byFactor.get(hi)?.[op.name].ms ?? [];
    const g50 = percentile(b, 50) / percentile(a, 50);
    const g99 = percentile(b, 99) / percentile(a, 99);
    const scans = byFactor.get(hi)?.[op.name].scans ?? [];
    const flag = op.turn && (g50 > GROWTH_LIMIT || scans.length > 0);
    if (flag) flags.push(op.label);
    lines.push(
      `${op.label.padEnd(28)}${cells.join("")}${`${g50.toFixed(2)}×`.padStart(12)}${`${g99.toFixed(2)}×`.padStart(8)}` +
        `  ${String(b.length).padEnd(5)}${(op.turn ? (flag ? "turn: CHECK" : "turn: ok") : "").padEnd(13)}` +
        (scans.length ? `seq scan: ${scans.join(", ")}` : "indexes only"),
    );
  }
  lines.push(
    flags.length
      ? `turn-path operations growing more than ${GROWTH_LIMIT}× (p50) from ${lo}× to ${hi}× or scanning: ${flags.join(", ")}`
      : `every turn-path operation grows at most ${GROWTH_LIMIT}× (p50) from ${lo}× to ${hi}× and uses indexes only`,
  );
  return `${lines.join("\n")}\n`;
}

// The open-plan tenth holds the plans saved (samples + warm-up + 1) and the retention pool must
// stay within the closed-but-not-erased tenth.
const minCases = Math.max(10 * (SAMPLES + WARMUP + 1), 10 * (RETENTION_PASSES + 3) * RETENTION_PER_PASS);
if (BASE_CASES < minCases) {
  process.stdout.write(`--cases=${BASE_CASES} is too small for ${SAMPLES} samples: at least ${minCases}\n`);
  process.exit(2);
}
const engines: Engine[] = pickEngines(ONLY, PG_URL, pglite, postgres);
process.stdout.write(
  `scale: 1× = ${BASE_CASES.toLocaleString("en")} cases (${(BASE_CASES * 4).toLocaleString("en")} invitees, ` +
    `${(BASE_CASES * 20).toLocaleString("en")} audit rows, ${(BASE_CASES / 10).toLocaleString("en")} open plans); ` +
    `factors ${FACTORS.join(", ")}; ${SAMPLES} samples per turn-path operation, node ${process.version}\n`,
);
const out: string[] = [];
for (const engine of engines) {
  const byFactor = new Map<number, Figures>();
  for (const factor of FACTORS) byFactor.set(factor, await run(engine, factor));
  const text = report(engine, byFactor);
  out.push(text);
  process.stdout.write(text);
}
