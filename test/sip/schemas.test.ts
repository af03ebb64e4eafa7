import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  AssessInputSchema,
  ConsentInputSchema,
  REGION_KEYS,
  REGIONS,
  RegionSettingsSchema,
  expiredBasis,
} from "../../src/sip/index.js";
import { DOCS } from "../../src/sip/sources.js";

const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.join(".")) ?? [];

// prettier-ignore
const invalidConsent: [string, unknown, string][] = [
  ["age missing", {}, "age"],
  ["age not whole", { age: 15.5 }, "age"],
  ["impossible age", { age: 200 }, "age"],
  ["negative age", { age: -1 }, "age"],
  ["three guardians", { age: 5, guardians: [{ consent: "given" }, { consent: "given" }, { consent: "given" }] }, "guardians"],
  ["unknown guardian answer", { age: 5, guardians: [{ consent: "maybe" }] }, "guardians.0.consent"],
  ["date in the wrong form", { age: 5, expiresOn: "26/11/2026", today: "2026-11-26" }, "expiresOn"],
  ["date that does not exist", { age: 5, expiresOn: "2026-02-30", today: "2026-11-26" }, "expiresOn"],
  ["expiresOn without today", { age: 5, expiresOn: "2026-12-01" }, "today"],
  ["guardians for an adult", { age: 30, guardians: [{ consent: "given" }] }, "guardians"],
  ["förvaltare for a child", { age: 10, representative: { kind: "forvaltare", consent: "given" } }, "representative.kind"],
  ["special guardian for an adult", { age: 30, representative: { kind: "sarskilt_forordnad_vardnadshavare", consent: "given" } }, "representative.kind"],
  ["guardians and a stand-in at once", { age: 10, guardians: [{ consent: "given" }], representative: { kind: "god_man", consent: "given" } }, "representative"],
  ["unknown region", { age: 10, region: "mars" }, "region"],
  ["misspelt field", { age: 10, gaurdians: [] }, ""],
];

describe("input schemas refuse what the rules cannot judge", () => {
  it.each(invalidConsent)("consent: %s", (_name, input, field) => {
    const r = ConsentInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(fieldsOf(r)).toContain(field);
  });

  it("assess: names each missing required field", () => {
    const r = AssessInputSchema.safeParse({ needsSocialServices: "yes" });
    expect(fieldsOf(r).sort()).toEqual(["needsHealthCare", "reporterRole"]);
  });

  it("assess: refuses an unknown indication and accepts requestedBy null", () => {
    const base = { needsSocialServices: "yes", needsHealthCare: "yes", reporterRole: "school" };
    expect(fieldsOf(AssessInputSchema.safeParse({ ...base, indications: ["lonely"] }))).toEqual([
      "indications.0",
    ]);
    expect(AssessInputSchema.safeParse({ ...base, requestedBy: null }).success).toBe(true);
  });

  it("assess v2: accepts the new optional inputs and refuses bad values in them", () => {
    const base = { needsSocialServices: "yes", needsHealthCare: "yes", reporterRole: "school_health" };
    const v2 = { ...base, existingSip: true, municipalHealthCare: "unsure", today: "2026-11-27" };
    expect(AssessInputSchema.safeParse(v2).success).toBe(true);
    const bad = { ...base, existingSip: "yes", municipalHealthCare: "maybe", today: "2026-02-30" };
    expect(fieldsOf(AssessInputSchema.safeParse(bad)).sort()).toEqual([
      "existingSip",
      "municipalHealthCare",
      "today",
    ]);
  });
});

describe("regional settings are validated data", () => {
  it("has the four regions the sources describe, each valid", () => {
    expect(Object.keys(REGIONS).sort()).toEqual(["national", "uppsala", "varmland", "vgr"]);
    for (const settings of Object.values(REGIONS))
      expect(RegionSettingsSchema.parse(settings)).toEqual(settings);
  });

  it("encodes where the sources differ", () => {
    expect(REGIONS.vgr.conveners).toContain("school");
    expect(REGIONS.national.conveners).not.toContain("school");
    expect(REGIONS.uppsala.conveners).not.toContain("school");
    expect(REGIONS.vgr.acceptsEquivalentPlan).toBe(false);
    expect(REGIONS.national.acceptsEquivalentPlan).toBe(true);
    expect(REGIONS.varmland.violenceLvuCaution).toBe(true);
    for (const s of Object.values(REGIONS)) expect(s.dischargeSipDays).toBe(3);
  });

  it("names, for every region, a cited document and the validity the document states", () => {
    const docs: string[] = Object.values(DOCS);
    for (const key of REGION_KEYS) {
      const { basis } = REGIONS[key];
      expect(docs).toContain(basis.document);
      if (basis.validFrom && basis.validTo) expect(basis.validFrom <= basis.validTo).toBe(true);
    }
    expect(REGIONS.national.basis).toEqual({ document: "SKL, Använd SIP (2019)" });
    expect(REGIONS.vgr.basis.validTo).toBe("2023-12-31"); // "till och med årsskiftet 2023"
    expect(REGIONS.varmland.basis).toMatchObject({ validFrom: "2024-06-18", validTo: "2026-06-18" });
    expect(REGIONS.uppsala.basis.validTo).toBeUndefined();
  });

  it("calls a document expired only after its last valid day, and only when today is known", () => {
    expect(expiredBasis(REGIONS.varmland, "2026-06-18")).toBeUndefined();
    expect(expiredBasis(REGIONS.varmland, "2026-06-19")).toBe(REGIONS.varmland.basis);
    expect(expiredBasis(REGIONS.varmland, undefined)).toBeUndefined();
    expect(expiredBasis(REGIONS.national, "2099-01-01")).toBeUndefined();
  });

  it("README's Regional settings section matches the data", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.split("### Regional settings")[1]?.split("\n## ")[0] ?? "";
    for (const key of REGION_KEYS) {
      const { basis } = REGIONS[key];
      expect(section).toContain(`\`${key}\``);
      expect(section).toContain(basis.document);
      if (basis.validTo) expect(section).toContain(basis.validTo);
    }
  });

  it("rejects a region that cannot be right", () => {
    const basis = (b: object) => RegionSettingsSchema.safeParse({ ...REGIONS.national, basis: b }).success;
    expect(basis({ document: "X", validFrom: "2024-01-01", validTo: "2023-12-31" })).toBe(false);
    expect(basis({ document: "X", validTo: "2023-02-30" })).toBe(false);
    expect(basis({ document: "" })).toBe(false);
    expect(RegionSettingsSchema.safeParse({ ...REGIONS.national, dischargeSipDays: 0 }).success).toBe(false);
    expect(RegionSettingsSchema.safeParse({ ...REGIONS.national, conveners: ["school"] }).success).toBe(
      false,
    );
  });
});
