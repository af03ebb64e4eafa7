import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText } from "../helpers/activities.js";
import { berit, federationPair, karin, sven } from "../helpers/federation-pair.js";
import { until } from "../helpers/federation.js";
import { dataOf } from "../helpers/multi-user.js";

/**
 * An invitation the other way (B's convener, A's user), and what follows a federated invitation
 * (README "Federation"): the convener withdraws it, the invitee does not answer, the invitee's
 * answer is never taken, the invitee's instance dies while sending the card. Two real instances;
 * only their Teams connectors are faked.
 */
describe("a federated invitation the other way, and after it arrived", () => {
  const fed = federationPair();
  const { clock, press, cardsTo, inviteeOnA, invite, cardFor } = fed;
  const rowOnB = async (ref: string) =>
    (
      await fed.b.db.query<{ status: string; answered: boolean }>(
        `SELECT status, answer_undelivered_at IS NOT NULL AS answered FROM federated_invitations WHERE ref = $1`,
        [ref],
      )
    )[0];
  const putsTo = (code: string) => cardsTo(berit, "PUT").filter((c) => cardText(c).includes(code));

  it("the other way: Sven on B invites Karin on A, who accepts there; B's tracking card says so", async () => {
    const karinValue = (await fed.vem(fed.b, sven, "kar")).get("Karin Kurator (Kommun A)") ?? "";
    expect(karinValue).toMatch(/^fed:/);
    const partner = { who: karinValue, orgType: "socialtjanst" };
    const { code } = await fed.inviteFrom(fed.b, sven, partner, "Från regionen");
    const card = () =>
      cardsTo(karin).find((c) => cardText(c).includes(code) && dataOf(c, VERBS.acceptInvite));
    await until(() => Boolean(card()));
    // A names B as its admin did ("Regionen").
    expect(cardText(card())).toContain("Sven Främling (Regionen)");
    const accepted = await press(fed.a, karin, VERBS.acceptInvite, dataOf(card(), VERBS.acceptInvite));
    expect(cardText(accepted)).toContain("Du har accepterat");
    await until(() =>
      cardsTo(sven, "PUT").some((c) => cardText(c).includes(code) && cardText(c).includes("Accepterat")),
    );
    const [row] = await fed.b.db.query<{ status: string; kind: string }>(
      `SELECT i.status, i.kind FROM invitees i JOIN kallelser k ON k.id = i.kallelse_id
       JOIN cases c ON c.id = k.case_id WHERE c.code = $1`,
      [code],
    );
    expect(row).toEqual({ status: "accepted", kind: "peer" });
  });

  it("A narrows the consent: Berit's card on B says withdrawn, and a late press changes nothing", async () => {
    const { code, tracking } = await invite("Återkallas");
    await until(async () => (await inviteeOnA(code))?.status === "invited");
    const invitation = dataOf(cardFor(code), VERBS.acceptInvite);
    const kallelseId = String(dataOf(tracking, VERBS.narrowScope)?.kallelseId);
    await press(fed.a, karin, VERBS.narrowScope, { kallelseId, withdrawnServices: "region" });
    const ref = (await inviteeOnA(code))?.id ?? "";
    await until(async () => (await rowOnB(ref))?.status === "withdrawn");
    await until(() => putsTo(code).some((c) => cardText(c).includes("Kallelsen är återkallad")));
    // Her old card's button: the withdrawn notice again, nothing sent to A.
    const late = await press(fed.b, berit, VERBS.acceptInvite, invitation);
    expect(cardText(late)).toContain("samtycket omfattar inte längre din verksamhet");
    expect((await inviteeOnA(code))?.status).toBe("withdrawn");
    const answers = await fed.a.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'federation.answers_received'",
    );
    expect(answers).toEqual([]);
  });

  it("a withdrawal that overtakes its invitation: the late invitation sends no card", async () => {
    const id = randomUUID();
    const withdrawn = await fed.postToB("withdrawals", { invitation: id, sipEnded: true });
    expect(withdrawn.status).toBe(200);
    const before = cardsTo(berit).length;
    expect((await fed.postToB("invitations", fed.payload(id, "För sent"))).status).toBe(200);
    expect(cardsTo(berit).length).toBe(before);
    expect((await rowOnB(id))?.status).toBe("withdrawn");
    // Again: unchanged, still 200 (the convener's outbox may repeat it).
    expect((await fed.postToB("withdrawals", { invitation: id, sipEnded: true })).status).toBe(200);
  });

  it("an answer A never takes: Berit's card keeps it and tells her to answer the convener", async () => {
    // An invitation A does not know (its case gone): A refuses the answer with 404, for good.
    const id = randomUUID();
    expect((await fed.postToB("invitations", fed.payload(id, "Okänt hos A"))).status).toBe(200);
    const card = cardsTo(berit).findLast((c) => cardText(c).includes("Okänt hos A"));
    const accepted = await press(fed.b, berit, VERBS.acceptInvite, dataOf(card, VERBS.acceptInvite));
    expect(cardText(accepted)).toContain("Du har accepterat");
    await until(async () => (await rowOnB(id))?.answered === true);
    const notice = "Ditt svar kunde inte lämnas till Kommun A";
    await until(() => cardsTo(berit, "PUT").some((c) => cardText(c).includes(notice)));
    const replaced = cardsTo(berit, "PUT").findLast((c) => cardText(c).includes(notice));
    expect(cardText(replaced)).toContain("Du har accepterat");
    expect(cardText(replaced)).toContain("Karin Kurator");
    const audit = await fed.b.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'federation.answer_undelivered'",
    );
    expect(audit).toHaveLength(1);
    // Her Mina SIP says the same.
    const mine = cardText(await press(fed.b, berit, VERBS.showMine, { offset: 0 }));
    expect(mine).toContain("Ditt svar kom inte fram – kontakta den som kallade");
  });

  it("B died between claiming and sending the card: the next copy after the lease sends it, once", async () => {
    const id = randomUUID();
    const body = fed.payload(id, "Efter kraschen");
    const [who] = await fed.b.db.query<{ tenant_id: string; user_id: string }>(
      "SELECT tenant_id, user_id FROM federation_people WHERE id = $1",
      [body.person],
    );
    // The state a crash leaves: claimed ("sending") now, no card sent.
    await fed.b.db.query(
      `INSERT INTO federated_invitations (id, key_id, ref, tenant_id, user_id, invitation, status, sending_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'sending', $7, $7)`,
      [randomUUID(), fed.idA.keyId, id, who?.tenant_id, who?.user_id, JSON.stringify(body), clock.now()],
    );
    const sent = () => cardsTo(berit).filter((c) => cardText(c).includes("Efter kraschen")).length;
    // Within the lease another copy may be sending it: A is asked to try later.
    expect((await fed.postToB("invitations", body)).status).toBe(503);
    expect(sent()).toBe(0);
    clock.advance(11 * 60 * 1000);
    expect((await fed.postToB("invitations", body)).status).toBe(200);
    expect((await fed.postToB("invitations", body)).status).toBe(200);
    expect(sent()).toBe(1);
    expect((await rowOnB(id))?.status).toBe("invited");
  });

  it("Berit does not answer: A's reminder reaches her on B once; one who answered is not reminded", async () => {
    const quiet = await invite("Tyst inbjuden");
    const answered = await invite("Svarar i tid");
    for (const { code } of [quiet, answered])
      await until(async () => (await inviteeOnA(code))?.status === "invited");
    await press(fed.b, berit, VERBS.acceptInvite, dataOf(cardFor(answered.code), VERBS.acceptInvite));
    await until(async () => (await inviteeOnA(answered.code))?.status === "accepted");
    const [spec] = await fed.a.db.query<{ recipient_tenant_id: string }>(
      "SELECT recipient_tenant_id FROM reminders WHERE kind = 'invitee_unanswered' AND invitee_id = $1",
      [(await inviteeOnA(quiet.code))?.id],
    );
    expect(spec?.recipient_tenant_id).toBe(`peer:${fed.idB.keyId}`);
    const reminders = (code: string) =>
      cardsTo(berit).filter((c) => cardText(c).includes("Du har inte svarat") && cardText(c).includes(code));
    clock.advance(4 * 24 * 60 * 60 * 1000);
    await fed.a.reminderPass();
    await fed.a.background.idle(5_000);
    await until(() => reminders(quiet.code).length === 1);
    // The same reminder POSTed again (a lost reply) is not a second card.
    const ref = (await inviteeOnA(quiet.code))?.id ?? "";
    const again = await fed.postToB("reminders", { invitation: ref, invitedOn: "2026-11-26" });
    expect(again.status).toBe(200);
    await fed.a.reminderPass();
    await new Promise((r) => setTimeout(r, 300));
    expect(reminders(quiet.code)).toHaveLength(1);
    expect(reminders(answered.code)).toHaveLength(0);
    // Names never in either log.
    for (const log of [fed.a.logLines, fed.b.logLines])
      expect(log.join("\n")).not.toMatch(/Berit|Tyst inbjuden/);
  });
});
