import type { CloseReason, Invitee, KallelseDetails, OrgType } from "../cases/model.js";
import { ANSWERED, MeetingLinkSchema, ORG_TYPES } from "../cases/model.js";
import { effectiveParticipation, type RegionOrAny } from "../cases/workflow.js";
import { longDate, missingSides, type Locale } from "../sip/index.js";
import { fill } from "../sip/text.js";
import { printLinkRows, type PrintLink } from "./print-link-views.js";
import { renderCard, STRINGS, type Card } from "./render.js";
import { ours } from "./shown.js";

/** Case results → card data → card: the kallelse form, the invitee's card, the convener's tracking card. */

export interface UserChoice {
  title: string;
  value: string;
}

/**
 * Decision: a card carries no directory of colleagues. Cards are forwarded, cached by Teams and
 * replayed by anyone who can press them, so "who" is looked up by the typeahead (Data.Query on
 * `sip.users`, `sip.served` or `sip.partners`, answered for the presser's tenant: bot/app.ts). The
 * Agents Playground cannot run that query and its end-to-end test picks the convener themself
 * under "Vem", so a picker may carry at most
 * the acting user's own entry and the value(s) already chosen in that form (a re-rendered form
 * still shows the pick) — never other colleagues, whatever list the caller hands in.
 */
export function allowedChoices(users: readonly UserChoice[], selfId: string | undefined, picked: string[]) {
  return users.filter((u) => u.value === selfId || picked.includes(u.value));
}

export interface KallelseRow {
  n: number;
  who: string;
  name: string;
  organisation: string;
  email: string;
  orgType: string;
  role: string;
  contribution: string;
  /** Teams' people picker (an Entra object id): someone the bot has not met (bot/kallelse-form.ts). */
  entra: string;
  err: Record<
    "who" | "entra" | "name" | "organisation" | "email" | "orgType" | "role" | "contribution",
    string
  >;
}

export function kallelseFormCard(
  locale: Locale,
  form: {
    caseId: string;
    code: string;
    values: Record<string, string>;
    errors: Record<string, string>;
    rows: KallelseRow[];
    /** Names for the pickers; only the convener's own and the rows' picks reach the card. */
    users: UserChoice[];
    selfId: string;
    balanceWarning?: string;
    /** The form's key, sent back by "Skicka kallelse" so a second press sends nothing (kallelse-form.ts). */
    idempotencyKey?: string;
    /** The bot may install itself in the convener's tenant: each row offers Teams' people picker. */
    selfInstall?: boolean;
  },
): Card {
  const t = STRINGS[locale].cases;
  const { selfId, selfInstall = false, ...data } = form;
  const picked = form.rows.map((r) => r.who);
  return renderCard("kallelse-form", locale, {
    ...data,
    // A picked person is shown again by the id Teams sent and the name the convener wrote.
    rows: form.rows.map((r) => ({
      ...r,
      entraChoices: r.entra ? [{ title: r.name || r.entra, value: r.entra }] : [],
    })),
    selfInstall,
    nameLabel: selfInstall ? t.kallelse.nameOrNew : t.kallelse.name,
    users: allowedChoices(form.users, selfId, picked),
    idempotencyKey: form.idempotencyKey ?? "",
    caseLine: fill(t.kallelse.caseLine, { code: form.code }),
    hasErrors:
      Object.values(form.errors).some(Boolean) || form.rows.some((r) => Object.values(r.err).some(Boolean)),
    rowCount: String(form.rows.length),
    orgTypes: ORG_TYPES.map((value) => ({ value, title: t.orgTypes[value] })),
    balanceWarning: form.balanceWarning ?? "",
  });
}

const whenText = (d: KallelseDetails, locale: Locale) =>
  fill(STRINGS[locale].cases.tracking.when, { date: longDate(d.date, locale), time: d.time }) +
  ` (${d.durationMinutes} min)`;

export function invitationCard(
  locale: Locale,
  inv: {
    caseCode: string;
    convenerName: string;
    details: KallelseDetails;
    invitee: Invitee;
    /** The case's region ("any": a peer's invitation): whether the duty to attend is cited. */
    region: RegionOrAny;
  },
  errorText = "",
  /** The invitee's own text, shown again after a refused answer (never stored). */
  typed: { reason?: string; substituteName?: string } = {},
): Card {
  const t = STRINGS[locale].cases.invite;
  const { details: d, invitee } = inv;
  if (invitee.status === "withdrawn") return withdrawnInvitationCard(locale, inv.caseCode);
  const answered = ANSWERED.includes(invitee.status);
  const answerText = answered ? answerLine(locale, invitee) : "";
  // The SoL/HSL duty only for a principal: one stored as convened before v3 reads as invited.
  const convened = effectiveParticipation(invitee, inv.region) === "convened";
  return renderCard("invitation", locale, {
    inviteeId: invitee.id,
    userId: invitee.userId ?? "",
    title: convened ? t.convenedTitle : t.invitedTitle,
    fromLine: fill(t.from, { convener: inv.convenerName, code: inv.caseCode }),
    whenText: whenText(d, locale),
    whereText: d.place.kind === "in_person" ? d.place.text : t.digitalMeeting,
    // Never Markdown: a button, and only for a link that passes the form's own check (a peer's
    // invitation or an old row could hold anything); the text shows "Digitalt möte".
    link: d.place.kind === "digital" && MeetingLinkSchema.safeParse(d.place.link).success ? d.place.link : "",
    purpose: d.purpose,
    goal: d.longTermGoal,
    questions: d.questions,
    personTakesPart: d.personTakesPart,
    contribution: invitee.contribution,
    dutyText: convened ? t.convenedDuty : t.invitedDuty,
    answered,
    answerText,
    answerStyle: invitee.status === "accepted" ? "good" : "emphasis",
    errorText,
    reason: typed.reason ?? "",
    substituteName: typed.substituteName ?? "",
  });
}

/** An invitation the narrowed consent withdrew: nothing of the case but its code, and no buttons. */
export function withdrawnInvitationCard(locale: Locale, caseCode: string, sipEnded = false): Card {
  const t = STRINGS[locale].cases.invite;
  return renderCard("notice", locale, {
    title: t.withdrawnTitle,
    text: fill(sipEnded ? t.withdrawnClosed : t.withdrawn, { code: caseCode }),
    warning: true,
  });
}

function answerLine(locale: Locale, invitee: Invitee & { nextName?: string }): string {
  const t = STRINGS[locale].cases.invite;
  switch (invitee.status) {
    case "accepted":
      return t.accepted;
    case "declined":
      return fill(t.declined, { reason: invitee.declineReason ?? "" });
    case "substituted":
      return fill(t.substituted, { name: invitee.nextName ?? "" });
    default:
      return fill(t.forwarded, { name: invitee.nextName ?? "" });
  }
}

const STATUS_COLOR: Record<Invitee["status"], string> = {
  pending: "Default",
  invited: "Default",
  printable: "Warning",
  accepted: "Good",
  declined: "Attention",
  substituted: "Default",
  forwarded: "Default",
  withdrawn: "Attention",
};

/** Invitees who will not attend in any case: a narrowed scope needs no word to them. */
const GONE: readonly Invitee["status"][] = ["declined", "substituted", "forwarded"];

export function trackingCard(
  locale: Locale,
  k: {
    kallelseId: string;
    caseCode: string;
    convenerUserId: string;
    details: KallelseDetails;
    invitees: Invitee[];
    links: PrintLink[];
    unreachable: string[];
    balanceWarning?: string;
    /** The consent's scope: services left out, and an error for "Återkalla samtycke delvis". */
    excluded?: readonly OrgType[];
    scopeError?: string;
    /** When (ISO date) and why the SIP ended, when it has: no more changes to scope or consent. */
    closed?: { on: string; reason: CloseReason };
    /** The case's region: who is shown as convened (workflow.ts effectiveParticipation). */
    region: RegionOrAny;
  },
): Card {
  const t = STRINGS[locale].cases;
  const excluded = k.excluded ?? [];
  const scopeChoices = ORG_TYPES.filter((o) => !excluded.includes(o)).map((value) => ({
    value,
    title: t.orgTypes[value],
  }));
  return renderCard("tracking", locale, {
    kallelseId: k.kallelseId,
    userId: k.convenerUserId,
    title: fill(t.tracking.title, { code: k.caseCode }),
    whenText: whenText(k.details, locale),
    balanceWarning: k.balanceWarning ?? "",
    rows: k.invitees.map((i) => ({
      name: i.name,
      detail: [
        i.organisation ?? t.orgTypes[i.orgType],
        effectiveParticipation(i, k.region) === "convened" ? t.kallelse.convened : t.kallelse.invited,
      ]
        .filter(Boolean)
        .join(" · "),
      status: statusText(locale, i),
      color: STATUS_COLOR[i.status],
      // Still expected at the meeting after a partial withdrawal: the convener calls them off.
      outOfScope: excluded.includes(i.orgType) && !GONE.includes(i.status),
    })),
    scopeText: excluded.length
      ? fill(t.tracking.scope, { services: excluded.map((o) => t.orgTypes[o]).join(", ") })
      : "",
    scopeChoices,
    canNarrow: !k.closed && scopeChoices.length > 0,
    canClose: !k.closed,
    closedText: k.closed ? closedText(locale, k.closed, excluded) : "",
    scopeError: k.scopeError ?? "",
    notes: [
      ...k.unreachable.map((name) => fill(t.tracking.unreachable, { name })),
      // A peer's invitation given up after 24 h: the letter and answer link (links) instead.
      ...k.invitees
        .filter((i) => i.kind === "peer" && i.status === "printable")
        .map((i) => fill(t.tracking.peerUndelivered, { name: i.name, peer: i.organisation ?? "" })),
    ],
    links: printLinkRows(locale, k.links),
  });
}

/**
 * Why and when the SIP ended. A partial withdrawal that left a whole side out names that side
 * (sip/principals.ts missingSides of the scope); reasons picked on a reminder, by their name.
 */
function closedText(
  locale: Locale,
  closed: { on: string; reason: CloseReason },
  excluded: readonly OrgType[],
) {
  const t = STRINGS[locale].cases.tracking;
  const date = longDate(closed.on, locale);
  if (closed.reason === "consent_withdrawn") return fill(t.closed, { date });
  if (closed.reason === "no_joint_plan") {
    const side = missingSides(excluded)
      .map((s) => t.sides[s])
      .join(t.and);
    return fill(t.closedNoJointPlan, { date, side: side || t.sides.any });
  }
  return fill(t.closedFor, { date, reason: STRINGS[locale].plan.closeReasons[closed.reason] });
}

/** A tracking row's status: "Skickas till <peer> …" while a peer's invitation is on its way. */
function statusText(locale: Locale, i: Invitee): string {
  const t = STRINGS[locale].cases.tracking;
  if (i.status === "pending" && i.kind === "peer") return fill(t.peerSending, { peer: i.organisation ?? "" });
  // A send Teams refused for now is still on its way: its job is tried again (services/jobs.ts).
  if (i.status === "pending" && i.deliveryAttempts) return t.retrying;
  return t.statuses[i.status] + (i.status === "declined" && i.declineReason ? `: ${i.declineReason}` : "");
}

/** Why no digital kallelse: the verdict's gate, with the manual checklist for manual_only. */
export function notDigitalCard(locale: Locale, why: "manual_only" | "blocked" | "needs_decision"): Card {
  const t = STRINGS[locale].cases.notDigital;
  const text =
    why === "manual_only" ? `${t.manual_only}\n\n${t.checklist.map((l) => `- ${l}`).join("\n")}` : t[why];
  // Our own checklist, a Markdown list (shown.ts: everything else in a card is shown as typed).
  return renderCard("notice", locale, { title: t.title, text: ours(text), warning: true });
}

/** A one-off message card (refusals, not-found), never cached: it may carry a case code. */
export function messageCard(locale: Locale, text: string, warning = true): Card {
  return renderCard("notice", locale, {
    title: warning ? STRINGS[locale].notice.errorTitle : "",
    text,
    warning,
  });
}
