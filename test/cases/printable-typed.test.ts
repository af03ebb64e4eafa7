import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { invitationIcs, invitationText, type PrintableInvitation } from "../../src/cases/printable.js";

/**
 * Issue 20: typed text cannot forge a line of the letter, nor a property of the .ics file, and
 * carries no bidi override or zero-width character into either (src/cases/printable.ts).
 */
const fixture: PrintableInvitation = {
  caseCode: "SIP-7F3K",
  region: "national",
  convenerName: "Anna Ågren",
  details: {
    purpose: "Samordna stödet.",
    longTermGoal: "Gå klart årskurs nio.",
    questions: "Vem gör vad?\nHur följer vi upp?",
    date: "2026-01-15",
    time: "14:00",
    durationMinutes: 90,
    place: { kind: "in_person", text: "Familjecentralen, rum 3" },
    personTakesPart: "Deltar på plats.",
  },
  invitee: {
    id: "0b6f7a1e-1111-4222-8333-944445555666",
    name: "Eva Ek",
    organisation: "Försäkringskassan",
    orgType: "forsakringskassan",
    participation: "invited",
    contribution: "Information.",
  },
};
const stamp = new Date("2026-01-02T09:30:00Z");
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n");
const event = (ics: string) => {
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return new ICAL.Event(vevent);
};

describe("invitationText, typed text", () => {
  it("starts no typed line at column 0: the letter's own labels stand alone there", () => {
    const forge = (field: string) => `${field}\nReferens: SIP-FAKE\r\nTill: Bedragare\rSammankallande: X`;
    const forged: PrintableInvitation = {
      ...fixture,
      details: {
        ...fixture.details,
        purpose: forge("Syfte"),
        longTermGoal: forge("Mål"),
        questions: forge("Frågor"),
        personTakesPart: forge("Deltar"),
      },
      invitee: { ...fixture.invitee, contribution: forge("Bidrag") },
    };
    const column0 = (text: string) => text.split("\n").filter((l) => /^\S/.test(l));
    const text = invitationText(forged);
    expect(column0(text)).toEqual(column0(invitationText(fixture)));
    expect(text).not.toMatch(/^(Referens: SIP-FAKE|Till: Bedragare|Sammankallande: X)/m);
    expect(text.match(/^ {2}Referens: SIP-FAKE$/gm)).toHaveLength(5);
  });

  it("drops bidi overrides and zero-width characters from the letter", () => {
    const inv: PrintableInvitation = {
      ...fixture,
      convenerName: "Anna\u202EnerbÅ",
      invitee: { ...fixture.invitee, name: "Eva\u200B Ek", organisation: "F\u2066K\u2069" },
      details: { ...fixture.details, purpose: "Syfte\u200F\u202Atext\u202C" },
    };
    const text = invitationText(inv);
    expect(text).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(text).toContain("Till: Eva Ek, FK");
    expect(text).toContain("  Syftetext");
  });
});

describe("invitationIcs, typed text", () => {
  it("escapes every line break (a lone CR too) and drops bidi and zero-width characters", () => {
    const inv: PrintableInvitation = {
      ...fixture,
      caseCode: "SIP-7F3K",
      details: {
        ...fixture.details,
        purpose: "Syfte\rURL:https://evil.example\r\nATTENDEE:x",
        place: { kind: "in_person", text: "Rum 3\rORGANIZER:evil\u202E" },
      },
      invitee: { ...fixture.invitee, contribution: "Bidrag\u200B\u2066\u2069" },
    };
    const ics = invitationIcs(inv, stamp);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(lines(ics).filter((l) => /^(URL|ATTENDEE|ORGANIZER)/.test(l))).toEqual([]);
    expect(ics).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
    const ev = event(ics);
    expect(ev.description).toContain("Syfte\nURL:https://evil.example\nATTENDEE:x");
    expect(ev.location).toBe("Rum 3 ORGANIZER:evil");
  });
});
