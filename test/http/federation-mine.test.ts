import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../src/federation/signature.js";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, membersAdded, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import {
  federationEnv,
  freePort,
  invitationPayload,
  movableClock,
  signedPost,
  testIdentity,
  until,
} from "../helpers/federation.js";
import { as, chatOf, dataOf, type Person } from "../helpers/multi-user.js";
import { startServerAt } from "../helpers/server.js";
import { seedCase } from "../fixtures/mine.js";

type Instance = Awaited<ReturnType<typeof startServerAt>>;

/**
 * "Mina SIP" on the invitee's side of a federated invitation (issue 12 part 2): B's user, invited
 * by A's convener, finds the invitation among her own cases, and no one else at B does. A is only
 * an identity here (its signed requests, as federation-invitations.test.ts has A send them for
 * real): one server start less on a 2-core CI. Berit's answer is queued to A and stays queued.
 */
describe("Mina SIP lists a federation peer's invitation", () => {
  const clock = movableClock("2026-11-26T10:00:00Z");
  const berit: Person = { id: "29:berit", name: "Berit Bergström", aadObjectId: "aad-berit" };
  const sven: Person = { id: "29:sven", name: "Sven Kollega", aadObjectId: "aad-sven" };
  const code = "SIP-AB23";
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let b: Instance;

  beforeAll(async () => {
    connector = await startFakeConnector();
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    const idA = testIdentity("Kommun A", `http://127.0.0.1:${portA}`);
    const idB = testIdentity("Region B", `http://127.0.0.1:${portB}`);
    // B's admin names A as B's users should see it.
    b = await startServerAt(clock, {
      ...federationEnv(idB, [{ ...idA.descriptor, name: "Karlstads kommun" }]),
      PORT: String(portB),
    });
    for (const p of [berit, sven]) await b.post(membersAdded(connector.serviceUrl, as(p)));
    // A's "Vem" asks B's directory (Berit's opaque id), then A sends the invitation.
    const url = `${idB.descriptor.url}/fed/v1/directory?q=ber`;
    const headers = await signRequest({ method: "GET", url }, idA, clock);
    const { people } = (await (await fetch(url, { headers })).json()) as { people: { id: string }[] };
    const invitation = {
      ...invitationPayload({ id: randomUUID(), person: people[0]?.id ?? "", purpose: "Samordna stödet" }),
      caseCode: code,
    };
    const res = await signedPost(`${idB.descriptor.url}/fed/v1/invitations`, invitation, idA, clock);
    expect(res.status).toBe(200);
    await until(() => Boolean(invitationCard()));
  });
  afterAll(async () => {
    await b?.close();
    await connector?.close();
  });

  const press = async (p: Person, verb: string, data: unknown) => {
    const res = await b.post({ ...execute(connector.serviceUrl, verb, data, as(p)), replyToId: "card-1" });
    expect(res.status).toBe(200);
    // No waiting for background work: the answer is stored before the press is answered, and its
    // delivery to A (an identity only here) stays queued.
    return ((await res.json()) as { value: unknown }).value;
  };
  const cardsTo = (p: Person) =>
    connector.calls
      .filter((c) => c.method === "POST" && c.path.startsWith(`/v3/conversations/${chatOf(p)}/activities`))
      .map((c) => cardOf(c.body));
  const invitationCard = () => cardsTo(berit).find((c) => dataOf(c, VERBS.acceptInvite));
  /** "Mina SIP" as the person opens it on B: the card's button (answered in place). */
  const mine = async (p: Person) => cardText(await press(p, VERBS.showMine, { offset: 0 }));

  it("Berit's Mina SIP lists the invitation from A, with 'answer' waiting", async () => {
    // An older case of Berit's own at B: the invitation, newer, comes first in the one list.
    const local = await seedCase(b.db, {
      tenant: "tenant-1",
      convener: berit.id,
      createdAt: "2026-11-01T09:00:00Z",
    });
    // Written "mina": the list comes as a message in her chat.
    const sent = cardsTo(berit).length;
    await b.post(message(connector.serviceUrl, "mina", as(berit)));
    const text = cardText(cardsTo(berit)[sent]);
    expect(text).toContain(`${code} · Karlstads kommun · deltagare`);
    expect(text).toContain("Kallelse, inte besvarad");
    expect(text).toContain("SIP-möte 10 december 2026");
    expect(text).toContain("Väntar på dig: Svara på kallelsen");
    expect(text).toContain("1–2 av 2");
    expect(text.indexOf(code)).toBeLessThan(text.indexOf(local));
    const en = cardText(await press({ ...berit, locale: "en-GB" }, VERBS.showMine, { offset: 0 }));
    expect(en).toContain(`${code} · Karlstads kommun · participant`);
    expect(en).toContain("Waiting for you: Answer the invitation");
  });

  it("a colleague at B and the same user id in another tenant do not see it", async () => {
    expect(await mine(sven)).toContain("Du har inga SIP:ar ännu");
    const otherTenant = await mine({ ...berit, tenantId: "tenant-2" });
    expect(otherTenant).toContain("Du har inga SIP:ar ännu");
    expect(otherTenant).not.toContain(code);
  });

  it("once she accepts, nothing waits and the answer is its status", async () => {
    await press(berit, VERBS.acceptInvite, dataOf(invitationCard(), VERBS.acceptInvite));
    const text = await mine(berit);
    expect(text).toContain("Du har accepterat kallelsen");
    expect(text).toContain("SIP-möte 10 december 2026");
    expect(text).not.toContain("Svara på kallelsen");
    expect(text).toContain("1–2 av 2");
  });
});
