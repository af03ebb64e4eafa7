import { describe, expect, it } from "vitest";
import type { Invitee } from "../../src/cases/model.js";
import {
  answer as answerIn,
  balance,
  kallelseGate,
  narrowedScope,
  newCaseCode,
  type InviteAction,
} from "../../src/cases/workflow.js";

const invitee = (over: Partial<Invitee> = {}): Invitee => ({
  id: "i1",
  kallelseId: "k1",
  seq: 1,
  kind: "teams",
  userId: "29:a",
  name: "Anna",
  orgType: "region",
  participation: "convened",
  contribution: "Bedömning",
  status: "invited",
  ...over,
});

const TENANT = { tenantId: "t1" };
/** An answer in the invitee's own tenant, pressed by this user. */
const answer = (i: Invitee, userId: string, action: InviteAction) =>
  answerIn(i, TENANT, { userId, tenantId: TENANT.tenantId }, action);

describe("case workflow rules", () => {
  it("case codes name no one and avoid look-alike characters", () => {
    for (let i = 0; i < 200; i++) expect(newCaseCode()).toMatch(/^SIP-[2-9A-HJKMNP-Z]{4}$/);
    expect(newCaseCode(() => 0)).toBe("SIP-2222");
  });

  it.each([
    ["may_proceed", "digital", { ok: true }],
    ["may_proceed", "manual_only", { ok: false, why: "manual_only" }],
    ["blocked", "manual_only", { ok: false, why: "manual_only" }],
    ["blocked", "digital", { ok: false, why: "blocked" }],
    ["needs_decision", "digital", { ok: false, why: "needs_decision" }],
  ] as const)("a %s verdict on the %s channel → %j", (verdict, channel, expected) => {
    expect(kallelseGate({ verdict, channel })).toEqual(expected);
  });

  it("warns when professionals outnumber the family beyond the regional ratio", () => {
    const pro = { orgType: "region" as const };
    const rel = { orgType: "narstaende" as const };
    expect(balance([pro, pro], 2)).toEqual({ professionals: 2, family: 1, imbalanced: false });
    expect(balance([pro, pro, pro], 2).imbalanced).toBe(true);
    expect(balance([pro, pro, pro, rel], 2)).toEqual({ professionals: 3, family: 2, imbalanced: false });
  });

  it("only the invited person can answer, and only once", () => {
    expect(answer(invitee(), "29:b", { kind: "accept" })).toEqual({ kind: "not_yours" });
    expect(answer(invitee({ kind: "external", userId: undefined }), "29:a", { kind: "accept" })).toEqual({
      kind: "not_yours",
    });
    expect(answer(invitee({ status: "accepted" }), "29:a", { kind: "decline", reason: "x" })).toEqual({
      kind: "already_answered",
    });
    expect(answer(invitee({ status: "printable" }), "29:a", { kind: "accept" })).toEqual({
      kind: "changed",
      status: "accepted",
    });
    // The same user id from another tenant is someone else (access.ts).
    expect(answerIn(invitee(), TENANT, { userId: "29:a", tenantId: "t2" }, { kind: "accept" })).toEqual({
      kind: "not_yours",
    });
    // One who sent a substitute still sees their card, as answered.
    expect(answer(invitee({ status: "substituted" }), "29:a", { kind: "accept" })).toEqual({
      kind: "already_answered",
    });
  });

  it("a decline keeps its reason; a substitute or colleague is invited in turn", () => {
    expect(answer(invitee(), "29:a", { kind: "decline", reason: "Sjuk" })).toEqual({
      kind: "changed",
      status: "declined",
      declineReason: "Sjuk",
    });
    expect(answer(invitee(), "29:a", { kind: "substitute", name: "Extern Ersättare" })).toMatchObject({
      status: "substituted",
      next: { kind: "external", name: "Extern Ersättare" },
    });
    expect(answer(invitee(), "29:a", { kind: "forward", userId: "29:c", name: "Cecilia" })).toMatchObject({
      status: "forwarded",
      next: { kind: "teams", userId: "29:c" },
    });
  });
});

describe("narrowedScope: a partial withdrawal only ever narrows", () => {
  it.each([
    [[], ["skola"], ["skola"]],
    [["narstaende"], ["socialtjanst", "narstaende"], ["socialtjanst", "narstaende"]],
    [["skola", "region"], [], ["region", "skola"]],
  ] as const)("%j + %j → %j", (excluded, withdrawn, want) => {
    expect(narrowedScope(excluded, withdrawn)).toEqual(want);
  });
});
