import { createHash, randomBytes, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import { createSigner, httpbis } from "http-message-signatures";
import { parseDictionary, serializeInnerList, type Dictionary } from "structured-headers";
import type { Clock } from "../clock.js";
import type { Peer } from "./settings.js";

/**
 * HTTP Message Signatures (RFC 9421) between instances, profile "sip-lotsen-fed-v1".
 *
 * Decision: `http-message-signatures` builds the signature base and the Signature /
 * Signature-Input headers (the fiddly structured-field canonicalisation). Its verifyMessage is not
 * used: it reads the wall clock and accepts any label and any covered components, so the receiver
 * checks the profile itself (label, components, parameters, time on the injected clock) and then
 * verifies over the library's signature base with node:crypto.
 */
export const FED_TAG = "sip-lotsen-fed-v1";
export const LABEL = "sig1";
export const MAX_SKEW_S = 60;
export const MAX_LIFETIME_S = 300;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** The headers to send with a request to `url` (a peer's URL + path and query, exactly as fetched). */
export async function signRequest(
  req: { method: string; url: string; body?: { contentType: string; text: string } },
  key: SigningKey,
  clock: Clock,
  o: { nonce?: string; lifetimeS?: number; created?: Date } = {},
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const fields = ["@method", "@target-uri"];
  if (req.body) {
    headers["content-type"] = req.body.contentType;
    headers["content-digest"] = contentDigest(Buffer.from(req.body.text));
    fields.push("content-digest", "content-type");
  }
  const created = o.created ?? clock.now();
  const signed = await httpbis.signMessage(
    {
      key: createSigner(key.privateKey, "ed25519", key.keyId),
      name: LABEL,
      fields,
      params: ["created", "expires", "nonce", "keyid", "alg", "tag"],
      paramValues: {
        created,
        expires: new Date(created.getTime() + (o.lifetimeS ?? MAX_LIFETIME_S) * 1000),
        nonce: o.nonce ?? randomBytes(24).toString("base64url"),
        tag: FED_TAG,
      },
    },
    { method: req.method, url: req.url, headers },
  );
  return flatten(signed.headers);
}

export function contentDigest(body: Buffer): string {
  return `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
}

export type Verdict =
  { ok: true; peer: Peer; nonce: string; expires: Date } | { ok: false; status: 400 | 401; error: string };

const refuse = (status: 400 | 401, error: string): Verdict => ({ ok: false, status, error });

/**
 * Checks a received request against the profile. `targetUri` is this instance's PUBLIC_URL + the
 * request's path and query (never the Host header: behind a reverse proxy it is the proxy's).
 * The nonce is not looked at here: the caller stores it once this says ok (routes.ts).
 */
export function verifyRequest(
  req: {
    method: string;
    targetUri: string;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  },
  peers: readonly Peer[],
  clock: Clock,
): Verdict {
  const headers = flatten(req.headers);
  const sigHeader = headers["signature"];
  const inputHeader = headers["signature-input"];
  if (!sigHeader || !inputHeader) return refuse(401, "signature_missing");
  let sigs: Dictionary;
  let inputs: Dictionary;
  try {
    sigs = parseDictionary(sigHeader);
    inputs = parseDictionary(inputHeader);
  } catch {
    return refuse(400, "signature_malformed");
  }
  const input = inputs.get(LABEL);
  const sig = sigs.get(LABEL);
  if (!input || !sig) return refuse(401, "signature_missing");
  const [items, params] = input;
  if (!Array.isArray(items) || !(sig[0] instanceof ArrayBuffer)) return refuse(400, "signature_malformed");
  const components = items.map(([name, p]) => (typeof name === "string" && p.size === 0 ? name : "?"));
  const created = params.get("created");
  const expires = params.get("expires");
  const nonce = params.get("nonce");
  const keyId = params.get("keyid");
  if (
    typeof created !== "number" ||
    typeof expires !== "number" ||
    typeof nonce !== "string" ||
    typeof keyId !== "string" ||
    !NONCE.test(nonce)
  )
    return refuse(400, "signature_malformed");
  if (params.get("alg") !== "ed25519" || params.get("tag") !== FED_TAG)
    return refuse(401, "signature_profile");
  const hasBody = req.body.length > 0;
  const expected = ["@method", "@target-uri", ...(hasBody ? ["content-digest", "content-type"] : [])];
  if (components.length !== expected.length || expected.some((c) => !components.includes(c)))
    return refuse(401, "signature_components");
  // A rotating peer has two keys (settings.ts `keys`): the request's keyid picks the one to verify.
  const keysOf = (p: Peer) => p.keys ?? [{ keyId: p.keyId, publicKey: p.publicKey }];
  const peer = peers.find((p) => keysOf(p).some((k) => k.keyId === keyId));
  const publicKey = peer && keysOf(peer).find((k) => k.keyId === keyId)?.publicKey;
  if (!peer || !publicKey) return refuse(401, "unknown_key");
  const now = Math.floor(clock.now().getTime() / 1000);
  if (created > now + MAX_SKEW_S) return refuse(401, "signature_future");
  if (created < now - MAX_SKEW_S) return refuse(401, "signature_stale");
  if (expires <= created || expires - created > MAX_LIFETIME_S) return refuse(401, "signature_expires");
  if (now > expires) return refuse(401, "signature_expired");
  let base: string;
  try {
    const message = { method: req.method, url: req.targetUri, headers };
    const lines = httpbis.createSignatureBase({ fields: components }, message);
    // The parameters as received, re-serialised: RFC 9421 §2.3, what the library does when signing.
    lines.push(['"@signature-params"', [serializeInnerList([items, params])]]);
    base = httpbis.formatSignatureBase(lines);
  } catch {
    return refuse(401, "signature_invalid");
  }
  if (!verify(null, Buffer.from(base), publicKey, Buffer.from(sig[0])))
    return refuse(401, "signature_invalid");
  // A body is covered by content-digest (checked above), so the header is there and signed.
  if (hasBody && !digestMatches(headers["content-digest"] ?? "", req.body))
    return refuse(401, "digest_mismatch");
  return { ok: true, peer, nonce, expires: new Date(expires * 1000) };
}

function digestMatches(header: string, body: Buffer): boolean {
  try {
    const value = parseDictionary(header).get("sha-256")?.[0];
    if (!(value instanceof ArrayBuffer)) return false;
    const want = createHash("sha256").update(body).digest();
    const got = Buffer.from(value);
    return got.length === want.length && timingSafeEqual(got, want);
  } catch {
    return false;
  }
}

/** Header names lower-cased, repeated headers joined as HTTP joins them. */
function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}
