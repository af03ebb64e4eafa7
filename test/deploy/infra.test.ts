import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../../src/config.js";
import { FILE_SECRETS } from "../../src/config-secrets.js";
import { containerEnv, infraViolations, params, type InfraFiles } from "./infra-policy.js";

/**
 * infra/ without a Bicep compiler (issue 21): the contract in infra-policy.ts, on the real files
 * and on copies broken one rule at a time, so a passing contract means something.
 */
const INFRA = new URL("../../infra/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, INFRA), "utf8");
const files: InfraFiles = {
  main: read("main.bicep"),
  modules: Object.fromEntries(
    readdirSync(new URL("modules/", INFRA))
      .filter((f) => f.endsWith(".bicep"))
      .map((f) => [f.slice(0, -".bicep".length), read(`modules/${f}`)]),
  ),
  parameters: read("main.parameters.json"),
};
/** What config reads: the schema's names and the NAME_FILE forms of the secret settings. */
const ENV = new Set([...ENV_NAMES, ...FILE_SECRETS.map((n) => `${n}_FILE`)]);

describe("infra/ (Azure, Sweden Central)", () => {
  it("meets the contract", () => {
    expect(infraViolations(files, ENV)).toEqual([]);
  });

  it("reads the parameters and the container's settings it checks", () => {
    const names = params(files.main).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["location", "image", "minReplicas", "botAppType"]));
    const env = containerEnv(files.modules.app ?? "");
    expect(env.get("DATABASE_AUTH")).toBe("'entra'");
    expect(env.size).toBeGreaterThanOrEqual(12);
    expect(ENV.has("DATABASE_AUTH") && ENV.has("MicrosoftAppPassword_FILE")).toBe(true);
  });

  type Edit = (f: InfraFiles) => InfraFiles;
  const inMain =
    (from: string | RegExp, to: string): Edit =>
    (f) => ({ ...f, main: f.main.replace(from, to) });
  const inModule =
    (name: string, from: string | RegExp, to: string): Edit =>
    (f) => ({ ...f, modules: { ...f.modules, [name]: (f.modules[name] ?? "").replace(from, to) } });
  const inParameters =
    (edit: (p: Record<string, { value: unknown }>) => void): Edit =>
    (f) => {
      const json = JSON.parse(f.parameters) as { parameters: Record<string, { value: unknown }> };
      edit(json.parameters);
      return { ...f, parameters: JSON.stringify(json) };
    };

  // Each rule, broken once: the contract names it.
  const broken: [string, Edit, RegExp][] = [
    [
      "a param without value",
      inMain("param tenantId string = tenant().tenantId", "param tenantId string"),
      /tenantId: neither a default nor a value/,
    ],
    ["image's value removed", inParameters((p) => delete p.image), /param image: neither/],
    ["a typo'd parameter", inParameters((p) => (p.minReplica = { value: 2 })), /minReplica is not a param/],
    [
      "a module param not given",
      inMain("    skuTier: postgresSkuTier\n", ""),
      /postgres.bicep: param skuTier is not given/,
    ],
    [
      "location default",
      inMain("param location string = 'swedencentral'", "param location string = 'westeurope'"),
      /must default to 'swedencentral'/,
    ],
    ["location value", inParameters((p) => (p.location = { value: "northeurope" })), /location northeurope/],
    [
      "location unparameterised",
      inModule("postgres", "  location: location\n", "  location: 'northeurope'\n"),
      /location is 'northeurope'/,
    ],
    [
      "MultiTenant bot",
      inMain("@allowed(['UserAssignedMSI', 'SingleTenant'])", "@allowed(['MultiTenant', 'SingleTenant'])"),
      /MultiTenant appears/,
    ],
    [
      "MultiTenant value",
      inParameters((p) => (p.botAppType = { value: "MultiTenant" })),
      /MultiTenant appears/,
    ],
    ["no Teams channel", inMain("name: 'MsTeamsChannel'", "name: 'WebChatChannel'"), /MsTeamsChannel/],
    [
      "password login",
      inModule("postgres", "passwordAuth: 'Disabled'", "passwordAuth: 'Enabled'"),
      /passwordAuth 'Disabled'/,
    ],
    [
      "admin password",
      inModule("postgres", "version: '16'", "version: '16'\n    administratorLoginPassword: 'x'"),
      /administrator password/,
    ],
    [
      "public server",
      inModule("postgres", "publicNetworkAccess: 'Disabled'", "publicNetworkAccess: 'Enabled'"),
      /public network access disabled/,
    ],
    ["PostgreSQL 15", inModule("postgres", "version: '16'", "version: '15'"), /version must be '16'/],
    [
      "no purge protection",
      inMain("enablePurgeProtection: true", "enablePurgeProtection: false"),
      /purge protection/,
    ],
    [
      "one replica",
      inMain("param minReplicas int = 2", "param minReplicas int = 1"),
      /minReplicas: must be at least 2/,
    ],
    [
      "one replica value",
      inParameters((p) => (p.minReplicas = { value: 1 })),
      /minReplicas: must be at least 2/,
    ],
    [
      "no minValue",
      inMain("@minValue(2)\nparam minReplicas", "param minReplicas"),
      /minReplicas: must be at least 2/,
    ],
    [
      "scale ignores it",
      inModule("app", "minReplicas: minReplicas", "minReplicas: 1"),
      /scale ignores minReplicas/,
    ],
    [
      "unknown env",
      inModule("app", "{ name: 'LOG_LEVEL', value: logLevel }", "{ name: 'LOGLEVEL', value: logLevel }"),
      /env LOGLEVEL: not a setting/,
    ],
    [
      "password auth",
      inModule(
        "app",
        "{ name: 'DATABASE_AUTH', value: 'entra' }",
        "{ name: 'DATABASE_AUTH', value: 'password' }",
      ),
      /env DATABASE_AUTH: missing/,
    ],
    ["no data key", inModule("app", /\{ name: 'DATA_KEY_FILE'[^}]*\}/, ""), /env DATA_KEY_FILE: missing/],
    ["development", inModule("app", "value: 'production'", "value: 'development'"), /env NODE_ENV/],
    [
      "password in URL",
      inMain("'postgres://${identity.name}@", "'postgres://${identity.name}:pw@"),
      /DATABASE_URL: must hold no password/,
    ],
    [
      "no secret volume",
      inModule("app", "storageType: 'Secret'", "storageType: 'EmptyDir'"),
      /mounted as files/,
    ],
    ["no readiness", inModule("app", "path: '/readyz'", "path: '/healthz'"), /probe Readiness/],
    ["http allowed", inModule("app", "allowInsecure: false", "allowInsecure: true"), /https only/],
  ];
  it.each(broken)("names a broken rule: %s", (_what, edit, expected) => {
    const changed = edit(files);
    expect(changed).not.toEqual(files); // the edit found its text
    expect(infraViolations(changed, ENV).join("\n")).toMatch(expected);
  });

  it("ignores comments: a commented-out MultiTenant or region is not code", () => {
    const commented = { ...files, main: `${files.main}\n// location: 'westus' MultiTenant\n` };
    expect(infraViolations(commented, ENV)).toEqual([]);
  });
});
