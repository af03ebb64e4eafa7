import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from "node:crypto";

/**
 * Erasure that erases (issue 20): a case's free text is sealed with the case's own data key
 * (AES-256-GCM, authenticated), and that key is stored wrapped by the master key (DATA_KEY_FILE).
 * Retention destroys the data key (data-keys.ts), so what is left of the text in table files, the
 * WAL and backups is ciphertext nobody can open. Values are text: `enc1:` + base64(iv | tag | data).
 * The row's id is the associated data, so a ciphertext copied into another case does not open.
 */
export const SEALED_PREFIX = "enc1:";
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a reader sees where free text was erased. */
export const ERASED = "(raderad)";

export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);
export const masterKeyOf = (raw: Buffer): KeyObject => createSecretKey(raw);

function encrypt(key: KeyObject | Buffer, aad: string, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

/** Throws on a wrong key or altered bytes: that is corrupt data, never "erased". */
function decrypt(key: KeyObject | Buffer, aad: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** A data key wrapped by the master key, bound to the row id it protects. */
export const wrapKey = (master: KeyObject, id: string, dataKey: Buffer): Buffer =>
  encrypt(master, `key:${id}`, dataKey);
export const unwrapKey = (master: KeyObject, id: string, wrapped: Buffer): Buffer =>
  decrypt(master, `key:${id}`, wrapped);

/** A known text sealed with the master key: a start with another key is told at once (data-keys.ts). */
export const CHECK_TEXT = "SIP-lotsen data key check";
export const sealCheck = (master: KeyObject): Buffer => encrypt(master, "check", Buffer.from(CHECK_TEXT));
export function checkOpens(master: KeyObject, sealed: Buffer): boolean {
  try {
    return decrypt(master, "check", sealed).toString() === CHECK_TEXT;
  } catch {
    return false;
  }
}

/** Seals and opens one row's free text (a case, or a peer's invitation) with its data key. */
export interface Sealer {
  seal(text: string): string;
  /** Plain text back; a value without the prefix (stored before issue 20) as it is; ERASED once the key is gone. */
  open(value: string): string;
}

export const isSealed = (v: unknown): v is string => typeof v === "string" && v.startsWith(SEALED_PREFIX);

/** A sealer for row `id`; without a key (destroyed by retention) it opens sealed text as ERASED and seals nothing. */
export function sealer(id: string, dataKey: Buffer | undefined): Sealer {
  return {
    seal(text) {
      if (!dataKey) throw new Error(`no data key for ${id}: its text was erased`);
      return SEALED_PREFIX + encrypt(dataKey, id, Buffer.from(text, "utf8")).toString("base64");
    },
    open(value) {
      if (!isSealed(value)) return value;
      if (!dataKey) return ERASED;
      return decrypt(dataKey, id, Buffer.from(value.slice(SEALED_PREFIX.length), "base64")).toString("utf8");
    },
  };
}

/** Seals a nullable column. */
export const sealOpt = (s: Sealer, v: string | undefined | null): string | null =>
  v === undefined || v === null ? null : s.seal(v);
/** Opens a column value that may be null. */
export const openOpt = (s: Sealer, v: unknown): string | undefined =>
  typeof v === "string" ? s.open(v) : undefined;

/**
 * Seals every string in a JSON value except those under a key in `clear` (codes, dates, kinds the
 * queries and the statistics read). Safe by default: a text field added later is sealed too.
 */
export function sealJson<T>(s: Sealer, value: T, clear: ReadonlySet<string>): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") return key !== undefined && clear.has(key) ? v : s.seal(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}

/** Opens every sealed string in a JSON value (the rest, clear or legacy plain text, as it is). */
export function openJson(s: Sealer, value: unknown): unknown {
  if (typeof value === "string") return s.open(value);
  if (Array.isArray(value)) return value.map((x) => openJson(s, x));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, openJson(s, x)]));
  return value;
}
