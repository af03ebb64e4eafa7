import { systemClock } from "../src/clock.js";
import { compose } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { createAdapter } from "../src/http/adapter.js";
import { createLogger } from "../src/logger.js";
import { connectorClientOptions } from "../src/proactive/sender.js";
import { openDb, type Db } from "../src/store/db.js";

/**
 * The app side of `npm run bench:reminders`, forked by bench/reminders.ts, in one of two modes:
 *   seed  opens the database (migrations), writes the backlog with batch SQL, closes, exits;
 *   run   the app's own composition (src/compose.ts: repositories, the one card sender, pg-boss
 *         and its workers, the reminder passes) on an adapter built as src/server.ts builds it,
 *         without credentials, until the parent says stop. The RSS the parent samples is this.
 * Configured by the environment: BENCH_DATABASE_URL (PostgreSQL) or BENCH_DATA_DIR (PGlite),
 * BENCH_JOBS_SCHEMA, BENCH_COUNT, BENCH_LEADS, BENCH_SERVICE_URL, BENCH_TENANT, BENCH_CONCURRENCY,
 * BENCH_POLL_MS, BENCH_LOG_LEVEL.
 */
const env = (name: string, fallback = ""): string => process.env[name] ?? fallback;
const mode = process.argv[2];
const send = (m: unknown) => process.send?.(m);

const open = () =>
  openDb(
    env("BENCH_DATABASE_URL")
      ? { databaseUrl: env("BENCH_DATABASE_URL") }
      : { dataDir: env("BENCH_DATA_DIR", "memory://") },
  );

/** A deterministic RFC 4122 version-4 uuid from a text (the job schemas check the version). */
const v4 = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * `count` cases, each with a plan whose follow-up is `ABOUT` and one due `follow_up_due` reminder
 * for its lead; `leads` leads (case i has lead i mod leads), each with a 1:1 conversation
 * reference whose serviceUrl is the fake connector. All in one tenant: the cap is per tenant.
 */
async function seed(db: Db): Promise<void> {
  const count = Number(env("BENCH_COUNT", "10000"));
  const leads = Number(env("BENCH_LEADS", "2000"));
  const tenant = env("BENCH_TENANT", "tenant-bench");
  const STEP = 2_000;
  await db.query(
    `INSERT INTO conversation_refs (tenant_id, user_id, conversation_id, service_url, channel_id, bot_id, locale)
     SELECT $1, '29:lead-' || i, 'a:lead-' || i, $2, 'msteams', '28:bench-bot', 'sv-SE'
     FROM generate_series(0, $3::int - 1) AS i`,
    [tenant, env("BENCH_SERVICE_URL"), leads],
  );
  for (let from = 0; from < count; from += STEP) {
    const params = [tenant, from, Math.min(count, from + STEP) - 1, leads];
    const rows = `FROM generate_series($2::int, $3::int) AS i`;
    const caseId = v4(`'bench-case-' || i`);
    const lead = `'29:lead-' || (i % $4::int)`;
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO cases (id, code, tenant_id, region, convener_user_id)
         SELECT ${caseId}, 'SIP-B' || i, $1, 'national', '29:convener' ${rows}`,
        params.slice(0, 3),
      );
      await tx.query(
        `INSERT INTO plans (case_id, lead_user_id, lead_tenant_id, lead_name, lead_org, meeting_date,
           follow_up_date, recorded_by)
         SELECT ${caseId}, ${lead}, $1, 'Lena Ledare', 'socialtjanst', DATE '2026-10-01', DATE '2026-11-27',
           '29:convener' ${rows}`,
        params,
      );
      // Due a minute ago, a millisecond apart so that the claim order is the seeding order.
      await tx.query(
        `INSERT INTO reminders (id, case_id, kind, recipient_user_id, recipient_tenant_id, due_at, about_date)
         SELECT ${v4(`'bench-reminder-' || i`)}, ${caseId}, 'follow_up_due', ${lead}, $1,
           now() - interval '1 minute' + i * interval '1 millisecond', DATE '2026-11-27' ${rows}`,
        params,
      );
    });
  }
}

async function run(db: Db): Promise<void> {
  const level = env("BENCH_LOG_LEVEL", "info");
  const logger = createLogger(level);
  const adapter = createAdapter(
    {
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      MicrosoftAppType: "MultiTenant",
      MicrosoftAppTenantId: "",
    },
    connectorClientOptions,
  );
  // 0: as `npm start` runs it (JOB_CONCURRENCY's default in src/config.ts).
  const concurrency = Number(env("BENCH_CONCURRENCY", "0")) || loadConfig({}).JOB_CONCURRENCY;
  const jobsSchema = env("BENCH_JOBS_SCHEMA", "pgboss");
  send({ composing: true });
  const app = await compose({
    db,
    adapter,
    botAppId: "",
    logger,
    clock: systemClock,
    publicUrl: () => "http://127.0.0.1",
    defaultRegion: "national",
    jobs: { schema: jobsSchema, pollIntervalMs: Number(env("BENCH_POLL_MS", "2000")) },
    reminderPassMs: 1_000,
    concurrency,
  });
  send({ composed: true });
  // The JS heap and the memory outside it, for the parent's samples of RSS.
  const sampling = setInterval(() => send({ mem: process.memoryUsage() }), 1_000);
  process.once("message", () => {
    void (async () => {
      const statuses = await db.query<{ status: string; n: number }>(
        "SELECT status, count(*)::int AS n FROM reminders GROUP BY status ORDER BY status",
      );
      const jobs = await db.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM ${jobsSchema}.job WHERE name = 'reminder-deliver'
         GROUP BY state ORDER BY state`,
      );
      clearInterval(sampling);
      app.stopPasses();
      await app.jobs.stop({ graceMs: 2_000 });
      await db.close();
      send({ statuses, jobs });
      process.disconnect();
    })();
  });
}

if (mode !== "seed" && mode !== "run") {
  console.error("usage: forked by bench/reminders.ts with seed | run");
  process.exit(2);
}
const db = await open();
if (mode === "seed") {
  await seed(db);
  await db.close();
  send({ seeded: true });
  process.disconnect();
} else await run(db);
