import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import {
  invitationIcs,
  invitationText,
  meetingInterval,
  type PrintableInvitation,
} from "../../src/cases/printable.js";

const fixture: PrintableInvitation = {
  caseCode: "SIP-7F3K",
  region: "national",
  convenerName: "Anna Ågren",
  details: {
    purpose: "Samordna stödet mellan skola, BUP och socialtjänst.",
    longTermGoal: "Att gå klart årskurs nio och må bra hemma.",
    questions: "Vem gör vad under hösten?\nHur följer vi upp?",
    date: "2026-01-15",
    time: "14:00",
    durationMinutes: 90,
    place: { kind: "in_person", text: "Familjecentralen, Storgatan 1, Karlstad; rum 3" },
    personTakesPart: "Deltar på plats med sin mamma; tolk på arabiska.",
  },
  invitee: {
    id: "0b6f7a1e-1111-4222-8333-944445555666",
    name: "Eva Ek",
    organisation: "Försäkringskassan",
    orgType: "forsakringskassan",
    participation: "invited",
    contribution: "Information om aktivitetsersättning.",
  },
};

const digital: PrintableInvitation = {
  ...fixture,
  details: {
    ...fixture.details,
    place: { kind: "digital", link: "https://teams.microsoft.com/l/meetup-join/x" },
  },
};
const convened: PrintableInvitation = {
  ...fixture,
  invitee: {
    ...fixture.invitee,
    name: "Olle Berg",
    organisation: "BUP Karlstad",
    orgType: "region",
    participation: "convened",
  },
};
const relative: PrintableInvitation = {
  ...fixture,
  invitee: { ...fixture.invitee, name: "Moster Lina", organisation: undefined, orgType: "narstaende" },
};
const stamp = new Date("2026-01-02T09:30:00Z");

describe("invitationText", () => {
  const inBoth = (inv: PrintableInvitation) => [invitationText(inv, "sv"), invitationText(inv, "en")];

  it("is Swedish by default", () => {
    expect(invitationText(fixture)).toBe(invitationText(fixture, "sv"));
  });

  it.each([
    [
      "sv",
      [
        "Referens: SIP-7F3K",
        "Syfte och varför mötet behövs",
        "långsiktiga mål",
        "Frågor som mötet ska besvara",
        "bidrar med",
        "15 januari 2026",
        "14:00–15:30",
        "90 minuter",
        "svensk tid",
        "Så här deltar personen",
        "mandat att fatta beslut",
        "ersättare",
        "Sammankallande: Anna Ågren",
        "Svara till Anna Ågren",
      ],
    ],
    [
      "en",
      [
        "Reference: SIP-7F3K",
        "Purpose and why the meeting is needed",
        "long-term goal",
        "Questions the meeting is to answer",
        "contribute",
        "15 January 2026",
        "14:00–15:30",
        "90 minutes",
        "Swedish time",
        "How the person takes part",
        "mandate to make decisions",
        "substitute",
        "Convener: Anna Ågren",
        "Reply to Anna Ågren",
      ],
    ],
  ] as const)("in %s states every element of SIP-RULES §5", (locale, phrases) => {
    const text = invitationText(fixture, locale);
    for (const p of phrases) expect(text).toContain(p);
    // The data, verbatim: purpose, goal, questions, this invitee's contribution, place, how the person
    // takes part (free text line by line: each line is indented).
    for (const v of [
      fixture.details.purpose,
      fixture.details.longTermGoal,
      fixture.details.questions,
      fixture.invitee.contribution,
      "Familjecentralen, Storgatan 1, Karlstad; rum 3",
      fixture.details.personTakesPart,
      "Eva Ek, Försäkringskassan",
    ])
      for (const line of v.split("\n")) expect(text).toContain(line);
  });

  it.each<[string, PrintableInvitation, boolean]>([
    // Stored as convened before v3: Försäkringskassan is no principal, so the letter invites.
    [
      "Försäkringskassan stored as convened",
      { ...fixture, invitee: { ...fixture.invitee, participation: "convened" } },
      false,
    ],
    [
      "school, convened, in the national rules",
      { ...convened, invitee: { ...convened.invitee, orgType: "skola" } },
      false,
    ],
    [
      "school, convened, in VGR",
      { ...convened, region: "vgr", invitee: { ...convened.invitee, orgType: "skola" } },
      true,
    ],
    [
      "municipal health care, convened",
      { ...convened, invitee: { ...convened.invitee, orgType: "kommunal_hsv" } },
      true,
    ],
  ])("cites the duty to attend only to a convened principal: %s", (_what, inv, duty) => {
    const [sv, en] = inBoth(inv);
    expect(/^KALLELSE TILL SIP-MÖTE/.test(sv ?? "")).toBe(duty);
    expect(sv?.includes("skyldig att delta")).toBe(duty);
    expect(sv?.includes("Svara på inbjudan")).toBe(!duty);
    expect(en?.includes("obliged to attend")).toBe(duty);
  });

  it("says kallelse and duty to attend for convened parties, inbjudan and voluntary for invited", () => {
    const [svConv, enConv] = inBoth(convened);
    const [svInv, enInv] = inBoth(fixture);
    expect(svConv).toMatch(/^KALLELSE TILL SIP-MÖTE/);
    expect(svConv).toContain("Du kallas");
    expect(svConv).toContain("skyldig att delta");
    expect(svConv).not.toContain("frivilligt");
    expect(svInv).toMatch(/^INBJUDAN TILL SIP-MÖTE/);
    expect(svInv).toContain("Du bjuds in");
    expect(svInv).toContain("frivilligt");
    expect(svInv).not.toContain("skyldig");
    expect(enConv).toContain("You are convened");
    expect(enConv).toContain("obliged to attend");
    // SoL (2001:453) was replaced by 2025:400 on 1 July 2025: the new act, the old number beside it.
    const flat = (t = "") => t.replace(/\s+/g, " ");
    expect(flat(svConv)).toContain("socialtjänstlagen (2025:400), tidigare 2 kap. 7 § SoL (2001:453)");
    expect(flat(enConv)).toContain(
      "Social Services Act (2025:400), formerly Chapter 2 Section 7 SoL (2001:453)",
    );
    expect(enInv).toContain("You are invited");
    expect(enInv).toContain("voluntary");
    expect(enInv).not.toContain("obliged");
  });

  it("names the place for an in-person meeting, and the link with 'digitalt möte' for a digital one", () => {
    const [sv, en] = inBoth(digital);
    expect(sv).toContain("Plats: Digitalt möte\nhttps://teams.microsoft.com/l/meetup-join/x");
    expect(en).toContain("Online meeting\nhttps://teams.microsoft.com/l/meetup-join/x");
    expect(sv).toContain("ostört");
    expect(invitationText(fixture)).not.toMatch(/digital/i);
  });

  it("asks units to forward within their organisation, but not a relative without one", () => {
    expect(invitationText(fixture)).toContain("skicka kallelsen vidare");
    const text = invitationText(relative);
    expect(text).toContain("Till: Moster Lina\n");
    expect(text).not.toContain("vidare");
  });

  it.each([fixture, digital, convened, relative])("never prints undefined, null or [object …]", (inv) => {
    for (const text of [...inBoth(inv), invitationIcs(inv, stamp)]) {
      expect(text).not.toMatch(/undefined|null|\[object|NaN/);
    }
  });

  it("keeps a name with CR/LF on its own line: no forged lines in the letter", () => {
    const forged: PrintableInvitation = {
      ...fixture,
      convenerName: "Anna\r\nSvara till: bedragare@example.org",
      invitee: { ...fixture.invitee, name: "Eva\r\nReferens: SIP-FAKE", organisation: "FK\u2028Rum 9" },
      details: { ...fixture.details, questions: "Vem gör vad?\r\nHur följer vi upp?\u0007" },
    };
    const text = invitationText(forged);
    expect(text).not.toContain("\r");
    expect(text).not.toMatch(/^Referens: SIP-FAKE/m);
    expect(text).not.toMatch(/^Svara till: bedragare/m);
    expect(text).toContain("Till: Eva Referens: SIP-FAKE, FK Rum 9");
    expect(text).toContain("  Vem gör vad?\n  Hur följer vi upp?\n");
    expect(text).not.toContain("\u0007");
  });

  it("points to the sender when the convener's name is unknown", () => {
    const inv = { ...fixture, convenerName: "" };
    expect(invitationText(inv)).toContain("Svara till den som har skickat kallelsen.");
    expect(invitationText(inv, "en")).toContain("Reply to the person who sent this invitation.");
    expect(invitationText(inv)).not.toMatch(/Sammankallande|Svara till ,/);
    expect(event(invitationIcs(inv, stamp)).ev.description).not.toContain("Sammankallande");
  });

  it("shows the end time in Swedish local time on the day summer time begins", () => {
    // 29 March 2026, 01:30 + 90 min: clocks jump from 02:00 to 03:00, so the meeting ends at 04:00.
    const inv = { ...fixture, details: { ...fixture.details, date: "2026-03-29", time: "01:30" } };
    expect(invitationText(inv)).toContain("01:30–04:00");
  });
});

const event = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevent = cal.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return { cal, vevent, ev: new ICAL.Event(vevent) };
};
const utc = (t: ICAL.Time) => t.toJSDate().toISOString();
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n");

describe("invitationIcs", () => {
  it("is one VCALENDAR with one VEVENT, CRLF lines, that ical.js parses", () => {
    const ics = invitationIcs(fixture, stamp);
    const l = lines(ics);
    expect(l[0]).toBe("BEGIN:VCALENDAR");
    expect(l).toContain("VERSION:2.0");
    expect(l.filter((x) => x === "BEGIN:VEVENT")).toHaveLength(1);
    expect(l.at(-2)).toBe("END:VCALENDAR");
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toContain("\n");
    const { cal, vevent } = event(ics);
    expect(cal.name).toBe("vcalendar");
    expect(cal.getFirstPropertyValue("prodid")).toContain("SIP-lotsen");
    expect(vevent.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-01-02T09:30:00Z");
  });

  it("has the UID from the invitee id, the summary, location and description", () => {
    const { ev } = event(invitationIcs(fixture, stamp));
    expect(ev.uid).toBe(`kallelse-${fixture.invitee.id}@sip-lotsen`);
    expect(ev.summary).toBe("SIP-möte SIP-7F3K");
    expect(ev.location).toBe(fixture.details.place.kind === "in_person" ? fixture.details.place.text : "");
    expect(ev.description).toContain(fixture.details.purpose);
    expect(ev.description).toContain(fixture.details.questions);
    expect(ev.description).toContain(fixture.invitee.contribution);
    expect(ev.description).toContain("Anna Ågren");
  });

  it("puts the link in LOCATION for a digital meeting", () => {
    expect(event(invitationIcs(digital, stamp)).ev.location).toBe(
      "https://teams.microsoft.com/l/meetup-join/x",
    );
  });

  it("writes no ORGANIZER (no address to give) and no METHOD", () => {
    const l = lines(invitationIcs(fixture, stamp));
    expect(l.some((x) => x.startsWith("ORGANIZER"))).toBe(false);
    expect(l.some((x) => x.startsWith("METHOD"))).toBe(false);
  });

  it.each([
    ["winter (CET, UTC+1)", "2026-01-15", "20260115T130000Z", "20260115T143000Z"],
    ["summer (CEST, UTC+2)", "2026-07-15", "20260715T120000Z", "20260715T133000Z"],
    ["the day after summer time begins", "2026-03-30", "20260330T120000Z", "20260330T133000Z"],
    ["the Saturday before summer time ends", "2026-10-24", "20261024T120000Z", "20261024T133000Z"],
    ["the day summer time ends", "2026-10-25", "20261025T130000Z", "20261025T143000Z"],
  ])("14:00 in %s is converted to UTC", (_label, date, start, end) => {
    const inv = { ...fixture, details: { ...fixture.details, date } };
    const l = lines(invitationIcs(inv, stamp));
    expect(l).toContain(`DTSTART:${start}`);
    expect(l).toContain(`DTEND:${end}`);
    const { ev } = event(invitationIcs(inv, stamp));
    expect(utc(ev.endDate)).toBe(new Date(meetingInterval(inv.details).end).toISOString());
  });

  it("has an English summary when asked", () => {
    expect(event(invitationIcs(fixture, stamp, "en")).ev.summary).toBe("SIP meeting SIP-7F3K");
  });

  it("is the same file for the same input (no clock, no random UID)", () => {
    expect(invitationIcs(fixture, stamp)).toBe(invitationIcs(fixture, stamp));
  });
});
