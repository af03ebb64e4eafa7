import { describe, expect, it } from "vitest";
import { assess, REGION_KEYS, type AssessInput, type Recommendation } from "../../src/sip/index.js";

interface Row {
  rule: string;
  source: string;
  input: AssessInput;
  recommendation: Recommendation;
  mayConvene: boolean;
  has: string[];
  lacks?: string[];
  deadlines?: string[];
  kvaCode?: "AU124" | "AU125";
}

const both = { needsSocialServices: "yes", needsHealthCare: "yes" } as const;
const ss = { reporterRole: "social_services" } as const;
const hc = { reporterRole: "health_care" } as const;
const notice = { dischargeNoticeOn: "2026-11-26" } as const;

// CONTRACT v2 `assess`, rules 1–4: each row asserts its code and the source it cites.
// prettier-ignore
const rows: Row[] = [
  // 1. Existing SIP: follow up and revise, no deadline for a new plan.
  { rule: "1 existing SIP: revise it, no first-contact deadline", source: "Upptäck behov", input: { ...ss, ...both, indications: ["several_units"], existingSip: true, identifiedOn: "2026-11-26" }, recommendation: "revise_existing", mayConvene: true, has: ["EXISTING_SIP_FOLLOW_UP"], lacks: ["FIRST_CONTACT_DEADLINE", "MUST_INITIATE"], deadlines: [] },
  // v3 rule 1 changed this row: the kallelse to revise keeps its 3 days (assess-v3.test.ts owns it).
  { rule: "1 existing SIP at discharge: no new plan, no KVÅ code (v3)", source: "Upptäck behov", input: { ...hc, ...both, ...notice, existingSip: true }, recommendation: "revise_existing", mayConvene: true, has: ["EXISTING_SIP_FOLLOW_UP"], lacks: ["DISCHARGE_DEADLINE", "DISCHARGE_BOTH_PRINCIPALS", "KVA_CODE"], deadlines: ["discharge_sip"] },
  { rule: "1 existing SIP, dual need gone: raise closing it", source: "kap. 10", input: { ...ss, needsSocialServices: "no", needsHealthCare: "yes", existingSip: true }, recommendation: "revise_existing", mayConvene: true, has: ["EXISTING_SIP_MAY_CLOSE", "EXISTING_SIP_FOLLOW_UP"], lacks: ["NO_DUAL_NEED"], deadlines: [] },
  { rule: "1 existing SIP, school: flags to the lead", source: "Upptäck behov", input: { reporterRole: "school", ...both, existingSip: true }, recommendation: "revise_existing", mayConvene: false, has: ["EXISTING_SIP_FOLLOW_UP", "FLAG_NEED_ONWARD"], deadlines: [] },
  // 2. Discharge counts principals: kommun = social services or municipal health care.
  { rule: "2 discharge: municipal health care is the kommun's side", source: "2017:612", input: { ...hc, needsSocialServices: "no", municipalHealthCare: "yes", needsHealthCare: "yes", ...notice }, recommendation: "sip_indicated", mayConvene: true, has: ["DISCHARGE_BOTH_PRINCIPALS", "DISCHARGE_DEADLINE"], lacks: ["NO_DUAL_NEED"], deadlines: ["discharge_sip"], kvaCode: "AU125" },
  { rule: "2 discharge ticked, social services unsure, hemsjukvård yes", source: "2017:612", input: { ...ss, needsSocialServices: "unsure", municipalHealthCare: "yes", needsHealthCare: "yes", indications: ["discharge_ready"] }, recommendation: "sip_indicated", mayConvene: true, has: ["DISCHARGE_BOTH_PRINCIPALS", "MUST_INITIATE"], deadlines: [] },
  { rule: "2 discharge: another plan does not stand in (national)", source: "2017:612", input: { ...hc, ...both, ...notice, existingEquivalentPlan: true }, recommendation: "sip_indicated", mayConvene: true, has: ["DISCHARGE_BOTH_PRINCIPALS"], lacks: ["EQUIVALENT_PLAN_CHECK"], deadlines: ["discharge_sip"], kvaCode: "AU125" },
  { rule: "2 discharge: no kommun service at all", source: "kap. 2", input: { ...hc, needsSocialServices: "no", municipalHealthCare: "no", needsHealthCare: "yes", ...notice }, recommendation: "not_indicated", mayConvene: true, has: ["NO_DUAL_NEED"], lacks: ["DISCHARGE_BOTH_PRINCIPALS"], deadlines: [] },
  { rule: "2 discharge: kommun side unsure", source: "Vanliga frågor 3", input: { ...hc, needsSocialServices: "no", municipalHealthCare: "unsure", needsHealthCare: "yes", ...notice }, recommendation: "assess_further", mayConvene: true, has: ["NEED_UNCLEAR"], deadlines: ["discharge_sip"], kvaCode: "AU125" },
  { rule: "2 discharge: no regional care, hemsjukvård alone is not the region", source: "kap. 2", input: { ...hc, needsSocialServices: "yes", municipalHealthCare: "yes", needsHealthCare: "no", ...notice }, recommendation: "not_indicated", mayConvene: true, has: ["NO_DUAL_NEED"], deadlines: [] },
  // 3. First contact is a guideline, and only for whoever may convene.
  { rule: "3 first contact: guideline within a few days", source: "utan dröjsmål", input: { ...ss, ...both, requestedBy: "person", identifiedOn: "2026-11-26" }, recommendation: "sip_indicated", mayConvene: true, has: ["FIRST_CONTACT_DEADLINE"], deadlines: ["first_contact"] },
  { rule: "3 school may not convene: no first-contact deadline", source: "kap. 4", input: { reporterRole: "school", ...both, requestedBy: "person", identifiedOn: "2026-11-26" }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"], lacks: ["FIRST_CONTACT_DEADLINE"], deadlines: [] },
  { rule: "3 other actor: no first-contact deadline", source: "Vanliga frågor 10", input: { reporterRole: "other", ...both, requestedBy: "person", identifiedOn: "2026-11-26" }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"], lacks: ["FIRST_CONTACT_DEADLINE"], deadlines: [] },
  { rule: "3 school in VGR may convene: gets the guideline", source: "utan dröjsmål", input: { reporterRole: "school", region: "vgr", ...both, requestedBy: "person", identifiedOn: "2026-11-26" }, recommendation: "sip_indicated", mayConvene: true, has: ["FIRST_CONTACT_DEADLINE", "SCHOOL_MAY_CONVENE"], deadlines: ["first_contact"] },
  // 4. School health: like school in its region, never a KVÅ code.
  { rule: "4 school health, national: flags onward", source: "kap. 4", input: { reporterRole: "school_health", ...both, indications: ["several_units"] }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"], lacks: ["MUST_INITIATE", "KVA_CODE"], deadlines: [] },
  { rule: "4 school health, Uppsala: flags, never MUST_INITIATE", source: "Riktlinje SIP (2025), Omfattning", input: { reporterRole: "school_health", region: "uppsala", ...both, indications: ["several_units"], identifiedOn: "2026-11-26" }, recommendation: "sip_indicated", mayConvene: false, has: ["FLAG_NEED_ONWARD"], lacks: ["MUST_INITIATE", "KVA_CODE", "FIRST_CONTACT_DEADLINE"], deadlines: [] },
  { rule: "4 school health, VGR: an equal party", source: "Huvudsakliga förändringar", input: { reporterRole: "school_health", region: "vgr", ...both, ...notice }, recommendation: "sip_indicated", mayConvene: true, has: ["SCHOOL_MAY_CONVENE"], lacks: ["MUST_INITIATE", "KVA_CODE"], deadlines: ["discharge_sip"] },
];

describe("assess v2: one row per rule (CONTRACT v2 `assess`)", () => {
  it.each(rows)("$rule", (row) => {
    const result = assess(row.input);
    const codes = result.reasons.map((r) => r.code);
    expect(result.recommendation).toBe(row.recommendation);
    expect(result.mayConvene).toBe(row.mayConvene);
    expect(codes).toEqual(expect.arrayContaining(row.has));
    for (const code of row.lacks ?? []) expect(codes).not.toContain(code);
    const cited = result.reasons.filter((r) => row.has.includes(r.code)).map((r) => r.source);
    expect(cited.some((s) => s.includes(row.source))).toBe(true);
    if (row.deadlines) expect(result.deadlines.map((d) => d.kind)).toEqual(row.deadlines);
    expect(result.kvaCode).toBe(row.kvaCode);
    expect(result.nextSteps.length).toBeGreaterThan(0);
  });
});

describe("assess v2: details", () => {
  it("marks only first contact as a guideline, in words as well as the flag (rule 3)", () => {
    const input: AssessInput = { ...hc, ...both, identifiedOn: "2026-11-26", ...notice };
    const sv = assess(input);
    expect(sv.deadlines).toEqual([
      { kind: "first_contact", due: "2026-11-29", guideline: true },
      { kind: "discharge_sip", due: "2026-11-29" },
    ]);
    const message = (r: typeof sv) => r.reasons.find((x) => x.code === "FIRST_CONTACT_DEADLINE")?.message;
    expect(message(sv)).toMatch(/inom några dagar/);
    expect(message(sv)).toMatch(/riktmärke, inte en tidsgräns i lag/);
    expect(message(assess(input, "en"))).toMatch(/within a few days.*guideline, not a deadline set in law/);
  });

  it("school health is school, in every region and for every need (rule 4)", () => {
    const cases: Omit<AssessInput, "reporterRole">[] = [
      { ...both, indications: ["bounced_around"], identifiedOn: "2026-11-26" },
      { ...both, ...notice, existingEquivalentPlan: true },
      { ...both, existingSip: true },
      { needsSocialServices: "unsure", needsHealthCare: "yes" },
      { needsSocialServices: "no", needsHealthCare: "yes" },
    ];
    for (const region of REGION_KEYS)
      for (const c of cases)
        expect(assess({ ...c, region, reporterRole: "school_health" })).toEqual(
          assess({ ...c, region, reporterRole: "school" }),
        );
  });

  it("revising an existing SIP tells a convener to contact the lead and revise (rule 1)", () => {
    const sv = assess({ ...ss, ...both, existingSip: true });
    expect(sv.nextSteps.join(" ")).toMatch(/huvudansvarig för den befintliga SIP:en/);
    expect(assess({ ...ss, ...both, existingSip: true }, "en").nextSteps[0]).toMatch(
      /lead of the existing SIP/,
    );
  });
});

describe("assess: an expired regional document is noted, only when today is known", () => {
  // prettier-ignore
  const expiry: [string, AssessInput["region"], string | undefined, string | undefined][] = [
    ["Värmland after its routine's end", "varmland", "2026-11-27", "18 juni 2026"],
    ["Värmland on its last valid day", "varmland", "2026-06-18", undefined],
    ["VGR after the turn of the year 2023", "vgr", "2024-01-01", "31 december 2023"],
    ["VGR without today: the engine never guesses", "vgr", undefined, undefined],
    ["national: the handbook has no end date", "national", "2040-01-01", undefined],
    ["Uppsala: no end date stated", "uppsala", "2040-01-01", undefined],
  ];
  it.each(expiry)("%s", (_name, region, today, shownEnd) => {
    const base: AssessInput = { ...ss, ...both, requestedBy: "person", region };
    const r = assess({ ...base, ...(today ? { today } : {}) });
    const note = r.reasons.find((x) => x.code === "REGIONAL_SOURCE_EXPIRED");
    if (!shownEnd) return expect(note).toBeUndefined();
    expect(note?.effect).toBe("note");
    expect(note?.message).toContain(shownEnd);
    expect(note?.source).toMatch(
      region === "vgr" ? /^VGR, Riktlinje för SIP/ : /^Region Värmland, SIP med Cosmic Link/,
    );
    expect(note?.message).toContain(note?.source);
    // A note only: the rest of the answer is what it is without today.
    expect({ ...r, reasons: r.reasons.filter((x) => x !== note) }).toEqual(assess(base));
  });
});
