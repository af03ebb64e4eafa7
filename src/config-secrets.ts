import { closeSync, openSync, readSync } from "node:fs";

/**
 * Secrets from files, the container convention (Docker and Compose `secrets:`, Kubernetes and
 * Container Apps volume mounts): `NAME_FILE=/run/secrets/x` instead of `NAME=value`, so the value
 * is in no `docker inspect`, no process listing and no environment dump. Only these names: a
 * typo'd `_FILE` elsewhere must not quietly read some file into a setting.
 * FEDERATION_KEY_FILE and DATA_KEY_FILE are files already and need nothing here.
 */
export const FILE_SECRETS = [
  "MicrosoftAppPassword",
  "DATABASE_URL",
  "DATABASE_PASSWORD",
  "AZURE_OPENAI_API_KEY",
  "OPENAI_API_KEY",
] as const;

/** Larger than any secret; stops a wrong path (a log, /dev/zero) being read whole into memory. */
const MAX_SECRET_BYTES = 64 * 1024;

type Env = Record<string, string | undefined>;
const isSet = (v: string | undefined): v is string => typeof v === "string" && v.trim() !== "";

/** Reads at most MAX_SECRET_BYTES + 1 bytes, so an oversized file is recognised without reading it all. */
function readBounded(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(MAX_SECRET_BYTES + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Returns a copy of `env` with each `NAME_FILE` replaced by NAME = the file's content (one trailing
 * newline dropped, as `echo` writes it), and DATABASE_PASSWORD merged into DATABASE_URL. `env`
 * itself (process.env) is never changed. Problems name the variable and the path, never the value.
 */
export function withSecretFiles(env: Env): { env: Env; problems: string[] } {
  const fileVars = new Set<string>(FILE_SECRETS.map((name) => `${name}_FILE`));
  const out: Env = Object.fromEntries(Object.entries(env).filter(([k]) => !fileVars.has(k)));
  const problems: string[] = [];
  for (const name of FILE_SECRETS) {
    const fileVar = `${name}_FILE`;
    const path = env[fileVar];
    if (!isSet(path)) continue;
    if (isSet(env[name])) {
      problems.push(`${name} and ${fileVar}: both set; set one of them`);
      continue;
    }
    let raw: Buffer;
    try {
      raw = readBounded(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      problems.push(`${fileVar}: cannot read ${path} (${code})`);
      continue;
    }
    const value = raw.toString("utf8").replace(/\r?\n$/, "");
    if (raw.length > MAX_SECRET_BYTES) problems.push(`${fileVar}: ${path} is larger than 64 KiB`);
    else if (value.trim() === "") problems.push(`${fileVar}: ${path} is empty`);
    else out[name] = value;
  }
  const password = out.DATABASE_PASSWORD;
  delete out.DATABASE_PASSWORD;
  if (isSet(password)) out.DATABASE_URL = withPassword(out.DATABASE_URL, password, problems);
  return { env: out, problems };
}

/**
 * DATABASE_PASSWORD (from its file, beside a DATABASE_URL without one): the same password file can
 * then serve PostgreSQL's own POSTGRES_PASSWORD_FILE and the bot, and the URL holds no secret.
 */
function withPassword(url: string | undefined, password: string, problems: string[]): string | undefined {
  let parsed: URL;
  try {
    if (!isSet(url)) throw new Error("unset");
    parsed = new URL(url);
  } catch {
    problems.push("DATABASE_PASSWORD: needs DATABASE_URL as postgres://user@host:port/database");
    return url;
  }
  if (parsed.password) {
    problems.push("DATABASE_PASSWORD: DATABASE_URL has a password already; keep one of them");
    return url;
  }
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
