import fc from "fast-check";

/** Building blocks for the fuzz cases: odd strings and values, and small object-path helpers. */

// Strings that are not http(s) URLs, so an activity carrying one never sends anywhere. Nothing
// generated here may be a URL to another host: the only valid serviceUrl is the fake connector's.
export const INVALID_SERVICE_URLS = [
  "",
  "not a url",
  "ftp://127.0.0.1/",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "//127.0.0.1/",
  "127.0.0.1:80",
  "http//x",
  "\u0000",
];

// Luhn-valid (the guard lets a wrong check digit through); the last a samordningsnummer.
const PNR = ["19121212-1212", "121212-1212", "201212121212", "1212121212", "19121272+1219"];
export const pnrText = fc
  .tuple(fc.constantFrom(...PNR), fc.constantFrom("", "ärende ", "x\n"))
  .map(([p, pre]) => pre + p);

const ODD = [
  "\u0000",
  "\ud800",
  "\udfff",
  "\u202e",
  "\ufeff",
  "𝔘𝔫𝔦",
  "😀",
  "%00",
  "../..",
  "${verbs.submitAssess}",
];
const ODD_MORE = ["{{x}}", "<script>", "'; DROP TABLE bot_state;--", "\\", '"', "\n\r\t", " ", "null"];
export const junkString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom(...ODD, ...ODD_MORE),
  pnrText,
);

/** Sizes around the field limits of src/http/activity.ts, the form's 500 and the body limit. */
const SIZES = [32, 33, 64, 65, 256, 257, 500, 501, 1024, 1025, 2048, 2049, 28_000, 28_001, 100_000, 270_000];
const UNITS = ["a", "ä", "😀", "\u0000"];
export const hugeString = fc
  .tuple(fc.constantFrom(...SIZES), fc.constantFrom(...UNITS))
  .map(([n, unit]) => unit.repeat(Math.max(1, Math.floor(n / unit.length))));

export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1e308, 0.5, [], {}, 191212121212),
    fc.integer(),
    junkString,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(junkString, tie("v"), { maxKeys: 3 }),
  ),
})).v;

export function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function setPath(target: object, path: string, value: unknown): void {
  const keys = path.split(".");
  let at = target as Obj;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(at[k])) at[k] = {};
    at = at[k] as Obj;
  }
  at[keys[keys.length - 1] as string] = value;
}

export function deletePath(target: object, path: string): void {
  const keys = path.split(".");
  let at: unknown = target;
  for (const k of keys.slice(0, -1)) at = isObj(at) ? at[k] : undefined;
  if (isObj(at)) Reflect.deleteProperty(at, keys[keys.length - 1] as string);
}
