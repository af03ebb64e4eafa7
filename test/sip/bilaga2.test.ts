import { describe, expect, it } from "vitest";
import { assess, AssessInputSchema, checkConsent, ConsentInputSchema } from "../../src/sip/index.js";
import { BILAGA_2 } from "../fixtures/bilaga2.js";

describe("SKL Bilaga 2: the six worked examples reach the handbook's outcome", () => {
  it("covers all eight plans (A and B for Jasmina and Jesper)", () => {
    expect(BILAGA_2.map((e) => e.name.split(" ")[0])).toEqual(["1.", "2.", "3.", "4.", "5", "5", "6", "6"]);
  });

  it.each(BILAGA_2)("$name", (example) => {
    const consentInput = ConsentInputSchema.parse(example.consent);
    const assessInput = AssessInputSchema.parse(example.assess);
    const consent = checkConsent(consentInput);
    expect(consent.verdict).toBe(example.expect.verdict);
    expect(consent.channel).toBe(example.expect.channel);
    expect(consent.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(example.expect.consentCodes));

    const need = assess(assessInput);
    expect(need.recommendation).toBe(example.expect.recommendation);
    expect(need.mayConvene).toBe(true);
    expect(need.kvaCode).toBe(example.expect.kvaCode);
    if (example.assess.dischargeNoticeOn) {
      expect(need.deadlines.find((d) => d.kind === "discharge_sip")?.due).toBeDefined();
    }
  });
});
