import type { KeyObject } from "node:crypto";
import { z } from "zod/v4";
import { withSecretFiles } from "./config-secrets.js";
import { isInside, readKeyFile } from "./store/key-file.js";
import { readFederation, type FederationSettings } from "./federation/settings.js";
import { AllowedTenantsSchema, CatalogId, type AllowedTenant } from "./config-tenants.js";
import { RegionKeySchema } from "./sip/index.js";

/** An empty value in .env means "not set", as most people writing a .env file expect. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"])).default("development"),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(3978),
  /** Listen address. Default: 127.0.0.1 without bot credentials (local only), 0.0.0.0 with. */
  HOST: optional(z.string()),
  MicrosoftAppId: optional(z.string()),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppTenantId: optional(z.string()),
  /**
   * Further tenants whose users are served (kommun and region): comma-separated tenant ids, or JSON
   * with the names users see in the "Vem" typeahead: [{"id":"…","name":"Region Värmland"}].
   */
  ALLOWED_TENANTS: optional(AllowedTenantsSchema),
  /**
   * The app's id in MicrosoftAppTenantId's Teams app catalog, once that tenant's admin granted
   * TeamsAppInstallation.ReadWriteSelfForUser.All: the bot then installs itself for an invitee who
   * never opened it. Other tenants: "installAppId" in ALLOWED_TENANTS.
   */
  TEAMS_APP_CATALOG_ID: optional(CatalogId),
  MicrosoftAppType: optional(z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"])).default(
    "MultiTenant",
  ),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")),
  /** "entra": DATABASE_URL has no password; a Microsoft Entra token of the managed identity is one. */
  DATABASE_AUTH: optional(z.enum(["password", "entra"])).default("password"),
  /** The user-assigned managed identity's client id (Azure); unset: DefaultAzureCredential. */
  AZURE_CLIENT_ID: optional(z.string()),
  DATA_DIR: optional(z.string()).default("./data"),
  /**
   * The master key that wraps every case's data key (README "Erasure"): a file of 32 random bytes,
   * base64 or raw. Required in production, outside DATA_DIR; else DATA_DIR/sip-lotsen.key is made.
   */
  DATA_KEY_FILE: optional(z.string()),
  SIP_DEFAULT_REGION: optional(RegionKeySchema).default("national"),
  /** Where browsers reach this server, for printable-invitation links. Default: the local URL. */
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""))),
  /** Azure Monitor (infra/ sets it from Application Insights): where telemetry goes on Azure. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optional(z.string()),
  /**
   * OpenTelemetry (README "Observability"), off unless an endpoint is set; the SDK reads the other
   * standard OTEL_* variables (headers, protocol, exporters) itself.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" })),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }),
  ),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }),
  ),
  OTEL_SERVICE_NAME: optional(z.string().trim().min(1).max(120)),
  OTEL_SDK_DISABLED: optional(z.enum(["true", "false"]))
    .default("false")
    .transform((v) => v === "true"),
  LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])).default("info"),
  /** Generative answers (off unless configured): Azure OpenAI when all three are set… */
  AZURE_OPENAI_ENDPOINT: optional(z.url({ protocol: /^https$/, error: "must be an https:// URL" })),
  AZURE_OPENAI_API_KEY: optional(z.string()),
  AZURE_OPENAI_DEPLOYMENT: optional(z.string()),
  AZURE_OPENAI_API_VERSION: optional(z.string()).default("2024-06-01"),
  /** …else OpenAI when its key is set. */
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_MODEL: optional(z.string()).default("gpt-4o-mini"),
  /** How long a question may wait for the model before the retrieval answer is shown. */
  GENERATIVE_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(30000)).default(4000),
  /**
   * Trying the follow-up: the bot's clock starts at this instant and runs on (never in production).
   * ISO 8601 with an offset, so the instant is unambiguous: 2027-01-10T09:00:00+01:00.
   */
  SIP_NOW: optional(
    z.iso.datetime({
      offset: true,
      error: "must be ISO 8601 with an offset, e.g. 2027-01-10T09:00:00+01:00",
    }),
  ),
  /**
   * Invitation and reminder sends one instance runs at once. Two keep a tenant near Teams' 50/s
   * (the sender paces them, proactive/limiter.ts); more only wait on the limiter.
   */
  JOB_CONCURRENCY: optional(z.coerce.number().int().min(1).max(16)).default(2),
  /** Days after a case is closed until its free text is erased (codes, dates and kinds stay). */
  RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)).default(90),
  /** Federation with other organisations' instances (README "Federation"): all three or none. */
  FEDERATION_NAME: optional(z.string().trim().min(1).max(120)),
  FEDERATION_KEY_FILE: optional(z.string()),
  FEDERATION_PEERS: optional(z.string()),
  /** Who may run `stats` in Teams: AAD object ids or Teams user ids, comma-separated. */
  SIP_ADMINS: optional(z.string())
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[\x21-\x7e]{1,256}$/, "must be user ids separated by commas"))),
});
/** Every variable the schema reads (infra/'s contract test checks the Container App's against it). */
export const ENV_NAMES: readonly string[] = Object.keys(EnvSchema.shape);
const AZURE_TRIO = ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_DEPLOYMENT"] as const;
const FEDERATION_TRIO = ["FEDERATION_NAME", "FEDERATION_KEY_FILE", "FEDERATION_PEERS"] as const;
export type Config = z.infer<typeof EnvSchema> & {
  host: string;
  authenticated: boolean;
  /** Set when FEDERATION_* are: this instance's key and the peers it trusts. */
  federation?: FederationSettings;
  /** The tenants served; undefined = every tenant (development only). */
  tenants?: ReadonlySet<string>;
  /** Organisation names of served tenants, from ALLOWED_TENANTS as JSON (titles in the typeahead). */
  tenantNames: ReadonlyMap<string, string>;
  /** Tenants where the bot may install itself for an invitee: tenant id → the app's catalog id. */
  installApps: ReadonlyMap<string, string>;
  /** DATA_KEY_FILE's key, read at start; undefined: the embedded default (store/key-file.ts). */
  dataKey?: KeyObject;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * The one place that reads the environment. Fails fast with every bad variable listed.
 * Without MicrosoftAppId the bot accepts unauthenticated requests, so it then listens on
 * localhost only — and refuses to start at all when NODE_ENV=production.
 */
export function loadConfig(given: Record<string, string | undefined>): Config {
  // NAME_FILE → NAME for the secret settings (config-secrets.ts); a copy, process.env keeps no value.
  const { env, problems: unread } = withSecretFiles(given);
  if (unread.length)
    throw new ConfigError(`Invalid configuration (see .env.example):\n  ${unread.join("\n  ")}`);
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const authenticated = Boolean(c.MicrosoftAppId);
  const problems: string[] = [];
  if (c.NODE_ENV === "production" && !authenticated)
    problems.push(
      "MicrosoftAppId: required when NODE_ENV=production (the bot would accept anyone's requests)",
    );
  if (authenticated && c.MicrosoftAppType !== "UserAssignedMSI" && !c.MicrosoftAppPassword)
    problems.push(
      "MicrosoftAppPassword: required with MicrosoftAppId unless MicrosoftAppType=UserAssignedMSI",
    );
  if (c.MicrosoftAppType === "SingleTenant" && !c.MicrosoftAppTenantId)
    problems.push("MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant");
  if (!authenticated && c.HOST && !["127.0.0.1", "localhost", "::1"].includes(c.HOST))
    problems.push(
      `HOST: ${c.HOST} would expose an unauthenticated bot; set MicrosoftAppId or listen on 127.0.0.1`,
    );
  // Half an Azure configuration is a typo, not a choice: silently falling back would hide it.
  const azureMissing = AZURE_TRIO.filter((k) => !c[k]);
  if (azureMissing.length > 0 && azureMissing.length < AZURE_TRIO.length)
    problems.push(
      `${azureMissing.join(", ")}: required for Azure OpenAI (set all of ${AZURE_TRIO.join(", ")} or none)`,
    );
  // Printable invitations are opened by partners outside Teams: their links must work and be private.
  if (c.NODE_ENV === "production" && !c.PUBLIC_URL?.startsWith("https://"))
    problems.push("PUBLIC_URL: required in production, as https://<host> (printable-invitation links)");
  const allowed = c.ALLOWED_TENANTS ?? [];
  const tenants = [c.MicrosoftAppTenantId, ...allowed.map((t) => t.id)].filter((t): t is string => !!t);
  if (c.NODE_ENV === "production" && tenants.length === 0)
    problems.push(
      "MicrosoftAppTenantId or ALLOWED_TENANTS: required in production (which tenants the bot serves)",
    );
  // A token replaces the password: without a server, or beside a password, entra is a mistake.
  if (c.DATABASE_AUTH === "entra" && (!c.DATABASE_URL || /^[^/]*\/\/[^/@]*:[^/@]*@/.test(c.DATABASE_URL)))
    problems.push(
      "DATABASE_AUTH: entra needs DATABASE_URL without a password (postgres://<identity>@<host>/<db>)",
    );
  if (c.NODE_ENV === "production" && c.SIP_NOW)
    problems.push("SIP_NOW: not allowed when NODE_ENV=production (it moves the bot's clock)");
  const installApps = installAppsOf(c, allowed, problems);
  const federation = federationOf(c, problems);
  const dataKey = dataKeyOf(c, problems);
  if (problems.length)
    throw new ConfigError(`Invalid configuration (see .env.example):\n  ${problems.join("\n  ")}`);
  return {
    ...c,
    host: c.HOST ?? (authenticated ? "0.0.0.0" : "127.0.0.1"),
    authenticated,
    ...(federation ? { federation } : {}),
    ...(dataKey ? { dataKey } : {}),
    ...(tenants.length ? { tenants: new Set(tenants) } : {}),
    tenantNames: new Map(allowed.flatMap((t) => (t.name ? [[t.id, t.name] as const] : []))),
    installApps,
  };
}

/**
 * DATA_KEY_FILE, read here at start. Production requires it outside DATA_DIR: a key beside the data
 * (and in the same backup) would let anyone holding a copy of the folder open what retention erased.
 * On Azure, Key Vault's secret is mounted into the container as this file (a secret volume).
 */
function dataKeyOf(c: z.infer<typeof EnvSchema>, problems: string[]): KeyObject | undefined {
  if (!c.DATA_KEY_FILE) {
    if (c.NODE_ENV === "production")
      problems.push("DATA_KEY_FILE: required in production (the master key of case texts, outside DATA_DIR)");
    return undefined;
  }
  if (c.NODE_ENV === "production" && !c.DATABASE_URL && isInside(c.DATA_KEY_FILE, c.DATA_DIR)) {
    problems.push(
      "DATA_KEY_FILE: must be outside DATA_DIR in production (the key would travel with the data)",
    );
    return undefined;
  }
  try {
    return readKeyFile(c.DATA_KEY_FILE);
  } catch (err) {
    problems.push(`DATA_KEY_FILE: ${(err as Error).message}`);
    return undefined;
  }
}

/** TEAMS_APP_CATALOG_ID (the own tenant) and ALLOWED_TENANTS' "installAppId": tenant → catalog id. */
function installAppsOf(
  c: z.infer<typeof EnvSchema>,
  allowed: readonly AllowedTenant[],
  problems: string[],
): ReadonlyMap<string, string> {
  const apps = new Map(allowed.flatMap((t) => (t.installAppId ? [[t.id, t.installAppId] as const] : [])));
  const own = c.MicrosoftAppTenantId;
  if (c.TEAMS_APP_CATALOG_ID && !own)
    problems.push("TEAMS_APP_CATALOG_ID: needs MicrosoftAppTenantId (the tenant whose catalog it is)");
  else if (c.TEAMS_APP_CATALOG_ID && own) {
    if (apps.has(own) && apps.get(own) !== c.TEAMS_APP_CATALOG_ID)
      problems.push(`TEAMS_APP_CATALOG_ID: differs from ALLOWED_TENANTS' installAppId for ${own}`);
    apps.set(own, c.TEAMS_APP_CATALOG_ID);
  }
  // The Graph token is asked for with the app's client secret (client credentials).
  if (apps.size && c.MicrosoftAppType === "UserAssignedMSI")
    problems.push(
      "TEAMS_APP_CATALOG_ID / installAppId: need MicrosoftAppPassword (not MicrosoftAppType=UserAssignedMSI)",
    );
  return apps;
}

/** FEDERATION_*: all three or none, with PUBLIC_URL; the key and peers files are read here, at start. */
function federationOf(c: z.infer<typeof EnvSchema>, problems: string[]): FederationSettings | undefined {
  const missing = FEDERATION_TRIO.filter((k) => !c[k]);
  if (missing.length === FEDERATION_TRIO.length) return undefined;
  if (missing.length) {
    problems.push(
      `${missing.join(", ")}: required for federation (set all of ${FEDERATION_TRIO.join(", ")} or none)`,
    );
    return undefined;
  }
  if (!c.PUBLIC_URL) {
    problems.push("PUBLIC_URL: required for federation (peers sign requests to this URL)");
    return undefined;
  }
  const read = readFederation({
    name: c.FEDERATION_NAME ?? "",
    keyFile: c.FEDERATION_KEY_FILE ?? "",
    peersFile: c.FEDERATION_PEERS ?? "",
    publicUrl: c.PUBLIC_URL,
    production: c.NODE_ENV === "production",
  });
  if ("problems" in read) problems.push(...read.problems);
  return "settings" in read ? read.settings : undefined;
}
