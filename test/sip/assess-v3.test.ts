import { describe, expect, it } from "vitest";
import { assess, LOCALES, type AssessInput, type Recommendation } from "../../src/sip/index.js";

interface Row {
  rule: string;
  input: AssessInput;
  recommendation: Recommendation;
  has: string[];
  lacks?: string[];
  /** A piece of the source the first code in `has` cites. */
  source: string;
  deadlines: { kind: string; due: string }[];
  kvaCode?: "AU124" | "AU125";
}

const both = { needsSocialServices: "yes", needsHealthCare: "yes" } as const;
const hc = { reporterRole: "health_care" } as const;
const notice = { dischargeNoticeOn: "2026-11-26" } as const;
const due = [{ kind: "discharge_sip", due: "2026-11-29" }];

// CONTRACT v3 `assess`, rules 1–3: each row owns its code and the source it cites.
// prettier-ignore
const rows: Row[] = [
  // 1. An existing SIP at discharge keeps the 3-day kallelse, to revise the plan.
  { rule: "1 existing SIP at discharge: revise, with the kallelse deadline", input: { ...hc, ...both, ...notice, existingSip: true }, recommendation: "revise_existing", has: ["DISCHARGE_REVISE_DEADLINE", "EXISTING_SIP_FOLLOW_UP"], lacks: ["DISCHARGE_DEADLINE", "DISCHARGE_BOTH_PRINCIPALS", "KVA_CODE"], source: "Lag (2017:612)", deadlines: due },
  { rule: "1 counts principals: hemsjukvård is the kommun's side", input: { reporterRole: "social_services", needsSocialServices: "no", municipalHealthCare: "yes", needsHealthCare: "yes", ...notice, existingSip: true }, recommendation: "revise_existing", has: ["DISCHARGE_REVISE_DEADLINE"], source: "Upptäck behov", deadlines: due },
  { rule: "1 a reporter who may not convene still sees the deadline", input: { reporterRole: "school", ...both, ...notice, existingSip: true }, recommendation: "revise_existing", has: ["DISCHARGE_REVISE_DEADLINE", "FLAG_NEED_ONWARD"], source: "Lag (2017:612)", deadlines: due },
  { rule: "1 a side that is no: raise closing, no kallelse deadline", input: { ...hc, needsSocialServices: "no", municipalHealthCare: "no", needsHealthCare: "yes", ...notice, existingSip: true }, recommendation: "revise_existing", has: ["EXISTING_SIP_MAY_CLOSE"], lacks: ["DISCHARGE_REVISE_DEADLINE"], source: "kap. 10", deadlines: [] },
  { rule: "1 ready for discharge, no notice date: nothing to count from", input: { ...hc, ...both, indications: ["discharge_ready"], existingSip: true }, recommendation: "revise_existing", has: ["EXISTING_SIP_FOLLOW_UP"], lacks: ["DISCHARGE_REVISE_DEADLINE"], source: "Upptäck behov", deadlines: [] },
  { rule: "1 no discharge: revise, no deadline", input: { ...hc, ...both, existingSip: true, identifiedOn: "2026-11-26" }, recommendation: "revise_existing", has: ["EXISTING_SIP_FOLLOW_UP"], lacks: ["DISCHARGE_REVISE_DEADLINE", "FIRST_CONTACT_DEADLINE", "KVA_CODE"], source: "Upptäck behov", deadlines: [] },
  // 2. ÖPT/ÖRV: a samordnad vårdplan beside the SIP assessment, whatever that says.
  { rule: "2 discharge to ÖPT: coordinated care plan (LPT)", input: { ...hc, ...both, ...notice, dischargeTo: "opt" }, recommendation: "sip_indicated", has: ["COORDINATED_CARE_PLAN", "DISCHARGE_DEADLINE"], source: "Lag (1991:1128) om psykiatrisk tvångsvård", deadlines: due, kvaCode: "AU125" },
  { rule: "2 discharge to ÖRV: coordinated care plan (LRV)", input: { ...hc, ...both, ...notice, dischargeTo: "orv" }, recommendation: "sip_indicated", has: ["COORDINATED_CARE_PLAN"], source: "Lag (1991:1129) om rättspsykiatrisk vård", deadlines: due, kvaCode: "AU125" },
  { rule: "2 ÖPT without a kommun need: still the plan note", input: { ...hc, needsSocialServices: "no", needsHealthCare: "yes", dischargeTo: "opt" }, recommendation: "not_indicated", has: ["COORDINATED_CARE_PLAN", "NO_DUAL_NEED"], source: "Lag (2017:612)", deadlines: [] },
  { rule: "2 discharge home: no plan note", input: { ...hc, ...both, ...notice, dischargeTo: "home" }, recommendation: "sip_indicated", has: ["DISCHARGE_DEADLINE"], lacks: ["COORDINATED_CARE_PLAN"], source: "kap. 3", deadlines: due, kvaCode: "AU125" },
  { rule: "2 special housing: no plan note", input: { ...hc, ...both, ...notice, dischargeTo: "special_housing" }, recommendation: "sip_indicated", has: ["DISCHARGE_DEADLINE"], lacks: ["COORDINATED_CARE_PLAN"], source: "kap. 3", deadlines: due, kvaCode: "AU125" },
  // 3. KVÅ belongs to health care, and to a new plan.
  { rule: "3 health care, new plan: AU124", input: { ...hc, ...both, requestedBy: "person" }, recommendation: "sip_indicated", has: ["KVA_CODE"], source: "kap. 14", deadlines: [], kvaCode: "AU124" },
  { rule: "3 social services: no code", input: { reporterRole: "social_services", ...both, ...notice }, recommendation: "sip_indicated", has: ["MUST_INITIATE"], lacks: ["KVA_CODE"], source: "kap. 7", deadlines: due },
  { rule: "3 school health in VGR, discharge: no code", input: { reporterRole: "school_health", region: "vgr", ...both, ...notice }, recommendation: "sip_indicated", has: ["SCHOOL_MAY_CONVENE"], lacks: ["KVA_CODE"], source: "Huvudsakliga förändringar", deadlines: due },
  { rule: "3 other actor: no code", input: { reporterRole: "other", ...both, requestedBy: "relative" }, recommendation: "sip_indicated", has: ["FLAG_NEED_ONWARD"], lacks: ["KVA_CODE"], source: "Vanliga frågor 10", deadlines: [] },
];

describe("assess v3: one row per rule (CONTRACT v3 `assess`)", () => {
  it.each(rows)("$rule", (row) => {
    for (const locale of LOCALES) {
      const result = assess(row.input, locale);
      const codes = result.reasons.map((r) => r.code);
      expect(result.recommendation).toBe(row.recommendation);
      expect(codes).toEqual(expect.arrayContaining(row.has));
      for (const code of row.lacks ?? []) expect(codes).not.toContain(code);
      expect(result.reasons.find((r) => r.code === row.has[0])?.source).toContain(row.source);
      expect(result.deadlines).toEqual(row.deadlines);
      expect(result.kvaCode).toBe(row.kvaCode);
      for (const r of result.reasons) expect(r.message).not.toMatch(/\{\w+\}/);
    }
  });
});

describe("assess v3: the wording of the discharge duty (the kallelse, not the meeting)", () => {
  const message = (input: AssessInput, code: string, locale: "sv" | "en") =>
    assess(input, locale).reasons.find((r) => r.code === code)?.message;

  it("DISCHARGE_DEADLINE: the kallelse is sent within 3 days, the meeting is not due then", () => {
    const input: AssessInput = { ...hc, ...both, ...notice };
    expect(message(input, "DISCHARGE_DEADLINE", "sv")).toBe(
      "Den fasta vårdkontakten i öppenvården skickar kallelsen till SIP senast 29 november 2026, 3 dagar efter underrättelsen om utskrivningsklar. Skyldigheten är att kallelsen skickas inom 3 dagar, inte att mötet hålls inom den tiden.",
    );
    expect(message(input, "DISCHARGE_DEADLINE", "en")).toMatch(
      /sends the kallelse \(invitation\) to the SIP by 29 November 2026.*not to hold the meeting/,
    );
    const steps = (locale: "sv" | "en") => assess(input, locale).nextSteps.join("\n");
    expect(steps("sv")).toContain(
      "Fast vårdkontakt i öppenvården skickar kallelsen till SIP senast 29 november 2026 – kravet gäller kallelsen, inte mötet.",
    );
    expect(steps("en")).toContain(
      "sends the kallelse to the SIP by 29 November 2026 – the duty is the kallelse",
    );
    expect(`${steps("sv")} ${message(input, "DISCHARGE_DEADLINE", "sv")}`).not.toMatch(/kallar till SIP/);
  });

  it("DISCHARGE_REVISE_DEADLINE: the kallelse to revise the existing plan, with its next step", () => {
    const input: AssessInput = { ...hc, ...both, ...notice, existingSip: true };
    expect(message(input, "DISCHARGE_REVISE_DEADLINE", "sv")).toMatch(
      /skickar kallelsen till uppföljning och revidering av den befintliga planen senast 29 november 2026.*Skyldigheten gäller kallelsen, inte mötet\./,
    );
    expect(message(input, "DISCHARGE_REVISE_DEADLINE", "en")).toMatch(
      /kallelse to follow up and revise the existing plan by 29 November 2026.*not a new plan/,
    );
    expect(assess(input).nextSteps).toContain(
      "Se till att kallelsen till uppföljning av den befintliga SIP:en skickas senast 29 november 2026 – kravet gäller kallelsen, inte mötet.",
    );
    expect(assess({ ...input, reporterRole: "school" }, "en").nextSteps.join(" ")).toContain(
      "Make sure the kallelse to follow up the existing SIP is sent by 29 November 2026",
    );
  });

  it("COORDINATED_CARE_PLAN: the samordnad vårdplan under 2017:612, beside the SIP, in both languages", () => {
    const input: AssessInput = { ...hc, ...both, dischargeTo: "opt" };
    expect(message(input, "COORDINATED_CARE_PLAN", "sv")).toMatch(
      /öppen psykiatrisk tvångsvård \(ÖPT\).*samordnad vårdplan enligt lagen \(2017:612\).*ersätter den inte/,
    );
    expect(message({ ...input, dischargeTo: "orv" }, "COORDINATED_CARE_PLAN", "en")).toMatch(
      /outpatient forensic psychiatric care \(ÖRV\).*act 2017:612.*does not replace it/,
    );
  });
});
