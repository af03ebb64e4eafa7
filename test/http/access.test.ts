import { beforeAll, describe, expect, it } from "vitest";
import { VERBS, type Verb } from "../../src/cards/verbs.js";
import { cardOf, cardText } from "../helpers/activities.js";
import { chatOf, dataOf as findData, multiUser, type Person } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT, MEETING_FIELDS } from "../fixtures/kallelse.js";
import { SCHOOL_FLAG_ASSESSMENT } from "../fixtures/forms.js";

/**
 * Issue 8: one place decides who may see and act. Every card verb is pressed by a stranger (never
 * met the case), a colleague (a real user of the same case or flag, not this card's owner) and a
 * user of another tenant with the owner's very user id. Each is refused and nothing changes.
 */
const p = (id: string, name: string, tenantId?: string): Person => ({
  id,
  name,
  aadObjectId: `aad-${id}`,
  ...(tenantId ? { tenantId } : {}),
});
const people = {
  convener: p("29:convener", "Karin Kurator"),
  anna: p("29:bup", "Anna BUP"),
  bengt: p("29:soc", "Bengt Socialsekreterare"),
  reporter: p("29:school", "Sara Skola"),
  holder: p("29:holder", "Hanna Handläggare"),
  stranger: p("29:other", "Olle Obehörig"),
};
/** The same user ids in another organisation's tenant. */
const twins = {
  convener: p(people.convener.id, "Tvilling Kurator", "tenant-2"),
  anna: p(people.anna.id, "Tvilling BUP", "tenant-2"),
  reporter: p(people.reporter.id, "Tvilling Skola", "tenant-2"),
  holder: p(people.holder.id, "Tvilling Handläggare", "tenant-2"),
};

const h = multiUser({
  ...people,
  ...Object.fromEntries(Object.entries(twins).map(([k, v]) => [`${k}2`, v])),
});
const { invoke, cardsTo } = h;
const dataOf = (card: unknown, verb: string) => findData(card, verb) ?? {};

const kallelse = (caseId: string) => ({
  caseId,
  rows: "3",
  ...MEETING_FIELDS,
  p1Who: people.anna.id,
  p1OrgType: "region",
  p1Role: "convened",
  p1Contribution: "Bedömning från BUP",
  p2Who: people.bengt.id,
  p2OrgType: "socialtjanst",
  p2Role: "convened",
  p2Contribution: "Insatser enligt SoL",
  p3Who: "external",
  p3Name: "Eva Extern",
  p3Organisation: "Försäkringskassan",
  p3OrgType: "forsakringskassan",
  p3Role: "invited",
  p3Contribution: "Information om ersättning",
  balanceAck: "true",
});
const assessment = SCHOOL_FLAG_ASSESSMENT;

/** Every row that says what a case or flag is and who did what, for "nothing changed". */
async function snapshot(): Promise<string> {
  const tables = [
    "cases",
    "kallelser",
    "invitees",
    "print_links",
    "flags",
    "plans",
    "reminders",
    "audit_log",
  ];
  const rows = await Promise.all(tables.map((t) => h.server.db.query(`SELECT * FROM ${t} ORDER BY 1`)));
  return JSON.stringify(rows);
}

const s = {
  caseId: "",
  code: "",
  kallelseId: "",
  inviteeId: "",
  /** Eva, the external partner, who is on paper (a printable invitation). */
  printableId: "",
  flagId: "",
  /** A reminder of the plan the convener saved, with Bengt as the lead. */
  reminderId: "",
  flagForm: {} as Record<string, unknown>,
  openFlag: {} as Record<string, unknown>,
  cards: {} as Record<string, unknown>,
};

beforeAll(async () => {
  // A case and its kallelse to Anna and Bengt.
  h.connector.clear();
  await invoke(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
  const form = cardsTo(people.convener)[0];
  s.cards.kallelseForm = form;
  s.caseId = String(dataOf(form, VERBS.submitKallelse).caseId);
  s.code = cardText(form).match(/SIP-[A-Z0-9]{4}/)?.[0] ?? "";
  const tracking = await invoke(people.convener, VERBS.submitKallelse, kallelse(s.caseId), "form-1");
  s.kallelseId = String(dataOf(tracking, VERBS.refreshTracking).kallelseId);
  s.cards.invitation = cardsTo(people.anna)[0];
  s.inviteeId = String(dataOf(s.cards.invitation, VERBS.acceptInvite).inviteeId);
  const [eva] = await h.server.db.query<{ id: string }>("SELECT id FROM invitees WHERE kind = 'external'");
  s.printableId = String(eva?.id);
  // The meeting recorded: Bengt leads, so the follow-up reminders are his and the convener's.
  await invoke(people.convener, VERBS.savePlan, {
    kallelseId: s.kallelseId,
    lead: people.bengt.id,
    leadOrg: "socialtjanst",
    followUp: "2027-01-20",
  });
  const [due] = await h.server.db.query<{ id: string }>(
    "SELECT id FROM reminders WHERE kind = 'follow_up_due'",
  );
  s.reminderId = String(due?.id);
  // A flag from the school to Hanna.
  const result = await invoke(people.reporter, VERBS.submitAssess, assessment);
  s.openFlag = dataOf(result, VERBS.openFlag);
  h.connector.clear();
  await invoke(people.reporter, VERBS.openFlag, s.openFlag);
  s.cards.flagForm = cardsTo(people.reporter)[0];
  s.flagForm = dataOf(s.cards.flagForm, VERBS.sendFlag);
  await invoke(
    people.reporter,
    VERBS.sendFlag,
    { ...s.flagForm, contactId: people.holder.id },
    "flag-form-1",
  );
  s.cards.holder = cardsTo(people.holder)[0];
  s.flagId = String(dataOf(s.cards.holder, VERBS.takeFlag).flagId);
  for (const id of [s.caseId, s.kallelseId, s.inviteeId, s.printableId, s.flagId, s.reminderId])
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
});

/** What a refusal must never carry: the kallelse, the assessment, the case code. */
const CONTENT = [
  "Eva Extern",
  "Samordna stödet kring skolgången",
  "Klara gymnasiet",
  "Vem ringer skolan?",
  "Familjecentralen",
  "hänvisas runt",
];
const REFUSED = /hör inte till dig|gäller någon annan|känns inte igen|ligger inte hos dig/;

/** The press of one verb on a card that is not the presser's: refused, nothing changes, nobody hears. */
async function pressRefused(who: Person, verb: Verb, data: () => Record<string, unknown>) {
  const before = await snapshot();
  h.connector.clear();
  const answer = await invoke(who, verb, data());
  expect(cardText(answer)).toMatch(REFUSED);
  // teams-ai may put the answer in place of the pressed card (once a verb has answered with a
  // refreshing card it does so for that verb from then on): only ever into the presser's own chat.
  expect(h.connector.calls.every((c) => c.path.startsWith(`/v3/conversations/${chatOf(who)}/`))).toBe(true);
  const json = JSON.stringify([answer, h.connector.calls.map((c) => cardOf(c.body))]);
  for (const text of [...CONTENT, s.code]) expect(json).not.toContain(text);
  expect(json).not.toMatch(/\/(kallelse|svar)\/[A-Za-z0-9_-]{43}/);
  for (const other of Object.values(people).filter((o) => o.id !== who.id)) {
    expect(json).not.toContain(other.id);
    expect(json).not.toContain(other.name);
  }
  expect(await snapshot()).toBe(before);
}

type Case = [string, Verb, () => Record<string, unknown>, Person[]];
const onCase = [people.stranger, people.anna, twins.convener];
const onInvite = [people.stranger, people.bengt, twins.anna];
const onFlag = [people.stranger, people.reporter, twins.holder];
const onStatus = [people.stranger, people.holder, twins.reporter];
/** A reminder is the lead's (Bengt) and the convener's: Anna takes part in the case, nothing more. */
const onReminder = [people.stranger, people.anna, twins.convener];
const reminder =
  (extra: Record<string, string> = {}) =>
  () => ({ reminderId: s.reminderId, ...extra });
const cases: Case[] = [
  [
    "the case's verdict",
    VERBS.createCase,
    () => ({ prefill: MAY_PROCEED_CONSENT, caseId: s.caseId }),
    onCase,
  ],
  ["more rows on the kallelse form", VERBS.kallelseRows, () => kallelse(s.caseId), onCase],
  ["sending the kallelse", VERBS.submitKallelse, () => kallelse(s.caseId), onCase],
  ["the tracking card", VERBS.refreshTracking, () => ({ kallelseId: s.kallelseId }), onCase],
  [
    "withdrawing consent for a service",
    VERBS.narrowScope,
    () => ({ kallelseId: s.kallelseId, withdrawnServices: "region" }),
    onCase,
  ],
  [
    // Leaves no social-services side: from the convener this ends the SIP (CONTRACT v3).
    "withdrawing consent for a whole side",
    VERBS.narrowScope,
    () => ({ kallelseId: s.kallelseId, withdrawnServices: "socialtjanst" }),
    onCase,
  ],
  ["withdrawing consent in full", VERBS.withdrawConsent, () => ({ kallelseId: s.kallelseId }), onCase],
  [
    "revoking Eva's printable link",
    VERBS.revokePrintLink,
    () => ({ kallelseId: s.kallelseId, inviteeId: s.printableId }),
    onCase,
  ],
  [
    // "Hämta utskrift": a link is shown only on the press that made it, so a refused press shows none.
    "fetching a printable link for Eva",
    VERBS.mintPrintLink,
    () => ({ kallelseId: s.kallelseId, inviteeId: s.printableId }),
    onCase,
  ],
  [
    "opening Registrera svar for Eva",
    VERBS.openRecordAnswer,
    () => ({ kallelseId: s.kallelseId, inviteeId: s.printableId }),
    onCase,
  ],
  [
    "recording Eva's answer",
    VERBS.recordAnswer,
    () => ({ kallelseId: s.kallelseId, inviteeId: s.printableId, answer: "decline", reason: "Sjuk" }),
    onCase,
  ],
  ["accepting Anna's invitation", VERBS.acceptInvite, () => ({ inviteeId: s.inviteeId }), onInvite],
  ["declining it", VERBS.declineInvite, () => ({ inviteeId: s.inviteeId, reason: "Inte jag" }), onInvite],
  [
    "sending a substitute",
    VERBS.substituteInvite,
    () => ({ inviteeId: s.inviteeId, substituteId: people.stranger.id }),
    onInvite,
  ],
  [
    "forwarding it",
    VERBS.forwardInvite,
    () => ({ inviteeId: s.inviteeId, colleagueId: people.stranger.id }),
    onInvite,
  ],
  ["Anna's invitation card", VERBS.refreshInvite, () => ({ inviteeId: s.inviteeId }), onInvite],
  ["taking over the flag", VERBS.takeFlag, () => ({ flagId: s.flagId }), onFlag],
  [
    "passing the flag on",
    VERBS.passFlag,
    () => ({ flagId: s.flagId, colleagueId: people.stranger.id }),
    onFlag,
  ],
  ["the reporter's status card", VERBS.refreshFlag, () => ({ flagId: s.flagId }), onStatus],
  ["recording the meeting", VERBS.openPlan, () => ({ kallelseId: s.kallelseId }), onCase],
  [
    "saving a plan",
    VERBS.savePlan,
    () => ({ kallelseId: s.kallelseId, lead: people.stranger.id, leadOrg: "region", followUp: "2027-02-01" }),
    onCase,
  ],
  ["marking a follow-up done", VERBS.reminderDone, reminder(), onReminder],
  ["postponing a reminder", VERBS.reminderPostpone, reminder({ newDate: "2027-03-01" }), onReminder],
  ["convening the follow-up", VERBS.reminderFollowUp, reminder(), onReminder],
  ["closing the SIP from a reminder", VERBS.reminderClose, reminder({ reason: "goals_met" }), onReminder],
];

describe("access: nobody but the card's own user sees or changes it", () => {
  it.each(cases.flatMap(([what, verb, data, who]) => who.map((w) => [what, verb, w.name, w, data] as const)))(
    "%s (%s) by %s: refused, nothing changes",
    async (_what, verb, _name, who, data) => {
      await pressRefused(who, verb, data);
    },
  );

  it.each([people.stranger, people.holder, twins.reporter])(
    "open and send by $name: only their own form, none of the reporter's flag and no directory",
    async (who) => {
      const before = await snapshot();
      for (const [verb, data] of [
        [VERBS.openFlag, s.openFlag],
        [VERBS.sendFlag, s.flagForm],
      ] as const) {
        h.connector.clear();
        const answer = await invoke(who, verb, data, "flag-form-1");
        expect(h.connector.calls.every((c) => c.path.startsWith(`/v3/conversations/${chatOf(who)}/`))).toBe(
          true,
        );
        const json = JSON.stringify([answer, h.connector.calls.map((c) => cardOf(c.body))]);
        expect(json).not.toContain("Skickat till"); // the reporter's status card
        for (const other of Object.values(people).filter((o) => o.id !== who.id)) {
          expect(json).not.toContain(other.id);
          expect(json).not.toContain(other.name);
        }
      }
      expect(await snapshot()).toBe(before);
    },
  );

  // "Visa fler" carries only an offset: whoever presses it sees their own list, never the case above.
  it.each([people.stranger, people.reporter, twins.convener, twins.anna])(
    "Mina SIP (Visa fler) pressed by $name: their own, empty list",
    async (who) => {
      const before = await snapshot();
      const answer = await invoke(who, VERBS.showMine, { offset: 20 });
      expect(cardText(answer)).toContain("Du har inga SIP:ar ännu");
      expect(JSON.stringify(answer)).not.toContain(s.code);
      expect(await snapshot()).toBe(before);
    },
  );

  it.each([
    ["sammankallande", people.convener],
    ["deltagare", people.anna],
  ] as const)("Mina SIP pressed by the case's %s: the case, in that role", async (role, who) => {
    const answer = await invoke(who, VERBS.showMine, { offset: 0 });
    expect(cardText(answer)).toContain(`${s.code} · ${role}`);
  });
});

describe("access: a card carries no directory of colleagues", () => {
  /** The people of tenant-1 a card names, by id or by name. */
  const named = (card: unknown) => {
    const json = JSON.stringify(card);
    return Object.values(people)
      .filter((o) => json.includes(o.id) || json.includes(o.name))
      .map((o) => o.name);
  };

  it("the kallelse form names only the convener, and then who the form picked", async () => {
    expect(named(s.cards.kallelseForm)).toEqual([people.convener.name]);
    const rows = await invoke(people.convener, VERBS.kallelseRows, { ...kallelse(s.caseId), p2Who: "" });
    expect(named(rows)).toEqual([people.convener.name, people.anna.name]);
  });

  it("the invitation names its invitee and convener, the flag cards only those of the flag", () => {
    expect(named(s.cards.invitation)).toEqual([people.convener.name, people.anna.name]);
    expect(named(s.cards.flagForm)).toEqual([]);
    expect(named(s.cards.holder)).toEqual([people.reporter.name]);
  });
});

describe("access: the same presses by the convener", () => {
  it("fetching Eva's printable link: the convener gets one that works (the refusals above are not vacuous)", async () => {
    const data = { kallelseId: s.kallelseId, inviteeId: s.printableId };
    const card = await invoke(people.convener, VERBS.mintPrintLink, data);
    const letter = JSON.stringify(card).match(/"url":"([^"]+\/kallelse\/[A-Za-z0-9_-]{43})"/)?.[1];
    expect(letter).toBeDefined();
    expect(await (await fetch(String(letter))).text()).toContain(s.code);
    await invoke(people.convener, VERBS.revokePrintLink, data);
    expect((await fetch(String(letter))).status).toBe(404);
  });
});
