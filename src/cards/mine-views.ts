import type { CloseReason } from "../cases/model.js";
import type { Locale } from "../sip/index.js";
import { longDate } from "../sip/dates.js";
import { fill } from "../sip/text.js";
import { renderCard, STRINGS, type Card } from "./render.js";

/*
 * What the "Mina SIP" card shows. The types live with the card (the service in
 * src/services/mine.ts builds them), since cards import no service.
 */
export type MyRole = "convener" | "lead" | "participant";
/** Where the user's answer to a peer's invitation stands ("invited": not answered yet). */
export type PeerAnswer = "invited" | "accepted" | "declined" | "substituted" | "forwarded";
export type MyStatus =
  | { kind: "open" }
  | { kind: "plan" }
  | { kind: "closed"; reason: CloseReason }
  // A peer's case: this instance knows only the user's answer, not the case's own status.
  | { kind: "peer"; answer: PeerAnswer };
export type NextDate = { kind: "meeting" | "followUp"; date: string };
/** What waits for the user in a case; an empty list means nothing does. */
export type Waiting =
  | { kind: "checkConsent" }
  | { kind: "sendKallelse" }
  | { kind: "answer" }
  | { kind: "unanswered"; count: number }
  | { kind: "recordPlan" }
  | { kind: "followUp" }
  // A peer's invitation whose answer never reached the convener's instance.
  | { kind: "tellConvener" };

export interface MyCase {
  code: string;
  roles: MyRole[];
  status: MyStatus;
  next?: NextDate;
  waiting: Waiting[];
  /**
   * A case held by a federation peer that invited the user: its name in the peers file here,
   * absent when it is no longer there. Its code may equal a local case's: the name tells them apart.
   */
  peer?: { name?: string };
}

export interface MyPage {
  cases: MyCase[];
  /** The offset this page starts at. */
  offset: number;
  total: number;
  /** Where "Visa fler" continues; absent on the last page. */
  nextOffset?: number;
}

/** The user's cases, one block each; the empty state says how to start one. */
export function mineCard(locale: Locale, page: MyPage): Card {
  const t = STRINGS[locale].mine;
  const waitText = (w: Waiting) =>
    w.kind === "unanswered"
      ? w.count === 1
        ? t.waits.unansweredOne
        : fill(t.waits.unanswered, { count: w.count })
      : t.waits[w.kind];
  const statusText = (s: MyStatus) =>
    s.kind === "closed"
      ? fill(t.statuses.closed, { reason: t.reasons[s.reason] })
      : s.kind === "peer"
        ? t.peerStatuses[s.answer]
        : t.statuses[s.kind];
  const cases = page.cases.map((c) => ({
    heading: [c.code, c.peer && (c.peer.name ?? t.unknownPeer), c.roles.map((r) => t.roles[r]).join(", ")]
      .filter(Boolean)
      .join(" · "),
    status: statusText(c.status),
    next: c.next ? fill(t.nextKinds[c.next.kind], { date: longDate(c.next.date, locale) }) : t.nextKinds.none,
    waiting: c.waiting.length ? c.waiting.map(waitText).join(" · ") : t.waits.none,
    // Something to do is what the user looks for: it stands out.
    waitingColor: c.waiting.length ? "Attention" : "Default",
  }));
  return renderCard("mine", locale, {
    cases,
    empty: cases.length === 0,
    range: fill(t.range, { from: page.offset + 1, to: page.offset + cases.length, total: page.total }),
    hasMore: page.nextOffset !== undefined,
    nextOffset: page.nextOffset ?? 0,
    notFirst: page.offset > 0,
  });
}
