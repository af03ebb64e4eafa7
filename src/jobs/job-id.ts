import { createHash } from "node:crypto";

/** Our fixed UUID v5 namespace for job ids (random once; never change it, or every id moves). */
export const JOB_ID_NAMESPACE = "3f1b7c2e-5a4d-4c1e-9b8a-6d2f0e7c9a51";

/** RFC 9562 UUID v5: SHA-1 of namespace bytes + name bytes, with version and variant bits set. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error("namespace must be a UUID");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  const b = hash.subarray(0, 16);
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x50, 6); // version 5
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8); // RFC variant
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the job for `key` on `queue`. The same (queue, key) always gives the same id, so a
 * second send is a no-op (pg-boss inserts with ON CONFLICT DO NOTHING) for as long as the first
 * job is in pgboss.job — until it is archived after completion.
 */
export function jobId(queue: string, key: string): string {
  // JSON keeps ("a:b","c") and ("a","b:c") apart.
  return uuidV5(JSON.stringify([queue, key]), JOB_ID_NAMESPACE);
}
