import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Peer } from "../../src/federation/settings.js";
import { contentDigest, signRequest, verifyRequest } from "../../src/federation/signature.js";
import { testIdentity } from "../helpers/federation.js";
import { createPublicKey } from "node:crypto";

const clock = { now: () => new Date("2026-11-26T10:00:00Z") };
const a = testIdentity("Kommun A", "https://a.example");
const peers: Peer[] = [
  { name: "A", url: a.descriptor.url, keyId: a.keyId, publicKey: createPublicKey(a.privateKey), tenants: [] },
];
const URL_B = "https://b.example/fed/v1/invitations";
const TEXT = JSON.stringify({ invitationId: "i-1" });

async function signed(o: Parameters<typeof signRequest>[3] = {}) {
  return signRequest(
    { method: "POST", url: URL_B, body: { contentType: "application/json", text: TEXT } },
    a,
    clock,
    o,
  );
}
const check = (headers: Record<string, string>, body = TEXT, targetUri = URL_B, method = "POST") =>
  verifyRequest({ method, targetUri, headers, body: Buffer.from(body) }, peers, clock);

describe("the sip-lotsen-fed-v1 signature profile", () => {
  it("signs sig1 over method, target URI, digest and type, with the profile's parameters", async () => {
    const h = await signed({ nonce: "n".repeat(32) });
    expect(h["signature-input"]).toBe(
      `sig1=("@method" "@target-uri" "content-digest" "content-type");created=1795687200;` +
        `expires=1795687500;nonce="${"n".repeat(32)}";keyid="${a.keyId}";alg="ed25519";tag="sip-lotsen-fed-v1"`,
    );
    expect(h["content-digest"]).toBe(`sha-256=:${createHash("sha256").update(TEXT).digest("base64")}:`);
    expect(check(h)).toMatchObject({ ok: true, nonce: "n".repeat(32) });
  });

  const edits: [string, (h: Record<string, string>) => Record<string, string>, string][] = [
    [
      "another label",
      (h) => ({
        ...h,
        signature: (h.signature ?? "").replace("sig1=", "sig2="),
        "signature-input": (h["signature-input"] ?? "").replace("sig1=", "sig2="),
      }),
      "signature_missing",
    ],
    [
      "another tag",
      (h) => ({ ...h, "signature-input": (h["signature-input"] ?? "").replace("fed-v1", "fed-v2") }),
      "signature_profile",
    ],
    [
      "no nonce",
      (h) => ({ ...h, "signature-input": (h["signature-input"] ?? "").replace(/;nonce="[^"]*"/, "") }),
      "signature_malformed",
    ],
    [
      "content-type left out of the covered components",
      (h) => ({ ...h, "signature-input": (h["signature-input"] ?? "").replace(' "content-type"', "") }),
      "signature_components",
    ],
    [
      "a covered component with a parameter",
      (h) => ({
        ...h,
        "signature-input": (h["signature-input"] ?? "").replace('"content-type"', '"content-type";bs'),
      }),
      "signature_components",
    ],
    ["a changed content-type", (h) => ({ ...h, "content-type": "text/plain" }), "signature_invalid"],
    [
      "a digest of another body (signature over it broken)",
      (h) => ({ ...h, "content-digest": contentDigest(Buffer.from("{}")) }),
      "signature_invalid",
    ],
  ];
  it.each(edits)("refuses %s", async (_name, edit, error) => {
    const verdict = check(edit(await signed()));
    expect(verdict).toMatchObject({ ok: false, error });
  });

  it("refuses another method, another target URI and another body", async () => {
    const h = await signed();
    expect(check(h, TEXT, URL_B, "PUT")).toMatchObject({ ok: false, error: "signature_invalid" });
    expect(check(h, TEXT, "https://b.example/fed/v1/answers")).toMatchObject({ error: "signature_invalid" });
    expect(check(h, '{"invitationId":"i-2"}')).toMatchObject({ error: "digest_mismatch" });
  });

  it("accepts created up to 60 s either side of the receiver's clock", async () => {
    const at = (s: number) => new Date(clock.now().getTime() + s * 1000);
    expect(check(await signed({ created: at(-60) }))).toMatchObject({ ok: true });
    expect(check(await signed({ created: at(60) }))).toMatchObject({ ok: true });
    expect(check(await signed({ created: at(-61) }))).toMatchObject({ error: "signature_stale" });
    expect(check(await signed({ created: at(61) }))).toMatchObject({ error: "signature_future" });
    expect(check(await signed({ lifetimeS: 300 }))).toMatchObject({ ok: true });
    expect(check(await signed({ lifetimeS: 0 }))).toMatchObject({ error: "signature_expires" });
  });
});
