import { describe, expect, it } from "vitest";
import type { Invitee } from "../../src/cases/model.js";
import { answerFromPeer } from "../../src/cases/workflow.js";

const PEER = "k".repeat(43);
const peerInvitee = (over: Partial<Invitee> = {}) => ({
  kind: "peer" as const,
  peerKeyId: PEER,
  status: "invited" as Invitee["status"],
  ...over,
});

describe("a federation peer's answer (answerFromPeer)", () => {
  it("applies accept and decline from the invitee's own peer, as a local answer", () => {
    expect(answerFromPeer(peerInvitee(), PEER, { kind: "accept" })).toEqual({
      kind: "changed",
      status: "accepted",
    });
    expect(
      answerFromPeer(peerInvitee({ status: "pending" }), PEER, { kind: "decline", reason: "Sjuk" }),
    ).toEqual({ kind: "changed", status: "declined", declineReason: "Sjuk" });
  });

  it("refuses another peer's answer, and any answer for a local or external invitee", () => {
    expect(answerFromPeer(peerInvitee(), "x".repeat(43), { kind: "accept" })).toEqual({ kind: "not_yours" });
    expect(answerFromPeer({ kind: "teams", status: "invited" }, PEER, { kind: "accept" })).toEqual({
      kind: "not_yours",
    });
    expect(answerFromPeer({ kind: "external", status: "printable" }, PEER, { kind: "accept" })).toEqual({
      kind: "not_yours",
    });
  });

  it("changes nothing once answered or withdrawn", () => {
    for (const status of ["accepted", "declined", "forwarded", "withdrawn"] as const)
      expect(answerFromPeer(peerInvitee({ status }), PEER, { kind: "accept" })).toEqual({
        kind: "already_answered",
      });
  });

  it("hands on to a colleague at the same peer; a substitute named only goes on paper", () => {
    expect(answerFromPeer(peerInvitee(), PEER, { kind: "forward", name: "Sven", person: "p-2" })).toEqual({
      kind: "changed",
      status: "forwarded",
      next: { kind: "peer", name: "Sven", peerKeyId: PEER, peerPersonId: "p-2" },
    });
    expect(answerFromPeer(peerInvitee(), PEER, { kind: "substitute", name: "Anna Annan" })).toEqual({
      kind: "changed",
      status: "substituted",
      next: { kind: "external", name: "Anna Annan" },
    });
    // Forwarding stays within the principal: never to someone the peer cannot name.
    expect(answerFromPeer(peerInvitee(), PEER, { kind: "forward", name: "Sven" })).toEqual({
      kind: "already_answered",
    });
  });
});
