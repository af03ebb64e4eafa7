import { mineCard, type MyCase } from "../../src/cards/mine-views.js";
import type { Card } from "../../src/cards/render.js";
import type { Locale } from "../../src/sip/index.js";

const cases: MyCase[] = [
  {
    code: "SIP-7F3K",
    roles: ["convener", "lead"],
    status: { kind: "plan" },
    next: { kind: "followUp", date: "2026-12-17" },
    waiting: [{ kind: "unanswered", count: 2 }, { kind: "followUp" }],
  },
  {
    code: "SIP-AB23",
    roles: ["participant"],
    status: { kind: "open" },
    next: { kind: "meeting", date: "2026-12-10" },
    waiting: [{ kind: "answer" }],
  },
  { code: "SIP-CD45", roles: ["convener"], status: { kind: "closed", reason: "goals_met" }, waiting: [] },
  // A federation peer's invitations: named, and one whose peer has left the peers file.
  {
    code: "SIP-EF67",
    roles: ["participant"],
    status: { kind: "peer", answer: "invited" },
    next: { kind: "meeting", date: "2026-12-10" },
    waiting: [{ kind: "answer" }],
    peer: { name: "Karlstads kommun" },
  },
  {
    code: "SIP-GH89",
    roles: ["participant"],
    status: { kind: "peer", answer: "forwarded" },
    waiting: [{ kind: "tellConvener" }],
    peer: {},
  },
];

/** "Mina SIP": a first page with more, a full page of 20 (its size), a later page, the empty state. */
export function mineCards(locale: Locale): [string, Card][] {
  const twenty = Array.from({ length: 20 }, (_, i) => cases[i % cases.length] as MyCase);
  return [
    ["mine, first page", mineCard(locale, { cases, offset: 0, total: 25, nextOffset: 20 })],
    ["mine, twenty cases", mineCard(locale, { cases: twenty, offset: 20, total: 60, nextOffset: 40 })],
    ["mine, last page", mineCard(locale, { cases, offset: 20, total: 23 })],
    ["mine, empty", mineCard(locale, { cases: [], offset: 0, total: 0 })],
  ];
}
