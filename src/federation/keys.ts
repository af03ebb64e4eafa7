import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/**
 * This instance's key id, and what a peer's descriptor must match: the RFC 7638 JWK thumbprint
 * (SHA-256, base64url) of the Ed25519 public key. Derived from the key itself, so a descriptor
 * whose keyId and publicKey do not belong together is caught when the peers file is read.
 */
export function keyIdOf(key: KeyObject): string {
  const jwk = publicOf(key).export({ format: "jwk" });
  // RFC 7638: the required members only, in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash("sha256").update(canonical).digest("base64url");
}

/** An Ed25519 private key from PEM (PKCS#8), or an Error saying why not. */
export function ed25519PrivateKey(pem: string): KeyObject | Error {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === "ed25519" ? key : new Error("is not an Ed25519 private key");
  } catch {
    return new Error("is not a PEM private key");
  }
}

/** An Ed25519 public key from SPKI PEM, or an Error saying why not. */
export function ed25519PublicKey(pem: string): KeyObject | Error {
  // createPublicKey would derive one from a private key: a private key pasted here is a mistake.
  if (pem.includes("PRIVATE KEY")) return new Error("is a private key; give the peer's public key");
  try {
    const key = createPublicKey(pem);
    if (key.type !== "public") return new Error("is not a public key");
    return key.asymmetricKeyType === "ed25519" ? key : new Error("is not an Ed25519 public key");
  } catch {
    return new Error("is not an SPKI PEM public key");
  }
}

export function spkiPem(key: KeyObject): string {
  return publicOf(key).export({ format: "pem", type: "spki" }).toString();
}

const publicOf = (key: KeyObject) => (key.type === "private" ? createPublicKey(key) : key);
