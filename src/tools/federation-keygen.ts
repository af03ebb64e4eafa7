import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod/v4";
import { keyIdOf, spkiPem } from "../federation/keys.js";

/**
 * `npm run federation:keygen -- --out DIR`: writes DIR/federation-key.pem (this instance's Ed25519
 * private key, mode 600) and prints on stdout only the descriptor the partner's admin puts in
 * their FEDERATION_PEERS file. Messages go to stderr, so `> descriptor.json` captures just that.
 */
const ArgsSchema = z.tuple([z.literal("--out"), z.string().min(1)]);
const EnvSchema = z.object({
  FEDERATION_NAME: z.string().trim().min(1, "FEDERATION_NAME: required (this organisation's name)"),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "PUBLIC_URL: required, as https://<host> (where peers reach us)" })
    .transform((u) => u.replace(/\/+$/, "")),
});
export const KEY_FILE = "federation-key.pem";

export function keygen(
  args: readonly string[],
  env: Record<string, string | undefined>,
): { code: number; stdout: string; stderr: string } {
  const parsed = ArgsSchema.safeParse(args);
  if (!parsed.success)
    return { code: 2, stdout: "", stderr: "Användning · usage: npm run federation:keygen -- --out DIR\n" };
  const vars = EnvSchema.safeParse({
    FEDERATION_NAME: env.FEDERATION_NAME ?? "",
    PUBLIC_URL: env.PUBLIC_URL ?? "",
  });
  if (!vars.success)
    return { code: 1, stdout: "", stderr: vars.error.issues.map((i) => `${i.message}\n`).join("") };
  const file = join(parsed.data[1], KEY_FILE);
  if (existsSync(file))
    return {
      code: 1,
      stdout: "",
      stderr:
        `${file} finns redan; skriver inte över den · already exists; not overwritten ` +
        "(peers trust its public key: move it away first if you really mean to replace it)\n",
    };
  const { privateKey } = generateKeyPairSync("ed25519");
  mkdirSync(parsed.data[1], { recursive: true });
  // "wx": fails if the file appeared since the check; mode 600, only the server's user reads it.
  writeFileSync(file, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
  const descriptor = {
    name: vars.data.FEDERATION_NAME,
    url: vars.data.PUBLIC_URL,
    keyId: keyIdOf(privateKey),
    publicKey: spkiPem(privateKey),
  };
  return {
    code: 0,
    stdout: `${JSON.stringify(descriptor, null, 2)}\n`,
    stderr: `${file} skriven · written (FEDERATION_KEY_FILE=${file})\n`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const { code, stdout, stderr } = keygen(process.argv.slice(2), process.env);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
}
