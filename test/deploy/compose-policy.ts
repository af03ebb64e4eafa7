import { FILE_SECRETS } from "../../src/config-secrets.js";

/** A parsed compose file, loosely: the policy reads it the way `docker compose config` would. */
type Doc = Record<string, unknown>;
type Service = {
  image?: string;
  build?: unknown;
  restart?: string;
  healthcheck?: { test?: unknown; disable?: boolean };
  container_name?: string;
  ports?: unknown[];
  deploy?: { replicas?: number | string };
  environment?: Record<string, string | number | null> | string[];
  secrets?: (string | { source: string })[];
  volumes?: (string | { source?: string })[];
  depends_on?: unknown;
};

/** The `_FILE` settings the bot reads (config-secrets.ts) plus the ones that were files already. */
const BOT_FILE_SETTINGS = new Set([
  ...FILE_SECRETS.map((n) => `${n}_FILE`),
  "DATA_KEY_FILE",
  "FEDERATION_KEY_FILE",
]);
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|CREDENTIAL|KEY/i;

/**
 * Compose's variable substitution (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $$),
 * applied to every string of the parsed file; `used` collects the names, `required` those with ?.
 */
export function interpolate(doc: unknown, vars: Record<string, string>) {
  const used = new Set<string>();
  const required = new Set<string>();
  const sub = (s: string) =>
    s.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
      (m, name?: string, op?: string, arg?: string) => {
        if (!name) return "$";
        used.add(name);
        const value = vars[name];
        const empty = value === undefined || (op?.startsWith(":") && value === "");
        if (op?.endsWith("?")) {
          required.add(name);
          if (empty) throw new Error(`${name}: ${arg ?? "required"}`);
        }
        return empty && op?.endsWith("-") ? (arg ?? "") : (value ?? "");
      },
    );
  const walk = (v: unknown): unknown =>
    typeof v === "string"
      ? sub(v)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return { doc: walk(doc) as Doc, used, required };
}

/** KEY=VALUE lines of a .env file; `commented` also takes `# KEY=` lines (documented, unset). */
export function dotenv(text: string, commented = false): Record<string, string> {
  const line = commented ? /^#?\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/ : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
  return Object.fromEntries(
    text.split("\n").flatMap((l) => {
      const m = line.exec(l.trim());
      return m?.[1] ? [[m[1], (m[2] ?? "").replace(/^(['"])(.*)\1$/, "$2")]] : [];
    }),
  );
}

const envOf = (s: Service): Record<string, string> =>
  Array.isArray(s.environment)
    ? Object.fromEntries(s.environment.map((e) => [e.split("=")[0] ?? e, e.split("=").slice(1).join("=")]))
    : Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v ?? "")]));
const secretsOf = (s: Service) => (s.secrets ?? []).map((x) => (typeof x === "string" ? x : x.source));

/**
 * The deployment policy on an interpolated compose file (issue 21). One line per violation; the
 * tests run it on the real file (none) and on broken copies (each caught).
 */
export function composeViolations(doc: Doc): string[] {
  const out: string[] = [];
  const services = (doc.services ?? {}) as Record<string, Service>;
  const declaredSecrets = (doc.secrets ?? {}) as Record<string, { file?: string; environment?: string }>;
  const declaredVolumes = Object.keys((doc.volumes ?? {}) as object);

  for (const [name, s] of Object.entries(services)) {
    if (!["always", "unless-stopped"].includes(s.restart ?? ""))
      out.push(`${name}: restart always or unless-stopped, so it comes back after a crash or reboot`);
    const test = s.healthcheck?.test;
    if (s.healthcheck?.disable || !test || (Array.isArray(test) && test[0] === "NONE"))
      out.push(`${name}: a healthcheck`);
    const tag = /:([^/:@]+)$/.exec(s.image ?? "")?.[1];
    if (!tag || tag === "latest")
      out.push(`${name}: image ${s.image ?? "(none)"} pinned by a tag other than latest`);
    const env = envOf(s);
    for (const [key, value] of Object.entries(env)) {
      if (key.endsWith("_FILE")) {
        const secret = /^\/run\/secrets\/([\w.-]+)$/.exec(value)?.[1];
        if (!secret || !secretsOf(s).includes(secret))
          out.push(`${name}: ${key} points at /run/secrets/<a secret granted to ${name}>`);
      } else if (SECRET_NAME.test(key)) out.push(`${name}: ${key} inline; give it as ${key}_FILE`);
      if (/^\w+:\/\/[^/@\s]+:[^/@\s]+@/.test(value)) out.push(`${name}: ${key} holds a password in a URL`);
    }
    for (const secret of secretsOf(s))
      if (!declaredSecrets[secret]) out.push(`${name}: secret ${secret} is not declared`);
    for (const v of s.volumes ?? []) {
      const source = typeof v === "string" ? v.split(":")[0] : v.source;
      if (source && !/^[./]/.test(source) && !declaredVolumes.includes(source))
        out.push(`${name}: volume ${source} is not declared`);
    }
  }

  for (const [name, secret] of Object.entries(declaredSecrets))
    if (!secret.file?.startsWith("./secrets/")) out.push(`secret ${name}: a file under ./secrets/`);

  const bot = services.bot;
  if (!bot) return [...out, "bot: the service is missing"];
  if (!bot.build) out.push("bot: built from the repository's Dockerfile");
  if (bot.container_name) out.push("bot: container_name stops it from scaling");
  if (bot.ports?.length) out.push("bot: published ports stop it from scaling; the proxy reaches it");
  if (!(Number(bot.deploy?.replicas) >= 1)) out.push("bot: deploy.replicas");
  const env = envOf(bot);
  const db = /^postgres(?:ql)?:\/\/[^@/]+@([^:/]+)/.exec(env.DATABASE_URL ?? "")?.[1];
  if (!db || !services[db])
    out.push("bot: DATABASE_URL names the PostgreSQL service (PGlite is one process)");
  for (const key of Object.keys(env))
    if (key.endsWith("_FILE") && !BOT_FILE_SETTINGS.has(key))
      out.push(`bot: ${key} is no setting the bot reads`);
  if (!env.MicrosoftAppPassword_FILE) out.push("bot: MicrosoftAppPassword_FILE");

  const pg = db ? services[db] : undefined;
  if (pg && !/^postgres:16([.-]|$)/.test(pg.image ?? "")) out.push(`${db}: PostgreSQL 16`);
  if (pg && !envOf(pg).POSTGRES_PASSWORD_FILE) out.push(`${db}: POSTGRES_PASSWORD_FILE`);
  if (pg && !(pg.volumes ?? []).some((v) => String(v).endsWith(":/var/lib/postgresql/data")))
    out.push(`${db}: its data on a volume`);

  const proxy = Object.entries(services).find(([, s]) => /^caddy:/.test(s.image ?? ""));
  const published = (proxy?.[1].ports ?? []).map(String);
  if (!proxy || !["80:80", "443:443"].every((p) => published.includes(p)))
    out.push("proxy: Caddy publishing 80 and 443 (ACME and HTTPS)");
  return out;
}
