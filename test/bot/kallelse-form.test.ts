import { describe, expect, it } from "vitest";
import { readKallelseForm, validateKallelseForm } from "../../src/bot/kallelse-form.js";
import { kallelseFormValues } from "../fixtures/kallelse.js";

/**
 * The kallelse form's field messages (issue 20): a field over its limit says "För långt" with the
 * limit, never "Fyll i det här" beside something the convener did fill in; empty still says so.
 */
const external = (name: string) => ({
  rows: "1",
  ...kallelseFormValues([{ who: "external", orgType: "forsakringskassan", contribution: "Ersättning" }]),
  p1Name: name,
  p1Organisation: "Försäkringskassan",
});
const check = (data: object, locale: "sv" | "en" = "sv") => {
  const form = readKallelseForm(data);
  if (!form) throw new Error("the form did not read");
  return { result: validateKallelseForm(form, locale, new Set()), form };
};

describe("the kallelse form's messages for too long and empty", () => {
  it("an external name over 120 characters: 'För långt: högst 120 tecken.', the name kept as typed", () => {
    const name = "E".repeat(121);
    const { result, form } = check(external(name));
    expect(result.ok).toBe(false);
    expect(form.rows[0]?.err.name).toBe("För långt: högst 120 tecken.");
    expect(form.rows[0]?.name).toBe(name);
  });

  it("in English too, and for the kallelse's own texts", () => {
    const { result, form } = check({ ...external("Eva"), purpose: "x".repeat(1001) }, "en");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.purpose).toBe("Too long: at most 1000 characters.");
    expect(form.rows[0]?.err.name ?? "").toBe("");
  });

  it("an empty name still asks to fill it in", () => {
    const { form } = check(external(""));
    expect(form.rows[0]?.err.name).toBe("Fyll i det här.");
  });
});
