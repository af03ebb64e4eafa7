import { describe, expect, it, vi } from "vitest";
import { assessValues, consentValues } from "../../src/bot/forms.js";
import { VERBS } from "../../src/cards/verbs.js";
import type { Card } from "../../src/cards/render.js";
import {
  assessFormCard,
  assessResultCard,
  consentFormCard,
  consentResultCard,
  noticeCard,
  welcomeCard,
  type NoticeKind,
} from "../../src/cards/assess-consent-views.js";
import { assess, checkConsent, LOCALES, ORG_TYPES, type Locale } from "../../src/sip/index.js";
import { blankErrors, readKallelseForm } from "../../src/bot/kallelse-form.js";
import {
  invitationCard,
  kallelseFormCard,
  notDigitalCard,
  trackingCard,
} from "../../src/cards/case-views.js";
import type { Invitee, KallelseDetails } from "../../src/cases/model.js";
import { flagContactCard, flagFormCard, flagStatusCard } from "../../src/cards/flag-views.js";
import { answerCards } from "./answer-cases.js";
import { kallelseCards } from "./kallelse-cases.js";
import { statsCards } from "./stats-cases.js";
import { mineCards } from "./mine-cases.js";
import { planCards } from "./plan-cases.js";
import { recordAnswerCards } from "./record-answer-cases.js";
import { parserComplaints } from "./parser.js";
import { rendered, TEMPLATES, unlike } from "./template-coverage.js";

// Notes which templates the cases render, so a template no case shows fails the test below them.
vi.mock(import("../../src/cards/render.js"), async (importOriginal) =>
  (await import("./template-coverage.js")).recording(await importOriginal()),
);

const details: KallelseDetails = {
  purpose: "Samordna stödet",
  longTermGoal: "Gå i skolan",
  questions: "Vem gör vad?",
  date: "2026-12-10",
  time: "14:00",
  durationMinutes: 60,
  place: { kind: "digital", link: "https://teams.microsoft.com/l/meetup-join/x" },
  personTakesPart: "Digitalt med tolk",
};
const invitee = (status: Invitee["status"]): Invitee => ({
  id: "6f1c1f5e-8a9b-4c2d-9e0f-1a2b3c4d5e6f",
  kallelseId: "k",
  seq: 1,
  kind: "teams",
  userId: "29:a",
  name: "Anna BUP",
  orgType: "region",
  participation: "convened",
  contribution: "Bedömning",
  status,
  ...(status === "declined" ? { declineReason: "Sjuk" } : {}),
});
const users = [{ title: "Anna BUP", value: "29:a" }];
/** Colleagues in the tenant: a caller might know them all, a card may name none but the allowed. */
const DIRECTORY = [
  { title: "Karin Kurator", value: "29:k" },
  { title: "Anna BUP", value: "29:a" },
  { title: "Bengt Socialsekreterare", value: "29:b" },
  { title: "Cecilia Vårdcentral", value: "29:c" },
];

function caseCards(locale: Locale): [string, Card][] {
  const form = readKallelseForm({}) ?? { values: {} as never, rows: [] };
  const blank = blankErrors();
  return [
    [
      "kallelse form",
      kallelseFormCard(locale, {
        caseId: "c",
        code: "SIP-7F3K",
        ...form,
        errors: blank,
        users,
        selfId: "29:a",
        balanceWarning: "4 mot 1",
      }),
    ],
    [
      "invitation, open",
      invitationCard(locale, {
        caseCode: "SIP-7F3K",
        convenerName: "Karin",
        details,
        invitee: invitee("invited"),
        region: "national",
      }),
    ],
    [
      "invitation, declined",
      invitationCard(locale, {
        caseCode: "SIP-7F3K",
        convenerName: "Karin",
        details,
        invitee: invitee("declined"),
        region: "national",
      }),
    ],
    [
      "tracking",
      trackingCard(locale, {
        kallelseId: "k",
        caseCode: "SIP-7F3K",
        convenerUserId: "29:k",
        details,
        region: "national",
        invitees: [
          invitee("accepted"),
          { ...invitee("printable"), kind: "external", organisation: "Försäkringskassan" },
        ],
        links: [
          {
            name: "Eva",
            inviteeId: "i-1",
            live: 2,
            minted: {
              printUrl: "https://example.org/kallelse/t",
              icsUrl: "https://example.org/kallelse/t.ics",
              answerUrl: "https://example.org/svar/t",
            },
          },
          { name: "Erik", inviteeId: "i-2", live: 0 },
        ],
        unreachable: ["Bengt"],
        excluded: ["region", "skola"], // the printable region invitee is out of the narrowed scope
        scopeError: "x",
      }),
    ],
    ["not digital, manual", notDigitalCard(locale, "manual_only")],
    ...flagCards(locale),
  ];
}

function flagCards(locale: Locale): [string, Card][] {
  const a = {
    recommendation: "sip_indicated",
    codes: ["REQUESTED", "FIRST_CONTACT_DEADLINE"],
    region: "uppsala" as const,
  };
  const base = { flagId: "f", reporterName: "Sara", reporterUserId: "u", assessment: a };
  const prefill = { needsSocialServices: "yes", needsHealthCare: "yes", reporterRole: "school" };
  return [
    ["flag form", flagFormCard(locale, { prefill, assessment: a, users, contactId: "29:a", error: "x" })],
    ["flag holder, open", flagContactCard(locale, { ...base, state: { kind: "open" }, error: "x" })],
    [
      "flag holder, taken",
      flagContactCard(locale, {
        ...base,
        state: { kind: "taken", caseId: "c", code: "SIP-AB23", region: "vgr" },
      }),
    ],
    ["flag holder, passed", flagContactCard(locale, { ...base, state: { kind: "passed", name: "Kim" } })],
    [
      "flag status, waiting",
      flagStatusCard(locale, { ...base, state: { kind: "waiting", name: "K", passedOn: true } }),
    ],
    [
      "flag status, taken",
      flagStatusCard(locale, { ...base, state: { kind: "taken", name: "K", code: "C" } }),
    ],
  ];
}

/** Every card the bot can send, in a representative state, per locale. */
function allCards(locale: Locale): [string, Card][] {
  const av = assessValues(
    { needsSocialServices: "yes", needsHealthCare: "yes", reporterRole: "health_care" },
    "national",
  );
  const cv = consentValues({ age: "16" }, "national");
  const kinds: NoticeKind[] = ["unknownAction", "badPayload", "failed", "soon", "pnr"];
  return [
    ["welcome", welcomeCard(locale)],
    ...kinds.map((k): [string, Card] => [`notice ${k}`, noticeCard(locale, k)]),
    ["assess form", assessFormCard(locale, av)],
    ["assess form with errors", assessFormCard(locale, av, { needsHealthCare: true, identifiedOn: true })],
    [
      "assess result, discharge",
      assessResultCard(
        locale,
        assess(
          {
            ...{ needsSocialServices: "yes", needsHealthCare: "yes" },
            reporterRole: "health_care",
            dischargeNoticeOn: "2026-11-26",
            identifiedOn: "2026-11-25",
          },
          locale,
        ),
        av,
      ),
    ],
    [
      "assess result, school",
      assessResultCard(
        locale,
        assess(
          {
            needsSocialServices: "yes",
            needsHealthCare: "yes",
            reporterRole: "school",
            requestedBy: "person",
          },
          locale,
        ),
        av,
      ),
    ],
    ["consent form", consentFormCard(locale, cv)],
    [
      "consent form with errors",
      consentFormCard(locale, cv, { age: true, guardians: true, repKind: true, expiresOn: true }),
    ],
    [
      "consent verdict, manual",
      consentResultCard(
        locale,
        checkConsent({ age: 30, personConsent: "given", violence: true }, locale),
        cv,
      ),
    ],
    [
      "consent verdict, blocked",
      consentResultCard(locale, checkConsent({ age: 8, guardians: [{ consent: "refused" }] }, locale), cv),
    ],
    [
      "consent verdict, scope limited, journal note",
      consentResultCard(locale, checkConsent({ age: 30, excludedServices: [...ORG_TYPES] }, locale), cv),
    ],
    [
      "consent verdict, v3: compulsory care, new consent at 18",
      consentResultCard(
        locale,
        checkConsent(
          { age: 17, guardians: [{ consent: "given" }], compulsoryCare: "LPT", turns18On: "2027-04-01" },
          locale,
        ),
        consentValues({ age: "17", compulsoryCare: "LPT", turns18On: "2027-04-01" }, "national"),
      ),
    ],
    [
      "assess result, v3: existing SIP at discharge to ÖPT",
      assessResultCard(
        locale,
        assess(
          {
            ...{ needsSocialServices: "yes", needsHealthCare: "yes" },
            reporterRole: "health_care",
            dischargeNoticeOn: "2026-11-26",
            existingSip: true,
            dischargeTo: "opt",
          },
          locale,
        ),
        av,
      ),
    ],
  ];
}

const verbs = new Set<string>(Object.values(VERBS));

describe.each(LOCALES)("cards in %s", (locale) => {
  it.each([
    ...allCards(locale),
    ...caseCards(locale),
    ...kallelseCards(locale),
    ...answerCards(locale),
    ...mineCards(locale),
    ...statsCards(locale),
    ...planCards(locale),
    ...recordAnswerCards(locale),
  ])("%s: expands fully, parses cleanly, stays small", (_name, card) => {
    const json = JSON.stringify(card);
    expect(json).not.toContain("${");
    expect(card.version).toBe("1.5");
    expect(parserComplaints(card)).toEqual([]);
    expect(Buffer.byteLength(json)).toBeLessThan(28_000);
    for (const verb of json.matchAll(/"verb":"([^"]+)"/g)) expect(verbs).toContain(verb[1]);
    const inputs = json.match(/"type":"Input\.(Text|Number|Date|ChoiceSet)"[^}]*/g) ?? [];
    for (const input of inputs) expect(input).toContain('"label"');
  });
});

// The cases above were built (and their templates rendered) while the tests were collected.
it("renders every template in cards/ in at least one case", () => {
  expect(TEMPLATES.filter((t) => !rendered.has(t))).toEqual([]);
});

/** Every user id and name in a card (choices, refresh.userIds, text), for the directory test. */
const named = (card: Card, people: { title: string; value: string }[]) => {
  const json = JSON.stringify(card);
  return people.filter((p) => json.includes(p.value) || json.includes(p.title)).map((p) => p.value);
};

describe("cards carry no directory (case-views.ts decision)", () => {
  const a = { recommendation: "sip_indicated", codes: ["REQUESTED"], region: "national" as const };
  const prefill = { needsSocialServices: "yes", needsHealthCare: "yes", reporterRole: "school" };
  const form = readKallelseForm({ rows: "3", p1Who: "29:a", p2Who: "external" });

  it("the kallelse form names only the convener and who this form already picked", () => {
    const card = kallelseFormCard("sv", {
      caseId: "c",
      code: "SIP-7F3K",
      values: form?.values ?? {},
      rows: form?.rows ?? [],
      errors: blankErrors(),
      users: DIRECTORY,
      selfId: "29:k",
    });
    expect(named(card, DIRECTORY)).toEqual(["29:k", "29:a"]);
  });

  it("the flag form names only the contact already picked, and no one before that", () => {
    const card = (contactId?: string) =>
      flagFormCard("sv", { prefill, assessment: a, users: DIRECTORY, ...(contactId ? { contactId } : {}) });
    expect(named(card("29:b"), DIRECTORY)).toEqual(["29:b"]);
    expect(named(card(), DIRECTORY)).toEqual([]);
  });

  it("the invitation and the holder's flag card name no colleague, even if a caller hands a list in", () => {
    // Not a fresh literal: a caller that still passes its directory along must not get it onto the card.
    const inv = {
      caseCode: "SIP-7F3K",
      convenerName: "Karin Kurator",
      details,
      invitee: invitee("invited"),
      region: "national" as const,
    };
    const withList = { ...inv, users: DIRECTORY };
    const others = DIRECTORY.filter((p) => !["29:k", "29:a"].includes(p.value)); // convener, invitee
    expect(named(invitationCard("sv", withList), others)).toEqual([]);
    const holder = { flagId: "f", reporterName: "Sara", assessment: a, state: { kind: "open" as const } };
    expect(named(flagContactCard("sv", { ...holder, users: DIRECTORY } as typeof holder), DIRECTORY)).toEqual(
      [],
    );
  });
});

// Last in the file, so every card above has been compared (render.ts writes fixed texts in early).
it("renders every card exactly as expanding its template file as it is would", () => {
  expect(rendered.size).toBeGreaterThan(10);
  expect(unlike).toEqual([]);
});
