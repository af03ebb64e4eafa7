import { describe, expect, it } from "vitest";
import { emptyErr } from "../../src/bot/kallelse-form.js";
import type { Invitee, KallelseDetails } from "../../src/cases/model.js";
import type { Plan } from "../../src/cases/plan.js";
import {
  invitationCard,
  kallelseFormCard,
  notDigitalCard,
  trackingCard,
  type KallelseRow,
} from "../../src/cards/case-views.js";
import { flagContactCard, flagStatusCard } from "../../src/cards/flag-views.js";
import { mineCard } from "../../src/cards/mine-views.js";
import {
  deviationDraft,
  handoverCard,
  leadAssignedCard,
  planCard,
  reminderCard,
  reminderUnreachableCard,
} from "../../src/cards/plan-views.js";
import { recordAnswerCard } from "../../src/cards/record-answer-views.js";
import type { Card } from "../../src/cards/render.js";
import { escapeMarkdown } from "../../src/cards/shown.js";
import { links, renderedHtml, shownText } from "./markdown.js";

/** Link syntax, an autolink, bare addresses, emphasis, code, a mention, block markers, bidi and zero-width. */
const hostile = (field: string) =>
  `${field} [Logga in](https://evil.example/login) <https://evil.example/a> https://evil.example/b ` +
  "www.evil.example *fet* _kursiv_ `kod` <at>Chef</at>\n# Rubrik\n- punkt\n1. ett\n> citat " +
  "\u202Egnp.exe\u202C\u200Bnoll\u2066x\u2069";
/** What a reader sees of it: every character typed, no address that a client links. */
const shown = (field: string) =>
  `${field} [Logga in](https:⁄⁄evil.example/login) <https:⁄⁄evil.example/a> https:⁄⁄evil.example/b ` +
  "www․evil.example *fet* _kursiv_ `kod` <at>Chef</at> # Rubrik - punkt 1. ett > citat gnp.exenollx";
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;

const details = (f = (name: string) => name): KallelseDetails => ({
  purpose: f("Syfte"),
  longTermGoal: f("Mål"),
  questions: f("Frågor"),
  date: "2026-12-10",
  time: "14:00",
  durationMinutes: 60,
  place: { kind: "in_person", text: f("Plats") },
  personTakesPart: f("Deltar"),
});
const invitee = (over: Partial<Invitee & { nextName: string }> = {}): Invitee => ({
  id: "6f1c1f5e-8a9b-4c2d-9e0f-1a2b3c4d5e6f",
  kallelseId: "k",
  seq: 1,
  kind: "teams",
  userId: "29:a",
  name: "Anna BUP",
  orgType: "region",
  participation: "invited",
  contribution: "Bedömning",
  status: "invited",
  ...over,
});
const invitation = (inv: Invitee, d = details(), convenerName = "Karin") =>
  invitationCard("sv", { caseCode: "SIP-7F3K", convenerName, details: d, invitee: inv, region: "national" });
const tracking = (invitees: Invitee[], unreachable: string[] = []) =>
  trackingCard("sv", {
    kallelseId: "k",
    caseCode: "SIP-7F3K",
    convenerUserId: "29:k",
    details: details(),
    region: "national",
    invitees,
    links: [],
    unreachable,
  });
const plan = (f: (name: string) => string): Plan => ({
  caseId: "c",
  lead: { userId: "29:lead", tenantId: "t", name: f("Ledare") },
  leadOrg: "socialtjanst",
  meetingDate: "2026-12-01",
  followUpDate: "2027-02-15",
  interventions: [{ what: f("Insats"), principal: "region", start: "2026-12-05" }],
  recordedBy: "29:k",
  version: 1,
});
const assessment = { recommendation: "sip_indicated", codes: ["REQUESTED"], region: "national" as const };

/** Per field: the cards it enters, built from what a person (or a peer) typed. */
const FIELDS: [string, (f: (name: string) => string) => Card[]][] = [
  [
    "decline reason",
    (f) => [
      invitation(invitee({ status: "declined", declineReason: f("Orsak") })),
      tracking([invitee({ status: "declined", declineReason: f("Orsak") })]),
    ],
  ],
  ["substitute name", (f) => [invitation(invitee({ status: "substituted", nextName: f("Ersättare") }))]],
  ["forward name", (f) => [invitation(invitee({ status: "forwarded", nextName: f("Vidare") }))]],
  [
    "external name",
    (f) => [
      tracking([invitee({ kind: "external", name: f("Extern"), status: "printable" })], [f("Extern")]),
      recordAnswerCard("sv", { kallelseId: "k", inviteeId: "i", name: f("Extern") }),
      reminderCard("sv", {
        ...{ reminderId: "r", code: "SIP-7F3K", kind: "convener_unanswered", aboutDate: "2026-12-01" },
        ...{ name: f("Extern"), actionable: true, open: true },
      }),
      reminderUnreachableCard("sv", { code: "SIP-7F3K", name: f("Extern") }),
    ],
  ],
  ["organisation", (f) => [tracking([invitee({ kind: "external", organisation: f("Organisation") })])]],
  ["contribution", (f) => [invitation(invitee({ contribution: f("Bidrag") }))]],
  ["purpose", (f) => [invitation(invitee(), { ...details(), purpose: f("Syfte") })]],
  ["long-term goal", (f) => [invitation(invitee(), { ...details(), longTermGoal: f("Mål") })]],
  ["questions", (f) => [invitation(invitee(), { ...details(), questions: f("Frågor") })]],
  [
    "place text",
    (f) => [invitation(invitee(), { ...details(), place: { kind: "in_person", text: f("Plats") } })],
  ],
  ["personTakesPart", (f) => [invitation(invitee(), { ...details(), personTakesPart: f("Deltar") })]],
  [
    "plan intervention text",
    (f) => {
      const deviation = deviationDraft("sv", {
        ...{ code: "SIP-7F3K", kind: "follow_up_due", interventions: plan(f).interventions },
        today: "2027-02-15",
      });
      return [
        planCard("sv", { kallelseId: "k", code: "SIP-7F3K", plan: plan(f), absent: [] }),
        leadAssignedCard("sv", { code: "SIP-7F3K", plan: plan(f) }),
        reminderCard("sv", {
          ...{ reminderId: "r", code: "SIP-7F3K", kind: "follow_up_due", aboutDate: "2027-02-15" },
          ...{ actionable: true, open: true, ...(deviation ? { deviation } : {}) },
        }),
      ];
    },
  ],
  [
    "lead name",
    (f) => [
      planCard("sv", { kallelseId: "k", code: "SIP-7F3K", plan: plan(f), absent: [] }),
      handoverCard("sv", { code: "SIP-7F3K", name: f("Ledare") }),
    ],
  ],
  [
    "flag names",
    (f) => [
      flagContactCard("sv", {
        flagId: "f",
        reporterName: f("Anmälare"),
        assessment,
        state: { kind: "open" },
      }),
      flagContactCard("sv", {
        ...{ flagId: "f", reporterName: "Sara", assessment },
        state: { kind: "passed", name: f("Kollega") },
      }),
      flagStatusCard("sv", {
        ...{ flagId: "f", reporterUserId: "u", assessment },
        state: { kind: "waiting", name: f("Mottagare"), passedOn: true },
      }),
    ],
  ],
  [
    // services/federated.ts: the peer's convener, named with the peer; every text is the peer's.
    "a peer's convener name and texts (federated invitation)",
    (f) => [
      invitationCard("sv", {
        caseCode: "SIP-7F3K",
        convenerName: `${f("Sammankallande")} (${f("Peer")})`,
        details: details(f),
        invitee: invitee({ kind: "peer", contribution: f("Bidrag") }),
        region: "any",
      }),
    ],
  ],
  [
    "the peer name",
    (f) => [
      tracking([
        invitee({ kind: "peer", organisation: f("Peer"), status: "pending" }),
        invitee({ kind: "peer", organisation: f("Peer"), status: "printable" }),
      ]),
      mineCard("sv", {
        cases: [
          ...[{ code: "SIP-EF67", roles: ["participant"] as const, waiting: [] }].map((c) => ({
            ...c,
            roles: [...c.roles],
            status: { kind: "peer" as const, answer: "invited" as const },
            peer: { name: f("Peer") },
          })),
        ],
        offset: 0,
        total: 1,
      }),
    ],
  ],
];

describe("typed text on cards is shown as text (src/cards/shown.ts)", () => {
  it.each(FIELDS)("%s: no live link, no formatting, no bidi or zero-width character", (_field, cards) => {
    const typed: string[] = [];
    for (const card of cards((label) => (typed.push(label), hostile(label)))) {
      expect(links(card)).toEqual([]);
      expect(renderedHtml(card)).not.toMatch(/<(em|strong|code|h\d|blockquote|at)\b/);
      expect(JSON.stringify(card)).not.toMatch(INVISIBLE);
      // The field reaches the card whole, as typed: list, heading and quote markers stay visible.
      const text = shownText(card);
      expect(typed.filter((label) => text.includes(shown(label)))).not.toEqual([]);
    }
  });

  it("escapes exactly what Teams would format, and the backslash itself", () => {
    expect(escapeMarkdown("[a](https://e) <x> *b* _c_ `d` \\")).toBe(
      "\\[a\\](https:⁄⁄e) \\<x> \\*b\\* \\_c\\_ \\`d\\` \\\\",
    );
    expect(escapeMarkdown("# h\n- l\n  + m\n12. n\n3) o\n> q\n===")).toBe(
      "\\# h\n\\- l\n  \\+ m\n12\\. n\n3\\) o\n\\> q\n\\===",
    );
    expect(escapeMarkdown("www.x.se &#91; Barn & unga (BUP), 3. plats - ok")).toBe(
      "www․x.se \\&#91; Barn & unga (BUP), 3. plats - ok",
    );
  });
});

describe("what is not Markdown stays as typed", () => {
  it("a refused answer's typed reason and substitute come back verbatim in their inputs, invisibles gone", () => {
    const card = invitationCard(
      "sv",
      {
        caseCode: "SIP-7F3K",
        convenerName: "Karin",
        details: details(),
        invitee: invitee(),
        region: "national",
      },
      "fel",
      { reason: "*Sjuk* [x](https://e)\u202E", substituteName: "Anna_Berg\u200B" },
    );
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify("*Sjuk* [x](https://e)"));
    expect(json).toContain(JSON.stringify("Anna_Berg"));
    expect(json).not.toMatch(INVISIBLE);
  });

  it("the kallelse form keeps a row's name, organisation, e-mail and contribution for sending again", () => {
    const typed = {
      name: "Eva_Ek",
      organisation: "[FK](https://e)",
      email: "_eva_@fk.se",
      contribution: "*x*",
    };
    const row: KallelseRow = {
      ...{ n: 1, who: "external", orgType: "forsakringskassan", role: "invited", entra: "" },
      ...typed,
      err: emptyErr(),
    };
    const card = kallelseFormCard("sv", {
      ...{ caseId: "c", code: "SIP-7F3K", values: {}, errors: {}, rows: [row] },
      ...{ users: [], selfId: "29:k" },
    });
    const json = JSON.stringify(card);
    for (const v of Object.values(typed)) expect(json).toContain(`"value":${JSON.stringify(v)}`);
    expect(links(card)).toEqual([]);
  });

  it("our own checklist keeps its Markdown list", () => {
    expect(renderedHtml(notDigitalCard("sv", "manual_only"))).toContain("<li>");
  });
});

describe("the meeting link", () => {
  const digital = (link: string) => invitation(invitee(), { ...details(), place: { kind: "digital", link } });
  const openUrls = (card: Card) =>
    [...JSON.stringify(card).matchAll(/"type":"Action\.OpenUrl"[^}]*"url":"([^"]*)"/g)].map((m) => m[1]);

  it("is a button to the validated https link, never Markdown text", () => {
    const link = "https://teams.microsoft.com/l/meetup-join/x_y";
    const card = digital(link);
    expect(openUrls(card)).toEqual([link]);
    expect(links(card)).toEqual([]);
    expect(shownText(card)).not.toContain("teams.microsoft.com");
  });

  it.each(["javascript:alert(1)", "http://evil.example", "[x](https://evil.example)"])(
    "is no button when it fails the check (%s): a peer or an old row could hold anything",
    (link) => {
      const card = digital(link);
      expect(openUrls(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain("evil.example");
    },
  );
});
