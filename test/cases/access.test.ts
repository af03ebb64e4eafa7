import { describe, expect, it } from "vitest";
import { canAct, canView, type Actor, type Subject } from "../../src/cases/access.js";
import type { Invitee } from "../../src/cases/model.js";

/**
 * Who may see and act, as a Swedish social worker would expect it: the convener on their case and
 * tracking card, the invitee on their invitation, the holder on a flag, the reporter on its status.
 */
const T = "tenant-1";
const who = (userId: string, tenantId = T): Actor => ({ userId, tenantId });
const convener = who("29:k");
const invitee = who("29:a");
const colleague = who("29:b"); // another invitee of the same kallelse: a real user, not this one's
const stranger = who("29:x");
const reporter = who("29:r");
const holder = who("29:h");

const theCase = { tenantId: T, convenerUserId: convener.userId };
const invitation = (status: Invitee["status"], kind: Invitee["kind"] = "teams"): Subject => ({
  kind: "invitation",
  invitee: { kind, userId: invitee.userId, status },
  case: { tenantId: T },
});
const flag = { tenantId: T, reporterUserId: reporter.userId, holderUserId: holder.userId, holderTenantId: T };
const flagAcross = { ...flag, holderTenantId: "t-region" };
/** An invitee of another served tenant (issue 12): the invitation is theirs, in their tenant. */
const partnerInvitation: Subject = {
  kind: "invitation",
  invitee: { kind: "teams", userId: invitee.userId, status: "invited", tenantId: "t-region" },
  case: { tenantId: T },
};

type Row = [string, Actor, Subject, { view: boolean; act: boolean }];
const both = { view: true, act: true };
const viewOnly = { view: true, act: false };
const neither = { view: false, act: false };

const table: Row[] = [
  ["the convener on their case", convener, { kind: "case", case: theCase }, both],
  ["the convener on their kallelse and tracking card", convener, { kind: "kallelse", case: theCase }, both],
  ["an invitee on the convener's case", invitee, { kind: "case", case: theCase }, neither],
  ["an invitee on the tracking card", invitee, { kind: "kallelse", case: theCase }, neither],
  ["a stranger on the tracking card", stranger, { kind: "kallelse", case: theCase }, neither],
  [
    "the convener's id from another tenant",
    who(convener.userId, "t2"),
    { kind: "case", case: theCase },
    neither,
  ],
  ["the invitee on their open invitation", invitee, invitation("invited"), both],
  ["the invitee on their printable invitation", invitee, invitation("printable"), both],
  ["the invitee who accepted", invitee, invitation("accepted"), both],
  ["the invitee who sent a substitute: sees who took over", invitee, invitation("substituted"), viewOnly],
  ["the invitee who forwarded: sees who took over", invitee, invitation("forwarded"), viewOnly],
  ["another invitee of the same kallelse", colleague, invitation("invited"), neither],
  ["the convener on an invitee's card", convener, invitation("invited"), neither],
  ["a stranger on an invitation", stranger, invitation("invited"), neither],
  ["the invitee's id from another tenant", who(invitee.userId, "t2"), invitation("invited"), neither],
  ["a Teams user on an external invitee", invitee, invitation("invited", "external"), neither],
  [
    "a partner of another tenant on their invitation",
    who(invitee.userId, "t-region"),
    partnerInvitation,
    both,
  ],
  ["the partner's id in the case's tenant", invitee, partnerInvitation, neither],
  ["the convener on a partner's invitation", convener, partnerInvitation, neither],
  ["a stranger in the partner's tenant", who("29:x", "t-region"), partnerInvitation, neither],
  ["the partner's id in a third tenant", who(invitee.userId, "t-evil"), partnerInvitation, neither],
  ["the holder on the flag", holder, { kind: "flag", flag }, both],
  ["the reporter on the holder's card", reporter, { kind: "flag", flag }, neither],
  ["a colleague of the holder", colleague, { kind: "flag", flag }, neither],
  ["the holder's id from another tenant", who(holder.userId, "t2"), { kind: "flag", flag }, neither],
  ["the reporter on their status card", reporter, { kind: "flagStatus", flag }, viewOnly],
  ["the holder on the reporter's status card", holder, { kind: "flagStatus", flag }, neither],
  [
    "the reporter's id from another tenant",
    who(reporter.userId, "t2"),
    { kind: "flagStatus", flag },
    neither,
  ],
  // A flag to a contact of another served tenant (issue 12): theirs there, the status the reporter's.
  ["a partner holder on the flag", who(holder.userId, "t-region"), { kind: "flag", flag: flagAcross }, both],
  ["the partner holder's id in the reporter's tenant", holder, { kind: "flag", flag: flagAcross }, neither],
  ["the reporter on a flag across", reporter, { kind: "flagStatus", flag: flagAcross }, viewOnly],
  [
    "the partner holder on the status card",
    who(holder.userId, "t-region"),
    { kind: "flagStatus", flag: flagAcross },
    neither,
  ],
  ["no user at all", who(""), { kind: "case", case: { tenantId: T, convenerUserId: "" } }, neither],
];

describe("access: one place decides who may see and act", () => {
  it.each(table)("%s", (_name, actor, subject, expected) => {
    expect({ view: canView(actor, subject), act: canAct(actor, subject) }).toEqual(expected);
  });

  it("acting always implies seeing", () => {
    for (const [, actor, subject] of table)
      if (canAct(actor, subject)) expect(canView(actor, subject)).toBe(true);
  });
});
