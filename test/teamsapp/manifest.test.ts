import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AppManifestUtils, type AppManifest } from "@microsoft/app-manifest";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildTeamsPackage,
  PLACEHOLDER_BOT_ID,
  TEAMSAPP_DIR,
  validateTeamsApp,
} from "../../src/tools/teams-app.js";

interface Command {
  title: string;
  description: string;
}
interface Manifest {
  $schema: string;
  id: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] }[];
  developer: Record<string, string>;
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages: { languageTag: string; file: string }[];
  };
}

const file = (name: string) => join(TEAMSAPP_DIR, name);
const manifest = JSON.parse(readFileSync(file("manifest.json"), "utf8")) as Manifest;

/** PNG: 8-byte signature, then the IHDR chunk: length, "IHDR", width, height, depth, colour type. */
function ihdr(name: string) {
  const png = readFileSync(file(name));
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.subarray(12, 16).toString()).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png[25] };
}

describe("teamsapp/manifest.json", () => {
  it("names a schema that @microsoft/app-manifest bundles (validation stays offline)", () => {
    const version = /\/teams\/(v1\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema)?.[1];
    expect(version).toBeDefined();
    expect(Number(version?.slice(3))).toBeGreaterThanOrEqual(19);
    const pkg = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
    expect(
      existsSync(join(pkg, "build", "json-schemas", "teams", `${version}`, "MicrosoftTeams.schema.json")),
    ).toBe(true);
  });

  it("is valid against its schema: zero errors", async () => {
    expect(await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest)).toEqual([]);
  });

  it("has valid localization files and the icon sizes Teams needs", async () => {
    expect(await validateTeamsApp()).toEqual([]);
  });

  it("would catch a template placeholder, a long name and a wrong icon", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sip-teamsapp-"));
    try {
      cpSync(TEAMSAPP_DIR, dir, {
        recursive: true,
        filter: (src) => !src.startsWith(join(TEAMSAPP_DIR, "build")),
      });
      const broken = {
        ...manifest,
        name: { short: "SIP-lotsen, med ett alldeles för långt namn", full: "SIP-lotsen" },
        bots: [{ ...manifest.bots[0], botId: "${{BOT_ID}}" }],
        icons: { color: "color.png", outline: "color.png" },
      };
      writeFileSync(join(dir, "manifest.json"), JSON.stringify(broken));
      const problems = (await validateTeamsApp(dir)).join("\n");
      expect(problems).toMatch(/\/bots\/0\/botId/);
      expect(problems).toMatch(/\/name\/short/);
      expect(problems).toMatch(/color\.png: 192×192, Teams needs 32×32/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ships a 192×192 colour icon and a 32×32 outline icon with transparency", () => {
    expect(ihdr(manifest.icons.color)).toMatchObject({ width: 192, height: 192 });
    // Colour type 6 = RGBA: the outline is white on a transparent background.
    expect(ihdr(manifest.icons.outline)).toEqual({ width: 32, height: 32, colourType: 6 });
  });

  it("is a personal bot with the placeholder id and the Swedish commands", () => {
    const [bot, ...others] = manifest.bots;
    expect(others).toEqual([]);
    expect(bot?.botId).toBe(PLACEHOLDER_BOT_ID);
    expect(bot?.scopes).toEqual(["personal"]);
    expect(bot?.commandLists.flatMap((l) => l.commands.map((c) => c.title))).toEqual([
      "bedöm",
      "samtycke",
      "hjälp",
    ]);
    expect(manifest.id).not.toBe(PLACEHOLDER_BOT_ID);
    for (const url of ["websiteUrl", "privacyUrl", "termsOfUseUrl"])
      expect(manifest.developer[url]).toMatch(/^https:\/\/example\.org\//);
  });

  it("translates every command into English", () => {
    const [english] = manifest.localizationInfo.additionalLanguages;
    const strings = JSON.parse(readFileSync(file(english?.file ?? ""), "utf8")) as Record<string, string>;
    manifest.bots[0]?.commandLists[0]?.commands.forEach((_, i) => {
      expect(strings[`bots[0].commandLists[0].commands[${i}].title`]).toBeTruthy();
      expect(strings[`bots[0].commandLists[0].commands[${i}].description`]).toBeTruthy();
    });
  });
});

describe("npm run package:teams", () => {
  const out = mkdtempSync(join(tmpdir(), "sip-teams-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("zips manifest, icons and localization at the archive root, with the real bot id", () => {
    const botId = "11111111-2222-4333-8444-555555555555";
    const zip = join(out, "sip-lotsen.zip");
    buildTeamsPackage(botId, zip);
    const entries = unzipSync(readFileSync(zip));
    expect(Object.keys(entries).sort()).toEqual(["color.png", "en.json", "manifest.json", "outline.png"]);
    const packed = JSON.parse(new TextDecoder().decode(entries["manifest.json"])) as Manifest;
    expect(packed.bots[0]?.botId).toBe(botId);
    expect({ ...packed, bots: [] }).toEqual({ ...manifest, bots: [] });
    expect(Buffer.from(entries["color.png"] ?? [])).toEqual(readFileSync(file("color.png")));
  });

  it("refuses a bot id that is not a GUID", () => {
    expect(() => buildTeamsPackage("${{BOT_ID}}", join(out, "x.zip"))).toThrow(/not a GUID/);
  });
});
