import { spawnSync } from "node:child_process";
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keyIdOf } from "../../src/federation/keys.js";
import { DescriptorSchema } from "../../src/federation/settings.js";

/** The real script, as `npm run federation:keygen` runs it, in a clean environment. */
function keygen(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/tools/federation-keygen.ts", ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "fedkey-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const ENV = { FEDERATION_NAME: "Region Värmland", PUBLIC_URL: "https://sip.regionvarmland.example/" };

describe("npm run federation:keygen", () => {
  it("writes a private key readable by its owner only and prints only the descriptor", () => {
    const dir = join(tempDir(), "keys");
    const r = keygen(["--out", dir], ENV);
    expect(r.code).toBe(0);
    const descriptor = DescriptorSchema.parse(JSON.parse(r.stdout));
    expect(Object.keys(JSON.parse(r.stdout) as object).sort()).toEqual(["keyId", "name", "publicKey", "url"]);
    expect(descriptor).toMatchObject({ name: "Region Värmland", url: "https://sip.regionvarmland.example" });
    const file = join(dir, "federation-key.pem");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const privateKey = createPrivateKey(readFileSync(file, "utf8"));
    expect(privateKey.asymmetricKeyType).toBe("ed25519");
    // The printed public key belongs to the written private key, and the keyId is its thumbprint.
    const publicKey = createPublicKey(descriptor.publicKey);
    expect(verify(null, Buffer.from("x"), publicKey, sign(null, Buffer.from("x"), privateKey))).toBe(true);
    expect(descriptor.keyId).toBe(keyIdOf(publicKey));
    expect(r.stdout).not.toContain("PRIVATE");
  });

  it("refuses to overwrite an existing key, with a clear message and a non-zero exit", () => {
    const dir = tempDir();
    const file = join(dir, "federation-key.pem");
    writeFileSync(file, "old key");
    const r = keygen(["--out", dir], ENV);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("already exists");
    expect(readFileSync(file, "utf8")).toBe("old key");
  });

  it("names the missing variable, and the usage without --out", () => {
    const dir = tempDir();
    const noName = keygen(["--out", dir], { PUBLIC_URL: ENV.PUBLIC_URL });
    expect(noName.code).toBe(1);
    expect(noName.stderr).toContain("FEDERATION_NAME");
    expect(keygen(["--out", dir], { FEDERATION_NAME: "X" }).stderr).toContain("PUBLIC_URL");
    const usage = keygen([], ENV);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--out DIR");
  });
});
