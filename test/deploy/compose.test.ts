import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { DCLinter } from "dclint";
import { DockerfileParser } from "dockerfile-ast";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { composeViolations, dotenv, interpolate } from "./compose-policy.js";

/**
 * deploy/compose.yaml without a daemon (issue 21): the Compose specification's JSON schema (as
 * dclint ships it, current with the spec), dclint's rules, and our policy on the file as
 * `docker compose config` would see it with deploy/.env.example's values.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const COMPOSE = "deploy/compose.yaml";
const raw = parse(read(COMPOSE)) as Record<string, unknown>;
const example = dotenv(read("deploy/.env.example"));
const caddyfile = read("deploy/Caddyfile");

const schemaFile = join(
  dirname(createRequire(import.meta.url).resolve("dclint/package.json")),
  "schemas/compose.schema.json",
);
// Ajv's default meta-schema is draft-07, the one the file names (by a URL Ajv does not know).
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>;
delete schema.$schema;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const schemaErrors = (doc: unknown) =>
  validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);

describe("deploy/compose.yaml", () => {
  it("is valid against the Compose specification's schema, as written and interpolated", () => {
    expect(schemaFile).toMatch(/compose\.schema\.json$/);
    expect(schemaErrors(raw)).toEqual([]);
    expect(schemaErrors(interpolate(raw, example).doc)).toEqual([]);
    const broken = structuredClone(raw) as { services: Record<string, Record<string, unknown>> };
    broken.services.bot = { ...broken.services.bot, restart: 5, helthcheck: {} };
    expect(schemaErrors(broken)).toEqual([
      "/services/bot must NOT have additional properties",
      "/services/bot/restart must be string",
    ]);
  });

  it("passes dclint's rules (pinned image tags, quoted ports, a project name, unique ports)", () => {
    const linter = new DCLinter({
      quiet: true,
      debug: false,
      exclude: [],
      rules: {
        "service-image-require-explicit-tag": 2,
        "require-quotes-in-ports": [2, { quoteType: "double" }],
        "require-project-name-field": 2,
        "no-version-field": 2,
        "no-duplicate-exported-ports": 2,
        "no-duplicate-container-names": 2,
        "no-quotes-in-volumes": 2,
        // Deliberate: the bot is built here and named for a registry; Caddy listens on every interface.
        "no-build-and-image": 0,
        "no-unbound-port-interfaces": 0,
        "service-keys-order": 0,
        "services-alphabetical-order": 0,
        "top-level-properties-order": 0,
        "service-dependencies-alphabetical-order": 0,
        "service-ports-alphabetical-order": 0,
        "service-container-name-regex": 0,
      },
    });
    const [result] = linter.lintFiles([join(ROOT, COMPOSE)], false);
    expect(
      result?.messages.map(
        (m: { rule: string; line: number; message: string }) => `${m.rule} (line ${m.line}): ${m.message}`,
      ),
    ).toEqual([]);
  });

  it("meets the deployment policy", () => {
    const { doc } = interpolate(raw, example);
    expect(composeViolations(doc)).toEqual([]);
    // Two instances by default (README: when to add more); --scale or BOT_REPLICAS changes it.
    const unset = { ...example };
    delete unset.BOT_REPLICAS;
    expect(interpolate(raw, unset).doc).toMatchObject({ services: { bot: { deploy: { replicas: "2" } } } });
  });

  it("gives the bot a production configuration it accepts (the image's ENV, the file's, the secrets)", () => {
    const secrets = mkdtempSync(join(tmpdir(), "sip-compose-secrets-"));
    try {
      writeFileSync(join(secrets, "microsoft_app_password"), "client-secret\n");
      writeFileSync(join(secrets, "postgres_password"), `${randomBytes(32).toString("base64")}\n`);
      writeFileSync(join(secrets, "data_key"), `${randomBytes(32).toString("base64")}\n`);
      const imageEnv = Object.fromEntries(
        DockerfileParser.parse(read("Dockerfile"))
          .getENVs()
          .flatMap((e) => e.getProperties())
          .map((p) => [p.getName(), p.getValue() ?? ""]),
      );
      expect(imageEnv).toEqual({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: "3978", DATA_DIR: "/data" });
      const { doc } = interpolate(raw, example);
      const botEnv =
        (doc.services as Record<string, { environment: Record<string, string> }>).bot?.environment ?? {};
      const env = Object.fromEntries(
        Object.entries({ ...imageEnv, ...botEnv }).map(([k, v]) => [
          k,
          v.replace(/^\/run\/secrets\//, `${secrets}/`),
        ]),
      );
      const config = loadConfig(env);
      expect(config).toMatchObject({ NODE_ENV: "production", authenticated: true, host: "0.0.0.0" });
      expect(config.MicrosoftAppPassword).toBe("client-secret");
      expect(config.DATABASE_URL).toMatch(/^postgres:\/\/sip:[^@]+@db:5432\/sip$/);
      expect(config.PUBLIC_URL).toBe(`https://${example.SIP_DOMAIN}`);
    } finally {
      rmSync(secrets, { recursive: true, force: true });
    }
  });

  type Services = Record<string, Record<string, unknown>>;
  const broken: [string, (s: Services, d: Record<string, unknown>) => void, RegExp][] = [
    ["no restart", (s) => delete s.db?.restart, /db: restart/],
    ["restart no", (s) => void (s.proxy && (s.proxy.restart = "no")), /proxy: restart/],
    ["no healthcheck", (s) => delete s.bot?.healthcheck, /bot: a healthcheck/],
    ["latest", (s) => void (s.db && (s.db.image = "postgres:latest")), /db: image postgres:latest/],
    ["untagged", (s) => void (s.proxy && (s.proxy.image = "caddy")), /image caddy pinned/],
    [
      "password inline",
      (s) =>
        void (s.bot && (s.bot.environment = { ...(s.bot.environment as object), MicrosoftAppPassword: "x" })),
      /MicrosoftAppPassword inline/,
    ],
    [
      "postgres password inline",
      (s) => void (s.db && (s.db.environment = { POSTGRES_PASSWORD: "x" })),
      /POSTGRES_PASSWORD inline/,
    ],
    [
      "password in URL",
      (s) =>
        void (
          s.bot &&
          (s.bot.environment = {
            ...(s.bot.environment as object),
            DATABASE_URL: "postgres://sip:pw@db:5432/sip",
          })
        ),
      /password in a URL/,
    ],
    [
      "secret not granted",
      (s) => void (s.bot && (s.bot.secrets = ["postgres_password", "data_key"])),
      /MicrosoftAppPassword_FILE points at/,
    ],
    [
      "secret from env",
      (_s, d) => void ((d.secrets as Record<string, unknown>).data_key = { environment: "KEY" }),
      /secret data_key: a file/,
    ],
    [
      "unknown _FILE",
      (s) =>
        void (
          s.bot &&
          (s.bot.environment = { ...(s.bot.environment as object), SIP_ADMINS_FILE: "/run/secrets/data_key" })
        ),
      /SIP_ADMINS_FILE is no setting/,
    ],
    ["container_name", (s) => void (s.bot && (s.bot.container_name = "sip")), /container_name/],
    ["bot ports", (s) => void (s.bot && (s.bot.ports = ["3978:3978"])), /published ports/],
    [
      "PGlite",
      (s) => void (s.bot && (s.bot.environment = { ...(s.bot.environment as object), DATABASE_URL: "" })),
      /PostgreSQL service/,
    ],
    ["postgres 15", (s) => void (s.db && (s.db.image = "postgres:15")), /PostgreSQL 16/],
    ["no pg volume", (s) => delete s.db?.volumes, /its data on a volume/],
    ["no 443", (s) => void (s.proxy && (s.proxy.ports = ["80:80"])), /publishing 80 and 443/],
  ];
  it.each(broken)("catches a compose file broken by: %s", (_name, breakIt, expected) => {
    const doc = structuredClone(interpolate(raw, example).doc);
    breakIt(doc.services as Services, doc);
    expect(composeViolations(doc).join("\n")).toMatch(expected);
  });

  it("deploy/.env.example sets every variable the file requires and documents every one it uses", () => {
    const { used, required } = interpolate(raw, example);
    const documented = dotenv(read("deploy/.env.example"), true);
    for (const name of required) expect(example[name], name).toBeTruthy();
    for (const name of used) expect(Object.keys(documented), name).toContain(name);
    expect(() => interpolate(raw, { ...example, SIP_DOMAIN: "" })).toThrow(/SIP_DOMAIN: set SIP_DOMAIN/);
    expect(read(".gitignore")).toMatch(/^deploy\/secrets\/$/m);
    expect(read(".gitignore")).toMatch(/^deploy\/\.env$/m);
  });
});

describe("deploy/Caddyfile", () => {
  const matcher = /@bot path ([^\n]+)/.exec(caddyfile)?.[1]?.trim().split(/\s+/) ?? [];
  const forwarded = (path: string) =>
    matcher.some((m) => (m.endsWith("*") ? path.startsWith(m.slice(0, -1)) : path === m));

  it("forwards every route the bot serves, and nothing else", () => {
    // Routes as the code registers them (server.ts, http/*.ts): a new one must be forwarded too.
    const sources = ["src/server.ts", ...readdirSync(join(ROOT, "src/http")).map((f) => `src/http/${f}`)];
    const routes = sources.flatMap((f) =>
      [...read(f).matchAll(/\b(?:http|router)\.(get|post|all|use|put|patch|delete)\(\s*"(\/[^"]*)"/g)].map(
        ([, method, path]) => (path ?? "").replace(/:\w+/g, "x") + (method === "use" ? "/x" : ""),
      ),
    );
    expect(routes).toEqual(
      expect.arrayContaining(["/api/messages", "/healthz", "/fed/v1/x", "/kallelse/x", "/svar/x"]),
    );
    for (const route of routes) expect(forwarded(route), route).toBe(true);
    for (const other of ["/", "/admin", "/api/other", "/fed/v2/x"])
      expect(forwarded(other), other).toBe(false);
    expect(caddyfile).toMatch(/handle \{\s*respond 404\s*\}/);
  });

  it("passes requests on unchanged, to every bot instance, on the port the image exposes", () => {
    expect(caddyfile).not.toMatch(/^\s*(uri|rewrite|handle_path|strip_prefix)\b/m);
    expect(caddyfile).toMatch(/dynamic a \{\s*name bot\s*port 3978\b/);
    expect(read("Dockerfile")).toMatch(/^EXPOSE 3978$/m);
    expect(caddyfile).toMatch(/^\{\$SIP_DOMAIN\} \{/m);
    expect(caddyfile).toMatch(/email \{\$ACME_EMAIL\}/);
  });
});
