import { describe, expect, it } from "vitest";
import type { Case, Invitee, Kallelse, OrgType } from "../../src/cases/model.js";
import { federatedInvitation, FederatedInvitationSchema } from "../../src/services/federated-protocol.js";
import { DETAILS } from "../fixtures/kallelse.js";

/** What crosses to a peer says "convened" only for a principal (CONTRACT v3), as the cards do. */
const c = { code: "SIP-ABCD", convenerName: "Karin", region: "national" } as Case;
const k = { id: "k", caseId: "c", details: DETAILS } as Kallelse;
const invitee = (orgType: OrgType): Invitee => ({
  id: "00000000-0000-4000-8000-000000000001",
  kallelseId: "k",
  seq: 1,
  kind: "peer",
  peerKeyId: "A".repeat(43),
  peerPersonId: "p-1",
  name: "Anna",
  orgType,
  participation: "convened",
  contribution: "Bidrag",
  status: "pending",
});

describe("a federated invitation", () => {
  it.each<[OrgType, Case["region"], "convened" | "invited"]>([
    ["region", "national", "convened"],
    // Stored as convened before v3, no principal: crosses as invited.
    ["forsakringskassan", "national", "invited"],
    ["skola", "national", "invited"],
    ["skola", "vgr", "convened"],
  ])("for %s in %s carries %s", (orgType, region, participation) => {
    const sent = federatedInvitation({ ...c, region }, k, invitee(orgType));
    expect(sent.invitee.participation).toBe(participation);
    expect(FederatedInvitationSchema.safeParse(sent).success).toBe(true);
  });
});
