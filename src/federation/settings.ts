import { readFileSync } from "node:fs";
import type { KeyObject } from "node:crypto";
import { z } from "zod/v4";
import { ed25519PrivateKey, ed25519PublicKey, keyIdOf, spkiPem } from "./keys.js";

/** One partner instance, as its admin's descriptor says (`npm run federation:keygen`). */
export interface Peer {
  /** The local admin's label for the peer, shown to users: "Region Värmland". */
  name: string;
  /** Its PUBLIC_URL, without a trailing slash. */
  url: string;
  /**
   * The peer's identity here: every stored reference (its invitations, people, nonces) names the
   * peer by it. The thumbprint of its first key; it stays when the peer rotates its key.
   */
  keyId: string;
  publicKey: KeyObject;
  /**
   * Every key that verifies the peer's requests, by the keyid a request names: its current key
   * and, while it rotates, its next one (`nextKey`). Absent: `keyId` and `publicKey` only.
   */
  keys?: readonly { keyId: string; publicKey: KeyObject }[];
  /**
   * Which of our served tenants this peer may see and reach (its directory, its invitations,
   * reminders and withdrawals): tenant ids, or "all" when the entry says `["*"]`. The default is
   * none, so a region that is the peer of one kommun never sees another kommun's staff.
   */
  tenants: readonly string[] | "all";
}

/** Federation is on when this is set (config.ts): who we are, our key, whom we trust. */
export interface FederationSettings {
  name: string;
  /** Our PUBLIC_URL: the receiver rebuilds @target-uri from it, never from the Host header. */
  publicUrl: string;
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  peers: readonly Peer[];
}

const KeyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "must be the key's thumbprint (43 base64url characters)");

export const DescriptorSchema = z.object({
  name: z.string().trim().min(1).max(120),
  url: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  keyId: KeyIdSchema,
  publicKey: z.string().min(1),
  /**
   * Key rotation, added by the local admin (docs/operations.md): `nextKey` is the peer's new
   * descriptor's keyId and publicKey, which verify beside the old ones until the old is retired;
   * then publicKey/keyId become the new key and `peerId` keeps the old keyId as the peer's identity.
   */
  nextKey: z.object({ keyId: KeyIdSchema, publicKey: z.string().min(1) }).optional(),
  peerId: KeyIdSchema.optional(),
  /** Added by the local admin, not the peer's keygen: our tenants the peer may see (`["*"]`: all). */
  tenants: z
    .array(z.string().regex(/^(\*|[A-Za-z0-9._-]{1,128})$/, 'must be a tenant id or "*"'))
    .max(100)
    .optional(),
});
export type Descriptor = z.infer<typeof DescriptorSchema>;

/**
 * Reads the key and the peers file named by FEDERATION_KEY_FILE and FEDERATION_PEERS. Returns
 * the settings, or problems as config.ts lists them ("VARIABLE: why"). Plain http:// peers only
 * outside production: their requests would cross the network readable to anyone on the way.
 */
export function readFederation(o: {
  name: string;
  keyFile: string;
  peersFile: string;
  publicUrl: string;
  production: boolean;
  read?: (path: string) => string;
}): { settings: FederationSettings } | { problems: string[] } {
  const read = o.read ?? ((path: string) => readFileSync(path, "utf8"));
  const problems: string[] = [];
  let privateKey: KeyObject | undefined;
  try {
    const key = ed25519PrivateKey(read(o.keyFile));
    if (key instanceof Error) problems.push(`FEDERATION_KEY_FILE: ${o.keyFile} ${key.message}`);
    else privateKey = key;
  } catch {
    problems.push(`FEDERATION_KEY_FILE: cannot read ${o.keyFile} (npm run federation:keygen writes it)`);
  }
  const peers: Peer[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(read(o.peersFile));
  } catch (err) {
    const why = err instanceof SyntaxError ? "is not valid JSON" : "cannot be read";
    problems.push(`FEDERATION_PEERS: ${o.peersFile} ${why}`);
  }
  if (raw !== undefined) {
    const list = z.array(DescriptorSchema).safeParse(raw);
    if (!list.success)
      for (const i of list.error.issues)
        problems.push(`FEDERATION_PEERS: ${o.peersFile} [${i.path.join(".")}] ${i.message}`);
    for (const [n, d] of (list.data ?? []).entries()) {
      const at = `FEDERATION_PEERS: ${o.peersFile} [${n}] (${d.name})`;
      const peer = peerOf(d, at, problems);
      if (peer) peers.push(peer);
      if (o.production && !d.url.startsWith("https://"))
        problems.push(`${at} url must be https:// in production`);
    }
    // An identity or a key listed twice would make a request's peer ambiguous.
    const ids = [...peers.map((p) => p.keyId), ...peers.flatMap((p) => (p.keys ?? []).map((k) => k.keyId))];
    const distinct = peers.map((p) => new Set([p.keyId, ...(p.keys ?? []).map((k) => k.keyId)]));
    if (new Set(ids).size !== distinct.reduce((sum, set) => sum + set.size, 0))
      problems.push(`FEDERATION_PEERS: ${o.peersFile} lists a keyId twice`);
  }
  if (problems.length || !privateKey) return { problems };
  const publicKey = spkiPem(privateKey);
  const ownId = keyIdOf(privateKey);
  if (peers.some((p) => p.keyId === ownId || p.keys?.some((k) => k.keyId === ownId)))
    return { problems: [`FEDERATION_PEERS: ${o.peersFile} lists this instance's own key`] };
  return {
    settings: {
      name: o.name,
      publicUrl: o.publicUrl,
      keyId: ownId,
      privateKey,
      publicKeyPem: publicKey,
      peers,
    },
  };
}

/** One entry's keys, each checked against its keyId; undefined (with the problem) when one fails. */
function peerOf(d: Descriptor, at: string, problems: string[]): Peer | undefined {
  const keys: { keyId: string; publicKey: KeyObject }[] = [];
  for (const [field, k] of [
    ["publicKey", { keyId: d.keyId, publicKey: d.publicKey }],
    ["nextKey.publicKey", d.nextKey],
  ] as const) {
    if (!k) continue;
    const key = ed25519PublicKey(k.publicKey);
    if (key instanceof Error) problems.push(`${at} ${field} ${key.message}`);
    else if (keyIdOf(key) !== k.keyId)
      problems.push(`${at} ${field.replace("publicKey", "keyId")} does not match its publicKey`);
    else keys.push({ keyId: k.keyId, publicKey: key });
  }
  const [first] = keys;
  if (!first || keys.length !== (d.nextKey ? 2 : 1)) return undefined;
  return {
    name: d.name,
    url: d.url,
    keyId: d.peerId ?? d.keyId,
    publicKey: first.publicKey,
    keys,
    tenants: tenantsOf(d),
  };
}

const tenantsOf = (d: Descriptor): Peer["tenants"] =>
  d.tenants?.includes("*") ? "all" : [...new Set(d.tenants ?? [])];

/**
 * The tenants a peer may see now: ours that are served (`served` undefined: every tenant, in
 * development) and listed in its entry. Undefined means every tenant; an empty list, none.
 */
export function visibleTenants(
  peer: Pick<Peer, "tenants">,
  served: ReadonlySet<string> | undefined,
): readonly string[] | undefined {
  if (peer.tenants === "all") return served && [...served];
  return served ? peer.tenants.filter((t) => served.has(t)) : peer.tenants;
}

/** May this peer see a user of `tenantId` now (served, and listed in its entry)? */
export function peerMaySee(
  peer: Pick<Peer, "tenants">,
  served: ReadonlySet<string> | undefined,
  tenantId: string,
): boolean {
  const visible = visibleTenants(peer, served);
  return visible === undefined || visible.includes(tenantId);
}
