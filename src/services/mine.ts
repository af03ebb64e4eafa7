import type { Actor } from "../cases/access.js";
import type { MyCase, MyPage, MyRole, NextDate, Waiting } from "../cards/mine-views.js";
import { stockholmToday } from "../clock.js";
import { plusDays } from "../sip/dates.js";
import { MyCases, type MyCaseRow } from "../store/my-cases.js";
import type { ServiceDeps } from "./deps.js";

/** Cases per card: enough to find one's current work, small enough for a Teams card. */
export const MINE_PAGE_SIZE = 20;
/** A lead is asked to convene the follow-up this many days before its date. */
const FOLLOW_UP_NOTICE_DAYS = 7;

/**
 * One case as the user sees it, pure: their roles, its status, the next date (the meeting while
 * it is ahead, else the plan's follow-up until done) and what waits for them in each role.
 */
export function summarise(row: MyCaseRow, today: string, peerName?: string): MyCase {
  if (row.peer) return summarisePeer(row, row.peer, today, peerName);
  const roles: MyRole[] = [];
  if (row.convener) roles.push("convener");
  if (row.lead) roles.push("lead");
  if (row.participant) roles.push("participant");
  if (row.closed)
    return { code: row.code, roles, status: { kind: "closed", reason: row.closed }, waiting: [] };

  const plan = row.plan;
  const meetingAhead = row.meetingDate !== undefined && row.meetingDate >= today;
  const next: NextDate | undefined = meetingAhead
    ? { kind: "meeting", date: row.meetingDate as string }
    : plan && !plan.followUpDone
      ? { kind: "followUp", date: plan.followUpDate }
      : undefined;

  const waiting: Waiting[] = [];
  if (row.participant && row.toAnswer) waiting.push({ kind: "answer" });
  if (row.convener) {
    if (!row.hasVerdict) waiting.push({ kind: "checkConsent" });
    else if (row.meetingDate === undefined) waiting.push({ kind: "sendKallelse" });
    if (row.unanswered > 0) waiting.push({ kind: "unanswered", count: row.unanswered });
    if (!plan && row.meetingDate !== undefined && row.meetingDate < today)
      waiting.push({ kind: "recordPlan" });
  }
  if (row.lead && plan && !plan.followUpDone && plan.followUpDate <= plusDays(today, FOLLOW_UP_NOTICE_DAYS))
    waiting.push({ kind: "followUp" });

  return {
    code: row.code,
    roles,
    status: plan ? { kind: "plan" } : { kind: "open" },
    ...(next ? { next } : {}),
    waiting,
  };
}

/**
 * A peer's invitation, pure: the user takes part in a case held at another organisation's
 * SIP-lotsen, which tells this instance nothing after the invitation (no plan, no closing). So the
 * meeting is the only date and the answer the only status. Once the meeting day has passed it
 * stays listed (as a local participant's case does) with nothing ahead and nothing waiting (an
 * answer is no use then) until retention erases it (eraseFederatedInvitations).
 */
function summarisePeer(
  row: MyCaseRow,
  peer: NonNullable<MyCaseRow["peer"]>,
  today: string,
  name: string | undefined,
): MyCase {
  const ahead = row.meetingDate !== undefined && row.meetingDate >= today;
  return {
    code: row.code,
    roles: ["participant"],
    status: { kind: "peer", answer: peer.answer },
    ...(ahead ? { next: { kind: "meeting" as const, date: row.meetingDate as string } } : {}),
    // An answer the convener's instance never took: the user is to tell the convener directly.
    waiting: peer.undelivered
      ? [{ kind: "tellConvener" }]
      : ahead && peer.answer === "invited"
        ? [{ kind: "answer" }]
        : [],
    peer: name ? { name } : {},
  };
}

/**
 * "Mina SIP": the cases the acting user has a role in, and federation peers' invitations to them,
 * newest first, a page at a time. Only their own: the query matches their user id within their
 * tenant, whatever card was pressed.
 */
export function mineService(deps: Pick<ServiceDeps, "db" | "clock" | "federation">) {
  const cases = new MyCases(deps.db);
  return {
    async page(actor: Actor, offset: number): Promise<MyPage> {
      const total = actor.userId === "" ? 0 : await cases.count(actor);
      // A card from before cases ended (or someone else's card) may point past the end: start over.
      const start = offset > 0 && offset < total ? offset : 0;
      const rows = total === 0 ? [] : await cases.page(actor, start, MINE_PAGE_SIZE);
      const today = stockholmToday(deps.clock);
      const end = start + rows.length;
      return {
        // The peer as this instance's admin named it; one no longer in the peers file has no name.
        cases: rows.map((r) => summarise(r, today, r.peer && deps.federation?.peerName(r.peer.keyId))),
        offset: start,
        total,
        ...(end < total ? { nextOffset: end } : {}),
      };
    },
  };
}
export type MineService = ReturnType<typeof mineService>;
