import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

/** Production needs a master key outside DATA_DIR (README "Erasure"). */
const KEY_FILE = join(mkdtempSync(join(tmpdir(), "sip-config-key-")), "master.key");
writeFileSync(KEY_FILE, randomBytes(32).toString("base64"));

describe("configuration from the environment", () => {
  it("runs locally with no variables: unauthenticated, localhost only, PGlite in ./data", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3978, host: "127.0.0.1", authenticated: false, DATA_DIR: "./data" });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SIP_DEFAULT_REGION).toBe("national");
  });

  it("treats empty values as unset, as in a copied .env.example", () => {
    expect(loadConfig({ MicrosoftAppId: "", DATABASE_URL: " ", PORT: "" }).authenticated).toBe(false);
  });

  it("listens on all interfaces once credentials are set", () => {
    const c = loadConfig({ MicrosoftAppId: "app", MicrosoftAppPassword: "secret" });
    expect(c).toMatchObject({ authenticated: true, host: "0.0.0.0" });
  });

  it("refuses to start in production without credentials, saying why", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
      /MicrosoftAppId: required when NODE_ENV=production/,
    );
  });

  it("SIP_NOW moves the clock outside production only, and must name its offset", () => {
    expect(loadConfig({ SIP_NOW: "2027-01-10T09:00:00+01:00" }).SIP_NOW).toBe("2027-01-10T09:00:00+01:00");
    expect(() => loadConfig({ SIP_NOW: "2027-01-10T09:00:00" })).toThrow(
      /SIP_NOW: must be ISO 8601 with an offset/,
    );
    const production = {
      NODE_ENV: "production",
      MicrosoftAppId: "app",
      MicrosoftAppPassword: "secret",
      MicrosoftAppTenantId: "t",
      PUBLIC_URL: "https://sip.example",
      SIP_NOW: "2027-01-10T09:00:00+01:00",
    };
    expect(() => loadConfig(production)).toThrow(/SIP_NOW: not allowed when NODE_ENV=production/);
  });

  it("reads RETENTION_DAYS (90 by default) and SIP_ADMINS as a list", () => {
    expect(loadConfig({}).RETENTION_DAYS).toBe(90);
    expect(loadConfig({ RETENTION_DAYS: "30", SIP_ADMINS: "aad-1, 29:x" })).toMatchObject({
      RETENTION_DAYS: 30,
      SIP_ADMINS: ["aad-1", "29:x"],
    });
    expect(() => loadConfig({ RETENTION_DAYS: "0" })).toThrow(/RETENTION_DAYS/);
  });

  it("lists every bad variable at once", () => {
    let message = "";
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        SIP_DEFAULT_REGION: "mars",
        MicrosoftAppType: "Any",
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const field of ["PORT", "DATABASE_URL", "SIP_DEFAULT_REGION", "MicrosoftAppType"])
      expect(message).toContain(field);
  });

  it("refuses an unauthenticated bot on a public interface, and half-set credentials", () => {
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/HOST/);
    expect(() => loadConfig({ MicrosoftAppId: "app" })).toThrow(/MicrosoftAppPassword/);
    expect(() =>
      loadConfig({ MicrosoftAppId: "app", MicrosoftAppPassword: "s", MicrosoftAppType: "SingleTenant" }),
    ).toThrow(/MicrosoftAppTenantId/);
  });

  const production = {
    NODE_ENV: "production",
    MicrosoftAppId: "app",
    MicrosoftAppPassword: "s",
    MicrosoftAppType: "SingleTenant",
    MicrosoftAppTenantId: "tenant-kommun",
    DATA_KEY_FILE: KEY_FILE,
  };

  it("requires an https PUBLIC_URL in production, so printable links do not point at 127.0.0.1", () => {
    expect(() => loadConfig(production)).toThrow(/PUBLIC_URL: required in production/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: "http://sip.example.org" })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ ...production, PUBLIC_URL: "https://sip.example.org/" }).PUBLIC_URL).toBe(
      "https://sip.example.org",
    );
  });

  it("serves the registration's tenant plus ALLOWED_TENANTS; every tenant only when neither is set", () => {
    expect(loadConfig({}).tenants).toBeUndefined();
    const c = loadConfig({
      ...production,
      PUBLIC_URL: "https://sip.example.org",
      ALLOWED_TENANTS: " tenant-region , tenant-skola,",
    });
    expect([...(c.tenants ?? [])]).toEqual(["tenant-kommun", "tenant-region", "tenant-skola"]);
    expect([...(loadConfig({ ALLOWED_TENANTS: "t1" }).tenants ?? [])]).toEqual(["t1"]);
    expect(() => loadConfig({ ALLOWED_TENANTS: "t1,bad id" })).toThrow(/ALLOWED_TENANTS/);
    const multi = { ...production, MicrosoftAppType: "MultiTenant", MicrosoftAppTenantId: "" };
    expect(() => loadConfig({ ...multi, PUBLIC_URL: "https://sip.example.org" })).toThrow(
      /MicrosoftAppTenantId or ALLOWED_TENANTS: required in production/,
    );
  });

  it("reads ALLOWED_TENANTS as JSON with the organisations' names", () => {
    const c = loadConfig({
      MicrosoftAppTenantId: "tenant-kommun",
      ALLOWED_TENANTS:
        '[{"id":"tenant-region","name":"Region Värmland"},{"id":"tenant-skola","name":" Skolan "}]',
    });
    expect([...(c.tenants ?? [])]).toEqual(["tenant-kommun", "tenant-region", "tenant-skola"]);
    expect([...c.tenantNames]).toEqual([
      ["tenant-region", "Region Värmland"],
      ["tenant-skola", "Skolan"],
    ]);
    // Ids only: served, without names (the typeahead then says "annan organisation").
    expect(loadConfig({ ALLOWED_TENANTS: "t1,t2" }).tenantNames.size).toBe(0);
  });

  it("refuses bad ALLOWED_TENANTS JSON with a message that says what is wrong", () => {
    const bad = (v: string) => () => loadConfig({ ALLOWED_TENANTS: v });
    expect(bad('[{"id":"t1","name":"Region"')).toThrow(/ALLOWED_TENANTS: is not valid JSON/);
    expect(bad('[{"id":"t1"}]')).toThrow(/ALLOWED_TENANTS: \[0\.name\]/);
    expect(bad('[{"id":"t 1","name":"X"}]')).toThrow(/ALLOWED_TENANTS: \[0\.id\]: tenant ids are/);
    expect(bad("[]")).toThrow(/ALLOWED_TENANTS: .*lists no tenant/);
    expect(bad('[{"id":"t1","name":"X","extra":1}]')).toThrow(/ALLOWED_TENANTS/);
  });

  it("reads where the bot may install itself: installAppId per tenant, TEAMS_APP_CATALOG_ID for its own", () => {
    const region = "11111111-2222-4333-8444-555555555555";
    const own = "66666666-7777-4888-9999-000000000000";
    const c = loadConfig({
      MicrosoftAppTenantId: "tenant-kommun",
      TEAMS_APP_CATALOG_ID: own,
      ALLOWED_TENANTS: `[{"id":"tenant-region","name":"Region","installAppId":"${region}"},{"id":"tenant-skola","name":"Skolan"}]`,
    });
    expect([...c.installApps]).toEqual([
      ["tenant-region", region],
      ["tenant-kommun", own],
    ]);
    expect([...(c.tenants ?? [])]).toEqual(["tenant-kommun", "tenant-region", "tenant-skola"]);
    // Without either nothing is installed: paper as before.
    expect(loadConfig({ ALLOWED_TENANTS: '[{"id":"t1","name":"X"}]' }).installApps.size).toBe(0);
    expect(loadConfig({ TEAMS_APP_CATALOG_ID: "" }).installApps.size).toBe(0);
  });

  it("refuses a catalog id that is no GUID, one without its tenant, and one that contradicts the other", () => {
    const id = "11111111-2222-4333-8444-555555555555";
    expect(() =>
      loadConfig({ ALLOWED_TENANTS: '[{"id":"t1","name":"X","installAppId":"com.sip"}]' }),
    ).toThrow(/ALLOWED_TENANTS: \[0\.installAppId\]: must be the app's id in the tenant's Teams app catalog/);
    expect(() => loadConfig({ MicrosoftAppTenantId: "t1", TEAMS_APP_CATALOG_ID: "x" })).toThrow(
      /TEAMS_APP_CATALOG_ID: must be the app's id/,
    );
    expect(() => loadConfig({ TEAMS_APP_CATALOG_ID: id })).toThrow(
      /TEAMS_APP_CATALOG_ID: needs MicrosoftAppTenantId/,
    );
    const other = "22222222-2222-4333-8444-555555555555";
    expect(() =>
      loadConfig({
        MicrosoftAppTenantId: "t1",
        TEAMS_APP_CATALOG_ID: id,
        ALLOWED_TENANTS: `[{"id":"t1","name":"X","installAppId":"${other}"}]`,
      }),
    ).toThrow(/TEAMS_APP_CATALOG_ID: differs from ALLOWED_TENANTS' installAppId for t1/);
    expect(() =>
      loadConfig({
        MicrosoftAppId: "app",
        MicrosoftAppType: "UserAssignedMSI",
        MicrosoftAppTenantId: "t1",
        TEAMS_APP_CATALOG_ID: id,
      }),
    ).toThrow(/need MicrosoftAppPassword/);
  });
});
