import { describe, expect, it } from "vitest";
import { containsPersonnummer, looksLikePersonnummer } from "../../src/bot/pnr-guard.js";

describe("personnummer guard", () => {
  it.each([
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "1212121212",
    "121212+1212",
    "Barnet 201501019876 behöver SIP",
    "samordningsnr 701063-2391",
    "pnr:20101063-2391.",
  ])("refuses %s", (text) => expect(looksLikePersonnummer(text)).toBe(true));

  it.each([
    "bedöm",
    "Mötet är 2026-11-26 kl 13",
    "SIP-7F3K",
    "ålder 16",
    "12345",
    "121232-1212", // day 32 does not exist
    "121312-1212", // month 13 does not exist
    "1212121212345", // a longer number is not a personnummer
  ])("lets %s through", (text) => expect(looksLikePersonnummer(text)).toBe(false));

  it("finds a personnummer deep in a card payload, also as a number", () => {
    expect(containsPersonnummer({ a: [{ b: "x" }, { c: "19121212-1212" }] })).toBe(true);
    expect(containsPersonnummer({ age: 1212121212 })).toBe(true);
    expect(containsPersonnummer({ age: "16", region: "vgr", flags: [true, null] })).toBe(false);
  });
});
