import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppManifestUtils, type AppManifest } from "@microsoft/app-manifest";
import { zipSync } from "fflate";

/** The Teams app package sources: manifest.json, its icons and localization files. */
export const TEAMSAPP_DIR = fileURLToPath(new URL("../../teamsapp/", import.meta.url));
/** What the manifest holds until you put your Azure Bot's Microsoft App ID there. */
export const PLACEHOLDER_BOT_ID = "00000000-0000-0000-0000-000000000000";
/** Teams' required icon sizes (the schema cannot check them). */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];

export interface TeamsManifestJson {
  $schema: string;
  icons: { color: string; outline: string };
  bots: { botId: string }[];
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** Width and height from a PNG's IHDR chunk, which the format requires to come first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = "89504e470d0a1a0a";
  if (png.subarray(0, 8).toString("hex") !== signature || png.subarray(12, 16).toString() !== "IHDR")
    throw new Error("not a PNG file");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The bundled schema for a developer.microsoft.com schema URL; never the network (the
 * library would fetch an unknown version, so an unbundled one is an error here).
 */
async function bundledSchema(url: string): Promise<Schema> {
  if (!/^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v1\.\d+\//.test(url))
    throw new Error(`$schema ${url} is not a bundled Teams schema (v1.x)`);
  const schema = await AppManifestUtils.fetchSchema(url);
  // Microsoft's localization schemas (every version) carry the pattern `\b]`, which is an
  // invalid regular expression in the unicode mode ajv compiles with; escape the bracket.
  return JSON.parse(JSON.stringify(schema).replaceAll("\\\\b]", "\\\\b\\\\]")) as Schema;
}

/**
 * Every problem with the package sources in `dir`: schema errors in the manifest and each
 * localization file, and icons of the wrong size. Empty when Teams should accept it.
 */
export async function validateTeamsApp(dir = TEAMSAPP_DIR): Promise<string[]> {
  const manifest = readJson<TeamsManifestJson>(join(dir, "manifest.json"));
  const problems = (
    await AppManifestUtils.validateAgainstSchema(
      manifest as unknown as AppManifest,
      await bundledSchema(manifest.$schema),
    )
  ).map((e) => `manifest.json: ${e}`);
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const strings = readJson<{ $schema: string }>(join(dir, file));
    const errors = await AppManifestUtils.validateAgainstSchema(
      strings as unknown as AppManifest,
      await bundledSchema(strings.$schema),
    );
    problems.push(...errors.map((e) => `${file}: ${e}`));
  }
  for (const kind of ["color", "outline"] as const) {
    const { width, height } = pngSize(readFileSync(join(dir, manifest.icons[kind])));
    const want = ICON_SIZES[kind];
    if (width !== want || height !== want)
      problems.push(`${manifest.icons[kind]}: ${width}×${height}, Teams needs ${want}×${want}`);
  }
  return problems;
}

/** The files the package holds: the manifest, its icons and its localization files. */
export function packageFiles(manifest: TeamsManifestJson): string[] {
  return [
    "manifest.json",
    manifest.icons.color,
    manifest.icons.outline,
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
  ];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A fixed timestamp in the zip instead of the build time: same sources, same package. */
const ZIP_TIME = new Date("2025-01-01T00:00:00Z");

/**
 * Zips the package Teams takes (files at the root of the archive) into `outFile`, with
 * `botId` in the manifest in place of whatever the sources hold. Returns the files zipped.
 */
export function buildTeamsPackage(botId: string, outFile: string, dir = TEAMSAPP_DIR): string[] {
  if (!GUID.test(botId)) throw new Error(`bot id ${botId} is not a GUID (the Azure Bot's Microsoft App ID)`);
  const manifest = readJson<TeamsManifestJson>(join(dir, "manifest.json"));
  manifest.bots = manifest.bots.map((bot) => ({ ...bot, botId }));
  const files = packageFiles(manifest);
  const entries = Object.fromEntries(
    files.map((file) => [
      file,
      file === "manifest.json"
        ? new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)
        : readFileSync(join(dir, file)),
    ]),
  );
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zipSync(entries, { level: 9, mtime: ZIP_TIME }));
  return files;
}
