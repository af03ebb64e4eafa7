import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { z } from "zod/v4";
import { MIN_SHOWN, statsTable, type StatsCell } from "../cases/stats.js";
import { ConfigError, loadConfig } from "../config.js";
import { DataDirInUse, StartupError } from "../store/data-dir-lock.js";
import { openDb, type Db } from "../store/db.js";
import { statsRows } from "../store/stats.js";

/**
 * `npm run stats [-- --from YYYY-MM]`: the statistics without personal data as a plain table on
 * stdout, from the database the server uses (DATABASE_URL, else PGlite in DATA_DIR). Only
 * months, region keys, measure names and suppressed counts are printed.
 */

const ArgsSchema = z.union([
  z.tuple([]),
  z.tuple([z.literal("--from"), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "--from takes YYYY-MM")]),
]);
const HEADER = ["månad/month", "region", "mått/measure", "antal/count"] as const;

/** The cells as aligned columns, one line each, with a header and a note on "<5". */
export function formatStats(cells: readonly StatsCell[]): string {
  if (!cells.length) return "Inget att räkna ännu · nothing to count yet\n";
  const lines = [[...HEADER], ...cells.map((c) => [c.month, c.region, c.measure, c.shown])];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  const row = (l: string[]) =>
    l.map((v, i) => (i === l.length - 1 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join("  ");
  const note = `Antal under ${MIN_SHOWN} visas som <${MIN_SHOWN}; det som saknas är 0 · counts under ${MIN_SHOWN} are shown as <${MIN_SHOWN}; missing is 0`;
  return [row(lines[0] ?? []), ...lines.slice(1).map(row), "", note].join("\n") + "\n";
}

/** The table for one database, from `fromMonth` on (all months when left out). */
export async function statsText(db: Db, fromMonth?: string): Promise<string> {
  return formatStats(statsTable(await statsRows(db, fromMonth)));
}

/** PGlite is one process's database: beside a running bot, say what to do instead. */
export const busy = (err: DataDirInUse) =>
  `SIP-lotsen stats: botten körs (pid ${err.pid}) och håller databasen i ${err.dir}. ` +
  "Skriv stats till botten i Teams (för SIP_ADMINS), eller stoppa botten och kör npm run stats igen. · " +
  `The bot is running (pid ${err.pid}) and holds the database in ${err.dir}. ` +
  "Send stats to the bot in Teams (for SIP_ADMINS), or stop the bot and run npm run stats again.";

async function main(): Promise<void> {
  const args = ArgsSchema.safeParse(process.argv.slice(2));
  if (!args.success) {
    console.error("Användning · usage: npm run stats [-- --from YYYY-MM]");
    process.exitCode = 2;
    return;
  }
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig(process.env);
  const db = await openDb({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    dataDir: config.DATA_DIR,
    ...(config.dataKey ? { dataKey: config.dataKey } : {}),
    ...(config.DATABASE_AUTH === "entra" ? { entra: { clientId: config.AZURE_CLIENT_ID } } : {}),
  });
  try {
    process.stdout.write(await statsText(db, args.data[1]));
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  main().catch((err: unknown) => {
    // Bad config, a PGlite directory the running server holds, an unreachable database: one line.
    const plain = err instanceof ConfigError || err instanceof StartupError;
    console.error(err instanceof DataDirInUse ? busy(err) : plain ? `SIP-lotsen stats: ${err.message}` : err);
    process.exitCode = 1;
  });
