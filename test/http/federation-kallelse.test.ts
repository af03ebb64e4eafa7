import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { federationEnv, testIdentity } from "../helpers/federation.js";
import { dataOf, multiUser, type Person } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";

/**
 * A peer user in "Vem" must be one that peer's directory showed this instance (README
 * "Federation"): a forged or stale value is refused beside the field, and nothing is sent or
 * stored. The whole invitation flow is in federation-invitations.test.ts.
 */
const convener: Person = { id: "29:convener", name: "Karin Kurator", aadObjectId: "aad-convener" };
const self = testIdentity("Kommun A", "http://127.0.0.1:1");
// A peer that is never up: submitting a kallelse must not need it.
const peer = testIdentity("Region B", "http://127.0.0.1:9");
const h = multiUser({ convener }, federationEnv(self, [peer.descriptor]));
const s = { caseId: "" };

beforeAll(async () => {
  h.connector.clear();
  await h.invoke(convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
  s.caseId = String(dataOf(h.cardsTo(convener)[0], VERBS.submitKallelse)?.caseId);
  expect(s.caseId).toMatch(/^[0-9a-f-]{36}$/);
});

describe("a peer's user picked in a kallelse", () => {
  it("is refused when the peer's directory never showed them; nothing is sent or stored", async () => {
    h.connector.clear();
    const answer = await h.invoke(convener, VERBS.submitKallelse, {
      caseId: s.caseId,
      rows: "1",
      ...kallelseFormValues([
        {
          who: `fed:${peer.keyId}:0b5c1f9e-3f7a-4d2e-9c1b-2a6f8e4d7c3b`,
          orgType: "region",
          contribution: "Bedömning från BUP",
        },
      ]),
      balanceAck: "true",
    });
    expect(cardText(answer)).toContain("Personen kan inte nås i Teams");
    const n = await h.server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM invitees");
    expect(n[0]?.n).toBe(0);
    expect(h.connector.calls.filter((c) => c.method === "POST")).toEqual([]);
  });
});
