import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";
import { base, cardOf, cardText, execute, membersAdded } from "./activities.js";
import { startFakeConnector } from "./fake-connector.js";
import {
  federationEnv,
  freePort,
  invitationPayload,
  movableClock,
  signedPost,
  testIdentity,
  type TestIdentity,
} from "./federation.js";
import { as, chatOf, dataOf, type Person } from "./multi-user.js";
import { startServerAt } from "./server.js";
import { openedInvitees } from "./opened.js";

export type Instance = Awaited<ReturnType<typeof startServerAt>>;
export const karin: Person = { id: "29:karin", name: "Karin Kurator", aadObjectId: "aad-karin" };
export const berit: Person = { id: "29:berit", name: "Berit Bergström", aadObjectId: "aad-berit" };
export const sven: Person = { id: "29:sven", name: "Sven Främling", aadObjectId: "aad-sven" };

/**
 * Two instances on one machine for a describe block (README "Federation"): A (Karin, the convener)
 * trusts B as "Regionen"; B (Berit and Sven) trusts A. Each has its own database, key and (fake)
 * Teams connector. B keeps its database on disk so it can be stopped and started again
 * (a peer that is down). Registers its own beforeAll/afterAll.
 */
export function federationPair(
  start = "2026-11-26T10:00:00Z",
  /** B's next key: A's entry for B lists it as `nextKey` (a key rotation under way). */
  o: { bNext?: TestIdentity } = {},
) {
  const clock = movableClock(start);
  const dir = mkdtempSync(join(tmpdir(), "sip-fed-b-"));
  const s = {} as {
    /** Each instance has its own Teams: A's users on one fake connector, B's on the other. */
    connA: Awaited<ReturnType<typeof startFakeConnector>>;
    connB: Awaited<ReturnType<typeof startFakeConnector>>;
    a: Instance;
    b: Instance;
    idA: TestIdentity;
    idB: TestIdentity;
    envB: Record<string, string>;
    beritValue: string;
    bUp: boolean;
  };

  beforeAll(async () => {
    [s.connA, s.connB] = await Promise.all([startFakeConnector(), startFakeConnector()]);
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    s.idA = testIdentity("Kommun A", `http://127.0.0.1:${portA}`);
    s.idB = testIdentity("Region B", `http://127.0.0.1:${portB}`);
    s.a = await startServerAt(clock, {
      ...federationEnv(s.idA, [
        {
          ...s.idB.descriptor,
          name: "Regionen",
          ...(o.bNext ? { nextKey: { keyId: o.bNext.keyId, publicKey: o.bNext.descriptor.publicKey } } : {}),
        },
      ]),
      PORT: String(portA),
    });
    s.envB = { ...federationEnv(s.idB, [s.idA.descriptor]), PORT: String(portB) };
    await pair.startB();
    await s.a.post(membersAdded(s.connA.serviceUrl, as(karin)));
    for (const p of [berit, sven]) await s.b.post(membersAdded(s.connB.serviceUrl, as(p)));
    // Karin's "Vem" asks B's directory: A learns Berit's opaque id and name.
    s.beritValue = (await pair.vem(s.a, karin, "ber")).get("Berit Bergström (Regionen)") ?? "";
    expect(s.beritValue).toMatch(/^fed:/);
  });
  afterAll(async () => {
    await s.a?.close();
    if (s.bUp) await s.b.close();
    await Promise.all([s.connA?.close(), s.connB?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the bot of `p`'s organisation sent to `p` (Karin is A's, everyone else B's). */
  const cardsTo = (p: Person, method = "POST") =>
    (p === karin ? s.connA : s.connB).calls
      .filter((c) => c.method === method && c.path.startsWith(`/v3/conversations/${chatOf(p)}/activities`))
      .map((c) => cardOf(c.body));

  const pair = {
    clock,
    get a() {
      return s.a;
    },
    get b() {
      return s.b;
    },
    get idA() {
      return s.idA;
    },
    get idB() {
      return s.idB;
    },
    get beritValue() {
      return s.beritValue;
    },

    /** Starts B on its database on disk; `env` adds to or overrides its settings (a restart). */
    async startB(env: Record<string, string> = {}) {
      s.b = await startServerAt(clock, { ...s.envB, DATA_DIR: dir, ...env });
      s.bUp = true;
    },
    async stopB() {
      s.bUp = false;
      await s.b.close();
    },
    cardsTo,
    /** "Vem" typed on `server` by `p`: the results, title → value (a peer's people included). */
    async vem(server: Instance, p: Person, queryText: string) {
      const res = await server.post({
        ...base((server === s.a ? s.connA : s.connB).serviceUrl, as(p)),
        type: "invoke",
        name: "application/search",
        value: { kind: "search", queryText, dataset: "sip.partners" },
      });
      const found = (await res.json()) as { value: { results: { title: string; value: string }[] } };
      return new Map(found.value.results.map((r) => [r.title, r.value]));
    },
    /** A card press on `server` as `p`; its answer card, after the turn's background work. */
    async press(server: Instance, p: Person, verb: string, data: unknown) {
      const res = await server.post({
        ...execute((server === s.a ? s.connA : s.connB).serviceUrl, verb, data, as(p)),
        replyToId: "card-1",
      });
      expect(res.status).toBe(200);
      await server.background.idle(5_000);
      return ((await res.json()) as { value: unknown }).value;
    },
    /** The first invitee of a case on A. */
    async inviteeOnA(caseCode: string) {
      // Through the store: the decline reason is sealed with the case's key (issue 20).
      const [c] = await s.a.db.query<{ id: string }>("SELECT id FROM cases WHERE code = $1", [caseCode]);
      const i = (await openedInvitees(s.a.db)).find((x) => x.caseId === c?.id);
      return i && { id: i.id, status: i.status, kind: i.kind, decline_reason: i.declineReason ?? null };
    },
    /** Karin sends a kallelse to Berit on B; the case code and the tracking card. */
    invite: (purpose = "Samordna stödet") =>
      pair.inviteFrom(s.a, karin, { who: s.beritValue, orgType: "region" }, purpose),
    /** `convener` on `server` sends a kallelse to one partner; the case code and the tracking card. */
    async inviteFrom(
      server: Instance,
      convener: Person,
      partner: { who: string; orgType: string },
      purpose: string,
    ) {
      const before = cardsTo(convener).length;
      await pair.press(server, convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
      // The kallelse form arrives as a new message in the convener's chat.
      const form = cardsTo(convener)
        .slice(before)
        .find((c) => dataOf(c, VERBS.submitKallelse));
      const caseId = String(dataOf(form, VERBS.submitKallelse)?.caseId);
      const tracking = await pair.press(server, convener, VERBS.submitKallelse, {
        caseId,
        rows: "1",
        ...kallelseFormValues([{ ...partner, contribution: "Bedömning" }]),
        purpose,
        balanceAck: "true",
      });
      const code = /SIP-[2-9A-Z]{4}/.exec(cardText(tracking))?.[0] ?? "";
      return { code, tracking };
    },
    /** Berit's invitation card of a case, as first sent. */
    cardFor: (code: string) => cardsTo(berit).find((c) => cardText(c).includes(code)),
    /** A signed POST to one of B's federation paths, as A would send it. */
    postToB: (path: string, payload: unknown) =>
      signedPost(`${s.idB.descriptor.url}/fed/v1/${path}`, payload, s.idA, clock),
    /** A signed POST to one of A's federation paths, signed by `who` (B, or a key A does not know). */
    postToA: (path: string, payload: unknown, who: TestIdentity = s.idB) =>
      signedPost(`${s.idA.descriptor.url}/fed/v1/${path}`, payload, who, clock),
    /** An invitation body for Berit as A would send it. */
    payload: (id: string, purpose: string) =>
      invitationPayload({ id, person: s.beritValue.split(":")[2] ?? "", purpose }),
  };
  return pair;
}
