import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withSecretFiles } from "../src/config-secrets.js";
import { loadConfig } from "../src/config.js";
import { refusal } from "./helpers/config.js";

/** NAME_FILE for the secret settings (issue 21): read at start, never put back in the environment. */
const dir = mkdtempSync(join(tmpdir(), "sip-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secret = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};
const VALUE = "s3cret-Värde/med:tecken";

describe("secrets from files (NAME_FILE)", () => {
  it("reads MicrosoftAppPassword_FILE, drops the newline echo wrote, and leaves the given env untouched", () => {
    const env = { MicrosoftAppId: "app", MicrosoftAppPassword_FILE: secret("app-password", `${VALUE}\n`) };
    const c = loadConfig(env);
    expect(c.MicrosoftAppPassword).toBe(VALUE);
    expect(c.authenticated).toBe(true);
    expect(env).toEqual({ MicrosoftAppId: "app", MicrosoftAppPassword_FILE: join(dir, "app-password") });
    expect(JSON.stringify(process.env)).not.toContain(VALUE);
  });

  it("reads each allowed name, and only those", () => {
    const { env, problems } = withSecretFiles({
      AZURE_OPENAI_API_KEY_FILE: secret("azure", "azure-key\r\n"),
      OPENAI_API_KEY_FILE: secret("openai", "openai-key"),
      DATABASE_URL_FILE: secret("url", "postgres://u:p@db:5432/sip\n"),
      SIP_ADMINS_FILE: secret("admins", "someone"),
    });
    expect(problems).toEqual([]);
    expect(env).toMatchObject({
      AZURE_OPENAI_API_KEY: "azure-key",
      OPENAI_API_KEY: "openai-key",
      DATABASE_URL: "postgres://u:p@db:5432/sip",
    });
    expect(env.SIP_ADMINS).toBeUndefined();
    expect(env.DATABASE_URL_FILE).toBeUndefined();
  });

  it("refuses NAME and NAME_FILE together, naming both and not the value", () => {
    const message = refusal({
      MicrosoftAppId: "app",
      MicrosoftAppPassword: VALUE,
      MicrosoftAppPassword_FILE: secret("both", "other-value"),
    });
    expect(message).toMatch(/MicrosoftAppPassword and MicrosoftAppPassword_FILE: both set/);
    expect(message).not.toContain(VALUE);
    expect(message).not.toContain("other-value");
  });

  it("an empty NAME beside NAME_FILE (a copied .env.example) is not 'both set'", () => {
    const c = loadConfig({ OPENAI_API_KEY: "", OPENAI_API_KEY_FILE: secret("key", "k\n") });
    expect(c.OPENAI_API_KEY).toBe("k");
  });

  it("refuses a file it cannot read, naming the variable and the path", () => {
    const missing = join(dir, "no-such-file");
    expect(refusal({ MicrosoftAppPassword_FILE: missing })).toContain(
      `MicrosoftAppPassword_FILE: cannot read ${missing} (ENOENT)`,
    );
    expect(refusal({ OPENAI_API_KEY_FILE: dir })).toContain(
      `OPENAI_API_KEY_FILE: cannot read ${dir} (EISDIR)`,
    );
  });

  it("refuses an empty file and one far larger than any secret", () => {
    const empty = secret("empty", "\n");
    expect(refusal({ MicrosoftAppPassword_FILE: empty })).toContain(
      `MicrosoftAppPassword_FILE: ${empty} is empty`,
    );
    const big = secret("big", "x".repeat(70_000));
    expect(refusal({ OPENAI_API_KEY_FILE: big })).toContain(
      `OPENAI_API_KEY_FILE: ${big} is larger than 64 KiB`,
    );
  });

  it("a bad value from a file is named by its variable, never shown", () => {
    const message = refusal({ DATABASE_URL_FILE: secret("mysql", "mysql://sip:hunter2@db/sip") });
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(message).not.toContain("hunter2");
  });

  it("merges DATABASE_PASSWORD_FILE into a DATABASE_URL without one, any character intact", () => {
    const password = "p@ss:wörd/%41#?&+ x";
    const c = loadConfig({
      DATABASE_URL: "postgres://sip@db:5432/sip?sslmode=disable",
      DATABASE_PASSWORD_FILE: secret("pg", `${password}\n`),
    });
    // What pg itself makes of the URL: the password exactly as written, the rest unchanged.
    const client = new pg.Client({ connectionString: c.DATABASE_URL });
    expect(client).toMatchObject({ user: "sip", host: "db", port: 5432, database: "sip", password });
    expect(c.DATABASE_URL).toMatch(/\?sslmode=disable$/);
  });

  it("refuses DATABASE_PASSWORD without a DATABASE_URL, or beside a URL that has a password", () => {
    const pw = secret("pg2", VALUE);
    expect(refusal({ DATABASE_PASSWORD_FILE: pw })).toMatch(/DATABASE_PASSWORD: needs DATABASE_URL/);
    const both = refusal({ DATABASE_URL: "postgres://sip:old@db/sip", DATABASE_PASSWORD_FILE: pw });
    expect(both).toMatch(/DATABASE_PASSWORD: DATABASE_URL has a password already/);
    expect(both).not.toContain(VALUE);
  });
});
