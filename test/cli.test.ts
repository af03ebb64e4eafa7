import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Spawns the real command, exactly as CONTRACT.md writes it. */
function cli(args: string[], stdin: string) {
  const r = spawnSync("npm", ["run", "--silent", "cli", "--", ...args], { input: stdin, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |node:internal|Error:/);

describe("rules-engine CLI (CONTRACT.md)", () => {
  it("consent: a valid case gives a verdict as JSON on stdout, exit 0", () => {
    const input = {
      age: 16,
      guardians: [{ consent: "given" }, { consent: "refused" }],
      childView: "consents",
    };
    const r = cli(["consent"], JSON.stringify(input));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe("needs_decision");
    expect(out.channel).toBe("digital");
    expect(out.reasons.map((x: { code: string }) => x.code)).toContain("MATURE_MINOR_ESCALATE");
    expect(out.reasons[0].message).toMatch(/vårdnadshavare/);
  });

  it("assess: a valid case gives recommendation, deadlines and next steps; --lang en switches language", () => {
    const input = {
      needsSocialServices: "yes",
      needsHealthCare: "yes",
      indications: ["discharge_ready"],
      reporterRole: "health_care",
      dischargeNoticeOn: "2026-11-26",
    };
    const r = cli(["assess", "--lang", "en"], JSON.stringify(input));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ recommendation: "sip_indicated", mayConvene: true, kvaCode: "AU125" });
    expect(out.deadlines).toEqual([{ kind: "discharge_sip", due: "2026-11-29" }]);
    expect(out.nextSteps[0]).toMatch(/consent/);
  });

  it.each([
    ["malformed JSON", ["consent"], "{age: 3", /Ogiltig JSON/],
    ["unknown enum value", ["consent"], '{"age":5,"childView":"maybe"}', /fält "childView"/],
    [
      "missing field",
      ["assess"],
      '{"needsSocialServices":"yes","needsHealthCare":"no"}',
      /fält "reporterRole": saknas/,
    ],
    ["wrong type", ["consent"], '{"age":"fem"}', /fält "age"/],
    [
      "impossible date",
      ["assess"],
      '{"needsSocialServices":"yes","needsHealthCare":"yes","reporterRole":"school","identifiedOn":"2026-13-01"}',
      /fält "identifiedOn"/,
    ],
    ["empty input", ["consent"], "", /Ingen indata/],
    ["a JSON array", ["consent"], "[]", /fält "\(hela objektet\)"/],
    ["unknown command", ["judge"], "{}", /Okänt kommando/],
  ])("%s → exit 2, nothing on stdout, the field named on stderr", (_name, args, stdin, message) => {
    const r = cli(args, stdin);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    noStack(r.stderr);
  });

  it("names every bad field, one per line", () => {
    const r = cli(["consent"], '{"age":-4,"guardians":[{"consent":"x"}],"violence":"yes"}');
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.match(/fält "([^"]+)"/)?.[1]).sort()).toEqual([
      "age",
      "guardians[0].consent",
      "violence",
    ]);
  });

  it("--help explains both commands and the fields in Swedish and English", () => {
    const r = cli(["--help"], "");
    expect(r.code).toBe(0);
    for (const word of [
      "consent",
      "assess",
      "vårdnadshavare",
      "guardians",
      "reporterRole",
      "dischargeNoticeOn",
      "Användning",
      "Usage",
    ])
      expect(r.stdout).toContain(word);
  });
});
