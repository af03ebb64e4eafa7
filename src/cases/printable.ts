import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { createEvent, type EventAttributes } from "ics";
import { longDate } from "../sip/dates.js";
import { visible } from "../sip/text.js";
import type { Invitee, KallelseDetails } from "./model.js";
import { effectiveParticipation, type RegionOrAny } from "./workflow.js";

/**
 * The kallelse on paper or by e-mail, for external parties and invitees the bot cannot reach in
 * Teams (SIP-RULES §5: "External parties without the system get the invitation by post").
 * Pure: no I/O, no clock. It carries the case code, never the person's name, personnummer or address.
 */
export interface PrintableInvitation {
  caseCode: string;
  details: KallelseDetails;
  invitee: Pick<Invitee, "id" | "name" | "organisation" | "orgType" | "participation" | "contribution">;
  /** The case's region: the letter cites the duty to attend only to a principal it convenes. */
  region: RegionOrAny;
  convenerName: string;
  /** The answer page for this letter ("Svarslänk"), when the instance serves one. */
  answerUrl?: string;
}

export type PrintLocale = "sv" | "en";

const ZONE = "Europe/Stockholm";

/** Start and end as instants; the stored date and time are Swedish local time, summer time included. */
export function meetingInterval(details: KallelseDetails): { start: Date; end: Date } {
  const [y = NaN, mo = NaN, d = NaN] = details.date.split("-").map(Number);
  const [h = NaN, mi = NaN] = details.time.split(":").map(Number);
  const local = new TZDate(y, mo - 1, d, h, mi, ZONE);
  const start = new Date(local.getTime());
  return { start, end: new Date(start.getTime() + details.durationMinutes * 60_000) };
}

/** Clock time in Sweden, e.g. "15:30", for the end of a meeting that may cross a DST change. */
const stockholmTime = (instant: Date): string => format(new TZDate(instant.getTime(), ZONE), "HH:mm");

const TEXT = {
  sv: {
    heading: { convened: "KALLELSE TILL SIP-MÖTE", invited: "INBJUDAN TILL SIP-MÖTE" },
    subtitle: "Samordnad individuell plan (SIP)",
    reference: "Referens",
    to: "Till",
    intro: {
      convened: "Du kallas till ett möte om en samordnad individuell plan (SIP).",
      invited: "Du bjuds in till ett möte om en samordnad individuell plan (SIP).",
    },
    referenceNote: "Ange referensen när du svarar. Den ersätter personens namn och personnummer.",
    purpose: "Syfte och varför mötet behövs",
    goal: "Personens långsiktiga mål",
    questions: "Frågor som mötet ska besvara",
    contribution: "Det här vill vi att du bidrar med",
    when: "Tid och plats",
    date: "Datum",
    time: "Tid",
    minutes: "minuter",
    localTime: "svensk tid",
    place: "Plats",
    digital: "Digitalt möte",
    digitalNote: "Sitt ostört under mötet. Vi går igenom vilka som deltar när mötet börjar.",
    personTakesPart: "Så här deltar personen",
    duty: {
      convened:
        "Du är kallad. Din verksamhet är skyldig att delta och medverka till planen " +
        "(socialtjänstlagen (2025:400), tidigare 2 kap. 7 § SoL (2001:453); " +
        "16 kap. 4 § hälso- och sjukvårdslagen).",
      invited: "Du är inbjuden. Att delta är frivilligt, men din medverkan gör planen bättre för personen.",
    },
    answerHeading: { convened: "Svara på kallelsen", invited: "Svara på inbjudan" },
    answer: [
      "Svara om du kommer eller inte.",
      "Meddela vem som deltar. Den som deltar ska ha mandat att fatta beslut för sin verksamhet.",
      "Kan du inte komma: skicka en ersättare med samma mandat och meddela vem.",
    ],
    forward:
      "Har er enhet ingen pågående kontakt med personen: skicka kallelsen vidare till rätt enhet inom er " +
      "organisation och meddela den sammankallande.",
    convener: "Sammankallande",
    replyTo: (name: string) => `Svara till ${name}, som har skickat kallelsen.`,
    replyToSender: "Svara till den som har skickat kallelsen.",
    answerLink: "Svara på webben (svarslänk, gäller lika länge som kallelsen):",
  },
  en: {
    heading: { convened: "NOTICE TO ATTEND A SIP MEETING", invited: "INVITATION TO A SIP MEETING" },
    subtitle: "Coordinated individual plan (SIP)",
    reference: "Reference",
    to: "To",
    intro: {
      convened: "You are convened to a meeting about a coordinated individual plan (SIP).",
      invited: "You are invited to a meeting about a coordinated individual plan (SIP).",
    },
    referenceNote: "Quote the reference when you reply. It stands in for the person's name and ID number.",
    purpose: "Purpose and why the meeting is needed",
    goal: "The person's long-term goal",
    questions: "Questions the meeting is to answer",
    contribution: "What we ask you to contribute",
    when: "Time and place",
    date: "Date",
    time: "Time",
    minutes: "minutes",
    localTime: "Swedish time",
    place: "Place",
    digital: "Online meeting",
    digitalNote:
      "Take part from somewhere undisturbed. We go through who is present when the meeting starts.",
    personTakesPart: "How the person takes part",
    duty: {
      convened:
        "You are convened. Your service is obliged to attend and to contribute to the plan " +
        "(Social Services Act (2025:400), formerly Chapter 2 Section 7 SoL (2001:453); " +
        "Health and Medical Services Act ch. 16 s. 4).",
      invited:
        "You are invited. Taking part is voluntary, but your contribution makes the plan better for the person.",
    },
    answerHeading: { convened: "Reply to this notice", invited: "Reply to this invitation" },
    answer: [
      "Reply whether or not you will attend.",
      "Say who will attend. They must have the mandate to make decisions for their service.",
      "If you cannot attend: send a substitute with the same mandate and say who.",
    ],
    forward:
      "If your unit has no ongoing contact with the person: forward this invitation to the right unit within " +
      "your organisation and tell the convener.",
    convener: "Convener",
    replyTo: (name: string) => `Reply to ${name}, who sent this invitation.`,
    replyToSender: "Reply to the person who sent this invitation.",
    answerLink: "Reply online (answer link, valid as long as this invitation):",
  },
} as const;

const section = (title: string, body: string): string => `${title}\n${"-".repeat(title.length)}\n${body}`;

/**
 * Names, organisations and one-line fields stay on their line: a CR/LF (or any other line break or
 * control character) typed into a name must not start a line of its own that reads like part of
 * the letter ("Referens: …", "Svara till …"). Free-text sections keep their line breaks, as LF,
 * and are indented (`typed`): column 0 holds only the letter's own headings and labels, so a typed
 * line "Referens: SIP-FAKE" cannot pass for one. Bidi and zero-width characters go (sip/text.ts).
 */
const oneLine = (s: string): string =>
  visible(s)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
const multiLine = (s: string): string =>
  visible(s)
    .replace(/\r\n?|[\u2028\u2029\v\f]/g, "\n")
    .replace(/[^\P{Cc}\n\t]/gu, "")
    .trim();
const INDENT = "  ";
const typed = (s: string): string =>
  multiLine(s)
    .split("\n")
    .map((line) => (line ? INDENT + line : line))
    .join("\n");

/** The letter as plain text, for post or e-mail (SIP-RULES §5). */
export function invitationText(inv: PrintableInvitation, locale: PrintLocale = "sv"): string {
  const t = TEXT[locale];
  const { details, invitee } = inv;
  // One stored as convened before v3 who is no principal gets an invitation (workflow.ts).
  const kind = effectiveParticipation(invitee, inv.region);
  const { end } = meetingInterval(details);
  // The repository may not know the convener's name; the letter then points to the sender.
  const convener = oneLine(inv.convenerName);
  const addressee = oneLine(invitee.organisation ? `${invitee.name}, ${invitee.organisation}` : invitee.name);
  const place =
    details.place.kind === "in_person"
      ? `${t.place}: ${oneLine(details.place.text)}`
      : `${t.place}: ${t.digital}\n${oneLine(details.place.link)}\n${t.digitalNote}`;
  const answers = [...t.answer, ...(invitee.organisation ? [t.forward] : [])].map((a) => `- ${a}`);

  return [
    `${t.heading[kind]}\n${t.subtitle}`,
    `${t.reference}: ${oneLine(inv.caseCode)}\n${t.to}: ${addressee}`,
    `${t.intro[kind]}\n${t.referenceNote}`,
    section(t.purpose, typed(details.purpose)),
    section(t.goal, typed(details.longTermGoal)),
    section(t.questions, typed(details.questions)),
    section(t.contribution, typed(invitee.contribution)),
    section(
      t.when,
      [
        `${t.date}: ${longDate(details.date, locale)}`,
        `${t.time}: ${oneLine(details.time)}–${stockholmTime(end)} (${details.durationMinutes} ${t.minutes}, ${t.localTime})`,
        place,
      ].join("\n"),
    ),
    section(t.personTakesPart, typed(details.personTakesPart)),
    section(
      t.answerHeading[kind],
      [
        t.duty[kind],
        "",
        ...answers,
        ...(inv.answerUrl ? ["", t.answerLink, oneLine(inv.answerUrl)] : []),
      ].join("\n"),
    ),
    convener ? `${t.convener}: ${convener}\n${t.replyTo(convener)}` : t.replyToSender,
  ]
    .join("\n\n")
    .concat("\n");
}

// ics types omit `timestamp` (DTSTAMP) although it accepts it; without it the library reads Date.now().
type IcsEvent = EventAttributes & { timestamp: number };

/**
 * The meeting as an iCalendar file (RFC 5545), built by the `ics` library, times in UTC.
 * `stamp` is DTSTAMP, when the file is made: passed in so that this stays free of the clock.
 *
 * No ORGANIZER: the convener has no address here, and `ics` writes a name-only ORGANIZER without
 * its required value, which strict parsers (ical.js) reject. The name goes into DESCRIPTION, and
 * METHOD is dropped because iTIP's PUBLISH requires an ORGANIZER; a downloaded file needs no METHOD.
 * Typed text goes through multiLine/oneLine first: `ics` escapes LF and CRLF as `\n` (RFC 5545
 * 3.3.11) but writes a lone CR as it is, which a lenient reader takes for a new property line.
 */
export function invitationIcs(inv: PrintableInvitation, stamp: Date, locale: PrintLocale = "sv"): string {
  const t = TEXT[locale];
  const { details, invitee } = inv;
  const { start, end } = meetingInterval(details);
  const event: IcsEvent = {
    productId: "-//SIP-lotsen//Kallelse//SV",
    method: undefined, // drops the default METHOD:PUBLISH (see above)
    uid: `kallelse-${invitee.id}@sip-lotsen`,
    timestamp: stamp.getTime(),
    start: start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: end.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: `${locale === "sv" ? "SIP-möte" : "SIP meeting"} ${oneLine(inv.caseCode)}`,
    location: oneLine(details.place.kind === "in_person" ? details.place.text : details.place.link),
    description: [
      `${t.purpose}: ${multiLine(details.purpose)}`,
      `${t.questions}: ${multiLine(details.questions)}`,
      `${t.contribution}: ${multiLine(invitee.contribution)}`,
      ...(oneLine(inv.convenerName) ? [`${t.convener}: ${oneLine(inv.convenerName)}`] : []),
      `${t.reference}: ${oneLine(inv.caseCode)}`,
    ].join("\n\n"),
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw new Error(`ics: ${error?.message ?? "no output"}`);
  return value;
}
