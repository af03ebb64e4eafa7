/**
 * Which engines a bench runs on (`--only=pglite,postgres`): PGlite always unless left out,
 * PostgreSQL when TEST_DATABASE_URL is set, else a line saying how to include it.
 */
export function pickEngines<E>(
  only: readonly string[] | undefined,
  pgUrl: string | undefined,
  pglite: E,
  postgres: (url: string) => E,
): E[] {
  const engines: E[] = [];
  if (!only || only.includes("pglite")) engines.push(pglite);
  if (!only || only.includes("postgres")) {
    if (pgUrl) engines.push(postgres(pgUrl));
    else
      process.stdout.write(
        'postgres: skipped (TEST_DATABASE_URL is not set; eval "$(bash .ci/postgres.sh)")\n',
      );
  }
  return engines;
}
