import { describe, expect, it } from "vitest";
import type { Invitee } from "../../src/cases/model.js";
import { answerOnPaper, type PaperAction } from "../../src/cases/workflow.js";

/** workflow.ts's answerOnPaper: the answer link and "Registrera svar" (issue 12, part 3). */
const invitee = (status: Invitee["status"], kind: Invitee["kind"] = "external"): Invitee => ({
  id: "i1",
  kallelseId: "k1",
  seq: 1,
  kind,
  ...(kind === "teams" ? { userId: "29:a" } : {}),
  name: "Eva",
  orgType: "forsakringskassan",
  participation: "invited",
  contribution: "Information",
  status,
});
const c = { tenantId: "t1", convenerUserId: "29:k" };
const link = { kind: "link" } as const;
const by = (userId: string, tenantId = "t1") => ({ kind: "convener", actor: { userId, tenantId } }) as const;
const accept: PaperAction = { kind: "accept" };

describe("answerOnPaper", () => {
  it.each([
    ["link, accept", link, accept, { kind: "changed", status: "accepted" }],
    [
      "link, decline",
      link,
      { kind: "decline", reason: "Sjuk" },
      { kind: "changed", status: "declined", declineReason: "Sjuk" },
    ],
    [
      "convener, substitute by name",
      by("29:k"),
      { kind: "substitute", name: "Per" },
      { kind: "changed", status: "substituted", next: { kind: "external", name: "Per" } },
    ],
    ["a colleague", by("29:a"), accept, { kind: "not_yours" }],
    ["the convener's id in another tenant", by("29:k", "t2"), accept, { kind: "not_yours" }],
  ] as const)("%s on a printable invitee", (_what, who, action, outcome) => {
    expect(answerOnPaper(invitee("printable"), c, who, action)).toEqual(outcome);
  });

  it.each(["accepted", "declined", "substituted", "forwarded"] as const)(
    "%s already: nothing changes, by link or convener",
    (status) => {
      expect(answerOnPaper(invitee(status), c, link, accept)).toEqual({ kind: "already_answered" });
      expect(answerOnPaper(invitee(status), c, by("29:k"), accept)).toEqual({ kind: "already_answered" });
    },
  );

  it.each(["pending", "invited", "withdrawn"] as const)(
    "%s (not on paper): not the link's to answer",
    (status) => {
      expect(answerOnPaper(invitee(status, "teams"), c, link, accept)).toEqual({ kind: "not_yours" });
      expect(answerOnPaper(invitee(status, "teams"), c, by("29:k"), accept)).toEqual({ kind: "not_yours" });
    },
  );

  it("a Teams invitee the bot could not reach, on paper, can answer by link too", () => {
    expect(answerOnPaper(invitee("printable", "teams"), c, link, accept)).toEqual({
      kind: "changed",
      status: "accepted",
    });
  });
});
