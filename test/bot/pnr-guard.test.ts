import { describe, expect, it } from "vitest";
import { containsPersonnummer, looksLikePersonnummer, personnummerFields } from "../../src/bot/pnr-guard.js";

// Luhn-valid on YYMMDDNNNN (computed): 850322-2393, 850324-2391, 850325-2390, 850305-2410, and the
// samordningsnummer 850382-2390 (day 22 + 60). 850322-2396 and the like fail the check.
const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** [what, 10-digit form, 12-digit form] */
const VARIANTS: [string, string, string][] = [
  ["dash", "850322-2393", "19850322-2393"],
  ["no separator", "8503222393", "198503222393"],
  ["plus (100 years or older)", "850322+2393", "19850322+2393"],
  ["space", "850322 2393", "19850322 2393"],
  ["two spaces", "850322  2393", "19850322  2393"],
  ["spaces around the dash", "850324 - 2391", "19850324 - 2391"],
  ["en dash", "850322\u20132393", "19850322\u20132393"],
  ["non-breaking space", "850322\u00a02393", "19850322\u00a02393"],
  ["non-breaking hyphen U+2011", "850322\u20112393", "19850322\u20112393"],
  ["minus sign U+2212", "850322\u22122393", "19850322\u22122393"],
  ["tab", "850322\t2393", "19850322\t2393"],
  ["newline", "850322\n2393", "19850322\r\n2393"],
  ["dot", "850322.2393", "19850322.2393"],
  ["slash", "850322/2393", "19850322/2393"],
  ["spaces inside the date", "85 03 25-2390", "1985 03 25-2390"],
  ["dashes inside the date", "85-03-05-2410", "1985-03-05-2410"],
  [
    "full-width digits and dash",
    FULL_WIDTH("850322") + "\uff0d" + FULL_WIDTH("2393"),
    FULL_WIDTH("198503222393"),
  ],
  ["samordningsnummer (day + 60)", "850382-2390", "19850382 2390"],
];
const ROWS = VARIANTS.flatMap(([what, ten, twelve]) => [
  [what, "10", ten],
  [what, "12", twelve],
]);

/** The same text with its last digit (ASCII or full-width) one higher: a wrong check digit. */
function wrongCheckDigit(text: string): string {
  const i = Math.max(...[...text].map((c, n) => (/[0-9\uff10-\uff19]/.test(c) ? n : -1)));
  const c = text.charCodeAt(i);
  const zero = c >= 0xff10 ? 0xff10 : 48;
  return text.slice(0, i) + String.fromCharCode(zero + ((c - zero + 1) % 10)) + text.slice(i + 1);
}

describe("personnummer guard: every way of writing one", () => {
  it.each(ROWS)("refuses %s, %s digits: %j", (_what, _n, text) => {
    expect(looksLikePersonnummer(text)).toBe(true);
    expect(looksLikePersonnummer(`Gäller ${text}, behöver SIP`)).toBe(true);
  });

  // The standard written forms (YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN, any dash) with a real
  // date are refused whatever the check digit: a mistyped number still identifies a person.
  const standard = (text: string | undefined = "") =>
    /^(?:(?:19|20)\d{6}-|\d{6}[-+])\d{4}$/.test(text.normalize("NFKC").replace(/[\p{Pd}\u2212]/gu, "-"));
  const LOOSE = ROWS.filter(([, , text]) => !standard(text));
  const STANDARD = ROWS.filter(([, , text]) => standard(text));

  it.each(LOOSE)("lets %s, %s digits, through with a wrong check digit", (_what, _n, text) => {
    expect(looksLikePersonnummer(wrongCheckDigit(text))).toBe(false);
  });

  it.each(STANDARD)("refuses %s, %s digits, also with a wrong check digit", (_what, _n, text) => {
    expect(looksLikePersonnummer(wrongCheckDigit(text))).toBe(true);
    expect(looksLikePersonnummer(`Gäller ${wrongCheckDigit(text)}.`)).toBe(true);
  });

  it.each([
    ["20120312-1234", true], // the number typed in a kallelse in the issue-20 review
    ["120312-1234", true],
    ["120312+1234", true],
    ["850382-2391", true], // samordningsnummer, wrong check digit
    ["20120230-1234", false], // 30 February does not exist
    ["19000229-1234", false], // 1900 was no leap year
    ["20000229-1235", true], // 2000 was
    ["212000-1355", false], // an organisationsnummer: month 20 is no month
    ["20120312+1234", false], // "+" never follows a century
    ["x20120312-1234", false], // inside a longer token (an id), not written as a number
    ["201203121234", false], // loose form: the check digit decides, and it is wrong
  ])("the standard forms: %s → %s", (text, refused) => {
    expect(looksLikePersonnummer(text)).toBe(refused);
  });

  it.each([
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "1212121212",
    "121212+1212",
    "Barnet 201501019879 behöver SIP",
    "samordningsnr 701063-2391",
    "pnr:19701063-2391.",
  ])("refuses %s", (text) => expect(looksLikePersonnummer(text)).toBe(true));

  it.each([
    "Mötet 2026-12-17 kl 09:30, ring 070-123 45 67, rum 1204",
    "ring 0701234567", // a date's shape (07-01-23), but no valid check digit
    "bedöm",
    "Mötet är 2026-11-26 kl 13",
    "SIP-7F3K",
    "ålder 16",
    "12345",
    "8503222396", // a loose form with the wrong check digit
    "201501019876",
    "121232-1212", // day 32 does not exist
    "121312-1212", // month 13 does not exist
    "1212121212345", // a longer number is not a personnummer
  ])("lets %j through", (text) => expect(looksLikePersonnummer(text)).toBe(false));

  it("lets the bot's own ids through, even one whose digits read as a personnummer", () => {
    const id = "ab850322-2393-4abc-8def-0123456789ab";
    expect(looksLikePersonnummer(id.replace(/-4abc.*/, ""))).toBe(true);
    expect(looksLikePersonnummer(id)).toBe(false);
    expect(containsPersonnummer({ inviteeId: id })).toBe(false);
  });

  it("finds a personnummer deep in a card payload, also as a number or a key", () => {
    expect(containsPersonnummer({ a: [{ b: "x" }, { c: "19121212-1212" }] })).toBe(true);
    expect(containsPersonnummer({ age: 1212121212 })).toBe(true);
    expect(containsPersonnummer({ "850322 2393": "x" })).toBe(true);
    expect(containsPersonnummer({ age: "16", region: "vgr", flags: [true, null] })).toBe(false);
  });

  it("names the top-level fields of a card payload that hold one", () => {
    const data = {
      purpose: "Samordna stödet",
      p2Contribution: "Ring 850322 2393",
      nested: { deep: ["1985-03-05-2410"] },
      date: "2026-12-17",
    };
    expect(personnummerFields(data)).toEqual(["p2Contribution", "nested"]);
    expect(personnummerFields("850322-2393")).toEqual([]);
    expect(personnummerFields({ purpose: "ring 070-123 45 67" })).toEqual([]);
  });
});
