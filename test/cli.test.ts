import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REGION_KEYS, REGIONS } from "../src/sip/index.js";

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

  it("consent v2: new fields in, excludedServices and a Swedish journalNote out (also with --lang en)", () => {
    const input = {
      age: 70,
      personConsent: "unable",
      representative: { kind: "framtidsfullmakt", consent: "given" },
      consentForm: "written",
      consentGivenOn: "2026-11-20",
      excludedServices: ["arbetsformedlingen"],
      expiresOn: "2027-11-20",
      today: "2026-11-26",
    };
    const r = cli(["consent", "--lang", "en"], JSON.stringify(input));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe("needs_decision");
    expect(out.reasons.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(["FULLMAKT_EXCLUDES_HEALTH_CARE", "CONSENT_SCOPE_LIMITED"]),
    );
    expect(out.excludedServices).toEqual(["arbetsformedlingen"]);
    expect(out.journalNote).toContain(
      "Hur samtycket inhämtades: skriftligt. Samtycket lämnades: 20 november 2026.",
    );
    const bad = cli(["consent"], '{"age":30,"consentForm":"nod","excludedServices":["polisen"]}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fält "consentForm"/);
    expect(bad.stderr).toMatch(/fält "excludedServices\[0\]"/);
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
      "consentForm",
      "excludedServices",
      "journalNote",
      "framtidsfullmakt",
      "Användning",
      "Usage",
      // v3: the new inputs and outputs, named and explained in both languages.
      "compulsoryCare",
      "LVM | LPT | LRV",
      "tvångsvård utöver LVU",
      "compulsory care other than LVU",
      "turns18On",
      "dag då barnet fyller 18",
      "a minor's 18th birthday",
      "reconsentOn",
      "nytt samtycke behövs från den unge",
      "dischargeTo",
      "home | special_housing | opt | orv",
      "vart personen skrivs ut",
      "where the patient goes after inpatient care",
      "kallelsen skickas senast",
      "the kallelse is sent by",
    ])
      expect(r.stdout).toContain(word);
  });

  it("--help lists every region from the data, with its document and end date", () => {
    const help = cli(["--help"], "").stdout;
    for (const key of REGION_KEYS) {
      const { name, basis } = REGIONS[key];
      const line = help.split("\n").find((l) => l.trimStart().startsWith(`${key} `));
      expect(line).toContain(name);
      expect(line).toContain(basis.document);
      expect(line).toContain(basis.validTo ?? "no end date");
    }
    expect(help).toContain(`region                   ${REGION_KEYS.join(" | ")}`);
  });

  it("assess v2: existing SIP, school health and an expired regional routine through the CLI", () => {
    const input = {
      needsSocialServices: "yes",
      needsHealthCare: "yes",
      reporterRole: "school_health",
      region: "varmland",
      existingSip: true,
      today: "2026-11-27",
    };
    const out = JSON.parse(cli(["assess"], JSON.stringify(input)).stdout);
    expect(out).toMatchObject({ recommendation: "revise_existing", mayConvene: false, deadlines: [] });
    expect(out.kvaCode).toBeUndefined();
    const codes = out.reasons.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(["EXISTING_SIP_FOLLOW_UP", "REGIONAL_SOURCE_EXPIRED"]));
  });

  it("consent v3: compulsoryCare and turns18On in, reconsentOn out; bad values named per field", () => {
    const input = {
      age: 16,
      guardians: [{ consent: "given" }, { consent: "given" }],
      childView: "consents",
      compulsoryCare: "LPT",
      turns18On: "2028-03-01",
      today: "2026-11-26",
    };
    const r = cli(["consent", "--lang", "en"], JSON.stringify(input));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ verdict: "may_proceed", reconsentOn: "2028-03-01" });
    expect(out.reasons.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(["COMPULSORY_CARE_CONSENT", "RECONSENT_AT_18"]),
    );
    expect(out.journalNote).toContain("fyller 18 år den 1 mars 2028");
    const scope = cli(["consent"], '{"age":40,"personConsent":"given","excludedServices":["socialtjanst"]}');
    expect(JSON.parse(scope.stdout).verdict).toBe("blocked");
    // The cross-field checks run once every field has a valid type (zod), so they are tried apart.
    const bad = cli(["consent", "--lang", "en"], '{"age":21,"lvu":{"inCare":true},"turns18On":"2027-01-01"}');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n").sort()).toEqual([
      'field "lvu.inCare": care under LVU ends at the latest when the young person turns 21 (LVU 21 §)',
      'field "turns18On": only for children under 18',
    ]);
    expect(cli(["consent"], '{"age":30,"compulsoryCare":"LVU"}').stderr).toMatch(
      /^fält "compulsoryCare": Ogiltigt val: .*"LVM"\|"LPT"\|"LRV"/m,
    );
    const late = cli(["consent"], '{"age":15,"turns18On":"2028-03-01","today":"2026-11-26"}');
    expect(late.stderr).toBe('fält "turns18On": stämmer inte med age på bedömningsdagen (today)\n');
  });

  it("assess v3: dischargeTo, the revise kallelse at discharge and no KVÅ code on revise_existing", () => {
    const input = {
      needsSocialServices: "yes",
      needsHealthCare: "yes",
      reporterRole: "health_care",
      dischargeNoticeOn: "2026-11-26",
      existingSip: true,
      dischargeTo: "opt",
    };
    const out = JSON.parse(cli(["assess"], JSON.stringify(input)).stdout);
    expect(out.recommendation).toBe("revise_existing");
    expect(out.deadlines).toEqual([{ kind: "discharge_sip", due: "2026-11-29" }]);
    expect(out.kvaCode).toBeUndefined();
    expect(out.reasons.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(["DISCHARGE_REVISE_DEADLINE", "COORDINATED_CARE_PLAN"]),
    );
    const bad = cli(["assess"], JSON.stringify({ ...input, dischargeTo: "sjukhem" }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^fält "dischargeTo": /m);
  });

  it("reads piped input of any size: 200 KB of JSON with whitespace through a shell pipe → exit 0", () => {
    // A pipe from another process (cat), as a user's shell makes it: node's stdin is then
    // non-blocking, where a synchronous read of more than the pipe's 64 KB failed with EAGAIN.
    const input = JSON.stringify(
      { age: 16, guardians: [{ consent: "given" }, { consent: "given" }] },
      null,
      2,
    );
    const padded = input.replace(/\n/g, `\n${" ".repeat(4000)}`) + " ".repeat(200 * 1024);
    const dir = mkdtempSync(join(tmpdir(), "sip-cli-"));
    try {
      writeFileSync(join(dir, "case.json"), padded);
      const r = spawnSync("sh", ["-c", 'cat "$0/case.json" | npm run --silent cli -- consent', dir], {
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).verdict).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const badConsent = '{"age":5.5,"childView":"maybe","expiresOn":"2026-13-01","x":1}';

  it("field messages follow --lang: Swedish by default, English with --lang en (ours as well as zod's)", () => {
    const sv = cli(["consent"], badConsent);
    expect(sv.code).toBe(2);
    expect(sv.stderr).toMatch(/^fält "age": ska vara ett helt antal år$/m);
    expect(sv.stderr).toMatch(/^fält "childView": Ogiltigt val: /m);
    expect(sv.stderr).toMatch(/^fält "\(hela objektet\)": Okänd nyckel: "x"$/m);
    expect(sv.stderr).not.toMatch(/field|Invalid|must be/);

    const en = cli(["consent", "--lang", "en"], badConsent);
    expect(en.code).toBe(2);
    expect(en.stdout).toBe("");
    expect(en.stderr.trim().split("\n").sort()).toEqual(
      [
        'field "age": must be a whole number of years',
        'field "childView": Invalid option: expected one of "consents"|"does_not_object"|"objects"|"not_asked"',
        'field "expiresOn": is not a date that exists',
        'field "(the whole object)": Unrecognized key: "x"',
      ].sort(),
    );
    const adult = cli(
      ["consent", "--lang", "en"],
      '{"age":30,"guardians":[{"consent":"given"}],"expiresOn":"2026-01-01"}',
    );
    expect(adult.stderr.trim().split("\n").sort()).toEqual([
      'field "guardians": only for children under 18; an adult consents for themselves (personConsent)',
      'field "today": required when expiresOn is given (the engine never reads the clock)',
    ]);
    expect(cli(["assess", "--lang=en"], '{"identifiedOn":"1/2/2026"}').stderr).toMatch(
      /^field "identifiedOn": must be a date as YYYY-MM-DD$/m,
    );
    expect(cli(["consent", "--lang", "en"], "{age: 3").stderr).toMatch(/^Invalid JSON on stdin/);
    expect(cli(["consent", "--lang", "en"], "").stderr).toMatch(/^No input/);
  });
});
