import { describe, expect, it } from "vitest";
import { summarise } from "../../src/services/mine.js";
import type { MyCaseRow } from "../../src/store/my-cases.js";

const TODAY = "2026-11-26";
const row = (over: Partial<MyCaseRow>): MyCaseRow => ({
  code: "SIP-7F3K",
  createdAt: "2026-11-01T09:00:00.000Z",
  convener: false,
  lead: false,
  participant: false,
  hasVerdict: true,
  unanswered: 0,
  toAnswer: false,
  ...over,
});
const plan = (followUpDate: string, followUpDone = false) => ({ plan: { followUpDate, followUpDone } });
const peer = (answer: NonNullable<MyCaseRow["peer"]>["answer"], undelivered = false) => ({
  peer: { keyId: "key-a", answer, undelivered },
});

describe("Mina SIP: one case as the user sees it", () => {
  it.each<[string, Partial<MyCaseRow>, Partial<ReturnType<typeof summarise>>]>([
    [
      "participant asked to answer",
      { participant: true, toAnswer: true, meetingDate: "2026-12-10" },
      {
        roles: ["participant"],
        waiting: [{ kind: "answer" }],
        next: { kind: "meeting", date: "2026-12-10" },
      },
    ],
    [
      "participant who answered: nothing waits",
      { participant: true, meetingDate: "2026-12-10", unanswered: 3 },
      { waiting: [] },
    ],
    [
      "convener with unanswered invitees, meeting today",
      { convener: true, meetingDate: TODAY, unanswered: 2 },
      { waiting: [{ kind: "unanswered", count: 2 }], next: { kind: "meeting", date: TODAY } },
    ],
    [
      "convener after the meeting without a plan",
      { convener: true, meetingDate: "2026-11-25" },
      { waiting: [{ kind: "recordPlan" }], status: { kind: "open" }, next: undefined },
    ],
    [
      "convener after the meeting with a plan: the follow-up is next",
      { convener: true, meetingDate: "2026-11-20", ...plan("2027-02-01") },
      { waiting: [], status: { kind: "plan" }, next: { kind: "followUp", date: "2027-02-01" } },
    ],
    [
      "convener of a case awaiting consent",
      { convener: true, hasVerdict: false },
      { waiting: [{ kind: "checkConsent" }] },
    ],
    [
      "convener with no kallelse sent",
      { convener: true },
      { waiting: [{ kind: "sendKallelse" }], next: undefined },
    ],
    [
      "lead, follow-up in 7 days",
      { lead: true, meetingDate: "2026-11-01", ...plan("2026-12-03") },
      { roles: ["lead"], waiting: [{ kind: "followUp" }] },
    ],
    [
      "lead, follow-up in 8 days",
      { lead: true, meetingDate: "2026-11-01", ...plan("2026-12-04") },
      { waiting: [] },
    ],
    ["lead, follow-up passed", { lead: true, ...plan("2026-11-10") }, { waiting: [{ kind: "followUp" }] }],
    [
      "lead, follow-up done: no date, nothing waits",
      { lead: true, meetingDate: "2026-11-01", ...plan("2026-11-20", true) },
      { waiting: [], next: undefined },
    ],
    [
      "closed: its reason, no date, nothing waits",
      {
        convener: true,
        participant: true,
        toAnswer: true,
        meetingDate: "2026-12-10",
        closed: "consent_withdrawn",
      },
      {
        roles: ["convener", "participant"],
        status: { kind: "closed", reason: "consent_withdrawn" },
        next: undefined,
        waiting: [],
      },
    ],
    [
      "a peer's invitation, unanswered: its meeting, and the answer waits",
      { participant: true, toAnswer: true, meetingDate: "2026-12-10", ...peer("invited") },
      {
        roles: ["participant"],
        status: { kind: "peer", answer: "invited" },
        next: { kind: "meeting", date: "2026-12-10" },
        waiting: [{ kind: "answer" }],
      },
    ],
    [
      "a peer's invitation, declined: the answer is its status, nothing waits",
      { participant: true, meetingDate: TODAY, ...peer("declined") },
      { status: { kind: "peer", answer: "declined" }, next: { kind: "meeting", date: TODAY }, waiting: [] },
    ],
    [
      "a peer's invitation after its meeting day: no date, an answer no longer waits",
      { participant: true, toAnswer: true, meetingDate: "2026-11-25", ...peer("invited") },
      { status: { kind: "peer", answer: "invited" }, next: undefined, waiting: [] },
    ],
    [
      "a peer's invitation whose answer never reached the convener: tell them directly",
      { participant: true, meetingDate: "2026-12-10", ...peer("accepted", true) },
      { status: { kind: "peer", answer: "accepted" }, waiting: [{ kind: "tellConvener" }] },
    ],
  ])("%s", (_name, over, expected) => {
    const got = summarise(row(over), TODAY);
    const { next, ...rest } = expected;
    expect(got).toMatchObject(rest);
    // `next: undefined` in a row: the card must show no date at all.
    if ("next" in expected) expect(got.next).toEqual(next);
  });

  it("a peer's invitation carries the peer's name as this instance knows it, or none", () => {
    const r = row({ participant: true, ...peer("invited") });
    expect(summarise(r, TODAY, "Karlstads kommun").peer).toEqual({ name: "Karlstads kommun" });
    expect(summarise(r, TODAY).peer).toEqual({});
    expect(summarise(row({ participant: true }), TODAY, "ignored").peer).toBeUndefined();
  });
});
