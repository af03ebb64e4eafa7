import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { berit, federationPair, karin, sven } from "../helpers/federation-pair.js";
import { until } from "../helpers/federation.js";
import { dataOf } from "../helpers/multi-user.js";
import { inviteeNamed, openedInvitees } from "../helpers/opened.js";

/**
 * A convener on instance A invites a user of instance B (README "Federation"): two instances on
 * one machine, each with its own database, key and fake Teams connector. B keeps
 * its database on disk so it can be stopped and started again (a peer that is down).
 */
describe("federated invitations between two instances", () => {
  const fed = federationPair();
  const { clock, press, cardsTo, inviteeOnA, invite, cardFor } = fed;

  it("A invites B's user, she accepts on B, and A's tracking card says so", async () => {
    const { code, tracking } = await invite();
    expect(code).toMatch(/^SIP-/);
    expect(cardText(tracking)).toContain("Berit Bergström");
    await until(() => Boolean(cardFor(code)));
    const card = cardFor(code);
    expect(cardText(card)).toContain("Karin Kurator (Kommun A)");
    expect(cardText(card)).toContain("Samordna stödet");
    await until(async () => (await inviteeOnA(code))?.status === "invited");
    const accepted = await press(fed.b, berit, VERBS.acceptInvite, dataOf(card, VERBS.acceptInvite));
    expect(cardText(accepted)).toContain("Du har accepterat");
    await until(async () => (await inviteeOnA(code))?.status === "accepted");
    await until(() => cardsTo(karin, "PUT").some((c) => cardText(c).includes("Accepterat")));
    // Both sides audit, ids only: no name crosses into either audit log.
    const auditB = await fed.b.db.query<{ action: string; detail: unknown }>(
      "SELECT action, detail FROM audit_log WHERE action LIKE 'federation.invitation%'",
    );
    expect(auditB.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        "federation.invitations_received",
        "federation.invitation_received",
        "federation.invitation_accepted",
      ]),
    );
    expect(JSON.stringify(auditB)).not.toContain("Berit");
    // Nor into either log: ids and codes only.
    for (const log of [fed.a.logLines, fed.b.logLines])
      expect(log.join("\n")).not.toMatch(/Berit|Samordna stödet/);
    const auditA = await fed.a.db.query<{ actor: string; action: string }>(
      "SELECT actor, action FROM audit_log WHERE action = 'invitation.accepted'",
    );
    expect(auditA).toContainEqual({ actor: `peer:${fed.idB.keyId}`, action: "invitation.accepted" });
  });

  it("a stranger on B pressing her card is refused; nothing changes on either side", async () => {
    const { code } = await invite("Möte om stödet");
    await until(() => Boolean(cardFor(code)));
    const data = dataOf(cardFor(code), VERBS.acceptInvite);
    expect(cardText(await press(fed.b, sven, VERBS.acceptInvite, data))).toContain("gäller någon annan");
    // The same user id from another tenant is someone else too.
    const otherTenant = { ...berit, tenantId: "tenant-2" };
    expect(cardText(await press(fed.b, otherTenant, VERBS.acceptInvite, data))).toContain(
      "gäller någon annan",
    );
    await until(async () => (await inviteeOnA(code))?.status === "invited");
    const rows = await fed.b.db.query<{ status: string }>("SELECT status FROM federated_invitations");
    expect(rows.filter((r) => r.status === "accepted")).toHaveLength(1); // the first test's only
  });

  it("a decline with its reason reaches A's tracking card", async () => {
    const { code } = await invite("Planera insatser");
    await until(() => Boolean(cardFor(code)));
    const data = { ...dataOf(cardFor(code), VERBS.declineInvite), reason: "Sjukskriven" };
    const declined = await press(fed.b, berit, VERBS.declineInvite, data);
    expect(cardText(declined)).toContain("Sjukskriven");
    await until(async () => (await inviteeOnA(code))?.decline_reason === "Sjukskriven");
    expect((await inviteeOnA(code))?.status).toBe("declined");
    await until(() => cardsTo(karin, "PUT").some((c) => cardText(c).includes("Avböjt: Sjukskriven")));
  });

  it("she forwards to a colleague on B, who gets the card and accepts; A tracks both", async () => {
    const { code } = await invite("Vidarebefordras");
    await until(() => Boolean(cardFor(code)));
    const data = { ...dataOf(cardFor(code), VERBS.forwardInvite), colleagueId: sven.id };
    const forwarded = await press(fed.b, berit, VERBS.forwardInvite, data);
    expect(cardText(forwarded)).toContain("Du har vidarebefordrat kallelsen till Sven Främling");
    const svenCard = () => cardsTo(sven).find((c) => cardText(c).includes(code));
    await until(() => Boolean(svenCard()));
    // Through the store: names and organisations are sealed with the case's key (issue 20).
    const rowsOnA = async () => {
      const [c] = await fed.a.db.query<{ id: string }>("SELECT id FROM cases WHERE code = $1", [code]);
      return (await openedInvitees(fed.a.db))
        .filter((i) => i.caseId === c?.id)
        .map((i) => ({ name: i.name, status: i.status, kind: i.kind, organisation: i.organisation }));
    };
    await until(async () => (await rowsOnA())[1]?.status === "invited");
    expect((await rowsOnA()).map((r) => [r.name, r.kind, r.status, r.organisation])).toEqual([
      ["Berit Bergström", "peer", "forwarded", "Regionen"],
      ["Sven Främling", "peer", "invited", "Regionen"],
    ]);
    await press(fed.b, sven, VERBS.acceptInvite, dataOf(svenCard(), VERBS.acceptInvite));
    await until(async () => (await rowsOnA())[1]?.status === "accepted");
  });

  it("a substitute named only goes to paper on A, of the same organisation", async () => {
    const { code } = await invite("Ersättare");
    await until(() => Boolean(cardFor(code)));
    const data = { ...dataOf(cardFor(code), VERBS.substituteInvite), substituteName: "Anna Annan" };
    await press(fed.b, berit, VERBS.substituteInvite, data);
    await until(async () => Boolean(await inviteeNamed(fed.a.db, "Anna Annan")));
    const anna = await inviteeNamed(fed.a.db, "Anna Annan");
    expect(anna && { kind: anna.kind, organisation: anna.organisation }).toEqual({
      kind: "external",
      organisation: "Regionen",
    });
    await until(async () => (await inviteeOnA(code))?.status === "substituted");
  });

  const postToB = (payload: unknown) => fed.postToB("invitations", payload);
  const payload = fed.payload;

  it("the same invitation POSTed twice is one card; both answered 200", async () => {
    const before = cardsTo(berit).length;
    const body = payload("7c9e6679-7425-40de-944b-e07fc1f90ae7", "Dubbelt skickad");
    expect((await postToB(body)).status).toBe(200);
    expect((await postToB(body)).status).toBe(200);
    expect(cardsTo(berit).length).toBe(before + 1);
    const n = await fed.b.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM federated_invitations WHERE invitation->>'caseCode' = 'SIP-TEST'",
    );
    expect(n[0]?.n).toBe(1);
  });

  it("refuses with 400 an invitation holding a personnummer, and keeps nothing of it", async () => {
    const before = cardsTo(berit).length;
    const res = await postToB(payload("9b2f6a1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "Gäller 19121212-1212"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "personnummer" });
    expect(cardsTo(berit).length).toBe(before);
    // Texts are sealed when stored (issue 20): look for the row itself, by the peer's id for it.
    const kept = await fed.b.db.query(
      "SELECT 1 FROM federated_invitations WHERE ref = '9b2f6a1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'",
    );
    expect(kept).toEqual([]);
  });

  it("a personnummer typed on A never reaches B", async () => {
    const before = await fed.b.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM federated_invitations",
    );
    const kallelser = "SELECT count(*)::int AS n FROM kallelser";
    const storedBefore = await fed.a.db.query<{ n: number }>(kallelser);
    const { tracking } = await invite("Gäller 19121212-1212");
    // A's turn guard refuses the form beside the field; nothing is stored, queued or sent.
    expect(cardText(tracking)).toContain("Skriv inte personnummer här");
    await fed.a.background.idle(5_000);
    const after = await fed.b.db.query<{ n: number }>("SELECT count(*)::int AS n FROM federated_invitations");
    expect(after[0]?.n).toBe(before[0]?.n);
    // Texts are sealed when stored (issue 20): no kallelse was stored at all.
    expect(await fed.a.db.query<{ n: number }>(kallelser)).toEqual(storedBefore);
  });

  it("a peer that is down gets the invitation once it is up again, delivered once", async () => {
    await fed.stopB();
    const { code, tracking } = await invite("Medan B är nere");
    expect(cardText(tracking)).toContain("Skickas till Regionen …");
    await until(
      async () =>
        (
          await fed.a.db.query(
            "SELECT 1 FROM audit_log WHERE action = 'federation.sent' AND (detail->>'status')::int = 0",
          )
        ).length >= 2,
    );
    expect((await inviteeOnA(code))?.status).toBe("pending");
    await fed.startB();
    await until(async () => (await inviteeOnA(code))?.status === "invited");
    await new Promise((r) => setTimeout(r, 300));
    expect(cardsTo(berit).filter((c) => cardText(c).includes(code))).toHaveLength(1);
  });

  it("given up after 24 h: A's tracking card offers the printable letter and the answer link", async () => {
    await fed.stopB();
    const { code } = await invite("Aldrig levererad");
    await until(
      async () =>
        (await fed.a.db.query("SELECT 1 FROM audit_log WHERE action = 'federation.sent'")).length > 0,
    );
    clock.advance(24 * 60 * 60 * 1000 + 1000);
    await until(async () => (await inviteeOnA(code))?.status === "printable");
    await until(() => cardsTo(karin, "PUT").some((c) => cardText(c).includes("kunde inte lämnas")));
    const last = cardsTo(karin, "PUT").findLast((c) => cardText(c).includes("kunde inte lämnas"));
    // The letter and its answer link are made and shown when Karin presses "Hämta utskrift".
    expect(cardText(last)).toContain("Hämta utskrift");
    await fed.startB();
  });

  it("a tenant taken out of ALLOWED_TENANTS is gone for the peer: 404 for all, nothing sent", async () => {
    // Delivered while Berit's tenant (tenant-1) was served.
    const earlier = randomUUID();
    expect((await fed.postToB("invitations", fed.payload(earlier, "Före ändringen"))).status).toBe(200);
    await until(() => cardsTo(berit).some((c) => cardText(c).includes("Före ändringen")));
    // B's admin serves another tenant only, and restarts.
    await fed.stopB();
    await fed.startB({ ALLOWED_TENANTS: "tenant-other" });
    try {
      const sent = () => cardsTo(berit).length + cardsTo(berit, "PUT").length;
      const before = sent();
      const later = randomUUID();
      expect((await fed.postToB("invitations", fed.payload(later, "Efter ändringen"))).status).toBe(404);
      expect((await fed.postToB("reminders", { invitation: earlier, invitedOn: "2026-11-26" })).status).toBe(
        404,
      );
      expect((await fed.postToB("withdrawals", { invitation: earlier, sipEnded: true })).status).toBe(404);
      // The directory no longer shows her either.
      expect([...(await fed.vem(fed.a, karin, "ber")).keys()]).not.toContain("Berit Bergström (Regionen)");
      expect(sent()).toBe(before);
      const rows = await fed.b.db.query<{ ref: string; status: string }>(
        "SELECT ref, status FROM federated_invitations WHERE ref = ANY($1::text[])",
        [[earlier, later]],
      );
      expect(rows).toEqual([{ ref: earlier, status: "invited" }]);
      expect(fed.b.logLines.join("\n")).toContain('"event":"federation_tenant_refused"');
    } finally {
      await fed.stopB();
      await fed.startB();
    }
  });
});
