import { describe, expect, it } from "vitest";
import { PROTECTED_ROUTINE } from "../../src/sip/consent-journal.js";
import { checkConsent, ConsentInputSchema, REGION_KEYS, type ConsentInput } from "../../src/sip/index.js";

/** The journal note with protected personal data: Region Uppsala's routine, cited, and no names. */
const UPPSALA = "Region Uppsala, Riktlinje SIP (2025), Skyddade personuppgifter";
const today = "2026-11-26";

// prettier-ignore
const rows: { name: string; input: ConsentInput; routine: boolean }[] = [
  { name: "adult, protected identity", input: { age: 40, personConsent: "given", protectedIdentity: true, today }, routine: true },
  { name: "adult, protected identity and violence", input: { age: 40, personConsent: "given", protectedIdentity: true, violence: true, consentForm: "written", today }, routine: true },
  { name: "child, protected identity, guardians consent", input: { age: 9, guardians: [{ consent: "given" }, { consent: "given" }], childView: "consents", protectedIdentity: true, today }, routine: true },
  { name: "adult, protected identity, withdrawn", input: { age: 60, personConsent: "given", protectedIdentity: true, withdrawn: true, today }, routine: true },
  { name: "adult, region VGR, protected identity", input: { age: 30, personConsent: "given", region: "vgr", protectedIdentity: true, today }, routine: true },
  { name: "adult, no protected identity", input: { age: 40, personConsent: "given", today }, routine: false },
  { name: "adult, violence only", input: { age: 40, personConsent: "given", violence: true, today }, routine: false },
];

describe("journal note: protected personal data (Region Uppsala's routine)", () => {
  it.each(rows)("$name", ({ input, routine }) => {
    const note = checkConsent(input).journalNote;
    const sources = note.split("\n").find((l) => l.startsWith("Källor: ")) ?? "";
    if (routine) {
      expect(note).toContain(`${PROTECTED_ROUTINE} (${UPPSALA})`);
      expect(sources).toContain(UPPSALA);
    } else {
      expect(note).not.toContain("Skyddade personuppgifter:");
      expect(sources).not.toContain(UPPSALA);
    }
    // Same note whatever the locale (Swedish journal).
    expect(checkConsent(input, "en").journalNote).toBe(note);
  });

  it("states the routine in its own words: manual only, each principal's routine, nothing that reveals whereabouts", () => {
    for (const part of [
      "SIP hanteras bara manuellt",
      "Kallelse och dokumentation görs enligt respektive huvudmans rutin för manuell hantering",
      "den regionala kallelseblanketten och planeringsdokumentet användas",
      "Inget som kan röja var personen bor eller vistas förs in i något digitalt system.",
    ])
      expect(PROTECTED_ROUTINE).toContain(part);
  });

  it("keeps the note free of names and of where the person is", () => {
    const input: ConsentInput = {
      age: 40,
      personConsent: "given",
      protectedIdentity: true,
      violence: true,
      today,
    };
    // The input cannot carry a name: the engine refuses any key it does not know.
    expect(ConsentInputSchema.safeParse({ ...input, name: "Anna Andersson" }).success).toBe(false);
    // The routine line reads the same whichever region the case is in, and holds no address or number.
    const notes = REGION_KEYS.map((region) => checkConsent({ ...input, region }).journalNote);
    expect(new Set(notes).size).toBe(1);
    expect(PROTECTED_ROUTINE).not.toMatch(/\d/);
  });
});
