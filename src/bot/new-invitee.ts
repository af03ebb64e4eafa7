import type { Case, Participant } from "../cases/model.js";
import type { ConversationRef } from "../services/people.js";
import type { PickedPeer } from "./app.js";

/** The stored invitee: a "Vem" value resolves to the user and tenant of its reference. */
export function newInvitee(
  c: Case,
  p: Participant,
  reachable: ReadonlyMap<string, ConversationRef>,
  peers: ReadonlyMap<string, PickedPeer>,
) {
  const base = { orgType: p.orgType, participation: p.participation, contribution: p.contribution };
  const ref = p.who.kind === "teams" ? reachable.get(p.who.userId) : undefined;
  if (p.who.kind === "peer") {
    const { keyId, personId } = p.who;
    const peer = peers.get(`fed:${keyId}:${personId}`);
    // The peer's name is the organisation its invitee is shown with (the local admin's label).
    return {
      ...base,
      kind: "peer" as const,
      peerKeyId: keyId,
      peerPersonId: personId,
      name: peer?.name ?? personId,
      ...(peer ? { organisation: peer.peerName } : {}),
      status: "pending" as const,
    };
  }
  return p.who.kind === "teams"
    ? {
        ...base,
        kind: "teams" as const,
        userId: ref?.userId ?? p.who.userId,
        ...(ref && ref.tenantId !== c.tenantId ? { tenantId: ref.tenantId } : {}),
        // One picked in Teams' directory has no reference yet: the name the convener wrote.
        name: ref?.displayName ?? p.who.name ?? p.who.userId,
        status: "pending" as const,
      }
    : {
        ...base,
        kind: "external" as const,
        name: p.who.name,
        organisation: p.who.organisation,
        ...(p.who.email ? { email: p.who.email } : {}),
        status: "pending" as const,
      };
}
