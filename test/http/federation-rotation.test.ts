import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { berit, federationPair } from "../helpers/federation-pair.js";
import { federationEnv, testIdentity, until } from "../helpers/federation.js";
import { dataOf } from "../helpers/multi-user.js";

/**
 * A peer rotates its federation key (issue 21, docs/operations.md): A's entry for B lists B's next
 * key beside the old one; B restarts on the new key; B's answers, signed with it, are taken by A as
 * B's — the same peer, the same stored references — and a key neither lists is still refused.
 */
describe("federation key rotation between two instances", () => {
  const bNext = testIdentity("Region B", "http://127.0.0.1:1");
  const fed = federationPair("2026-11-26T10:00:00Z", { bNext });

  it("B answers on its new key and A records it as B's answer", async () => {
    const { code } = await fed.invite("Innan nyckelbytet");
    await until(() => Boolean(fed.cardFor(code)));
    await until(async () => (await fed.inviteeOnA(code))?.status === "invited");
    // B's admin puts the new key in place and restarts B.
    await fed.stopB();
    const { FEDERATION_KEY_FILE = "" } = federationEnv(bNext, [fed.idA.descriptor]);
    await fed.startB({ FEDERATION_KEY_FILE });
    const card = fed.cardFor(code);
    await fed.press(fed.b, berit, VERBS.acceptInvite, dataOf(card, VERBS.acceptInvite));
    await until(async () => (await fed.inviteeOnA(code))?.status === "accepted");
    // Taken as the same peer: A's audit names B by the identity it always had.
    const received = await fed.a.db.query<{ subject: string }>(
      "SELECT subject FROM audit_log WHERE action = 'federation.answers_received'",
    );
    expect(received.map((r) => r.subject)).toContain(fed.idB.keyId);
    expect(received.map((r) => r.subject)).not.toContain(bNext.keyId);
    expect(cardText(card)).toContain("Innan nyckelbytet");
  });

  it("a third key, in neither A's entry nor B's next, is refused", async () => {
    const mallory = testIdentity("Region B", fed.idB.descriptor.url);
    const res = await fed.postToA(
      "answers",
      { invitation: randomUUID(), answer: { kind: "accept" } },
      mallory,
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe("unknown_key");
  });
});
