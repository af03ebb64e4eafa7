import { describe, expect, it } from "vitest";
import { newCardKey } from "../../src/bot/card-data.js";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText, execute } from "../helpers/activities.js";
import { as, dataOf, multiUser } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";

/** Issue 8: a second press of the same card (a double click, Teams resending the invoke) changes nothing. */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  a: { id: "29:a", name: "Anna BUP", aadObjectId: "aad-a" },
  b: { id: "29:b", name: "Bengt Socialsekreterare", aadObjectId: "aad-b" },
};
const fields = kallelseFormValues([
  { who: people.a.id, orgType: "region", contribution: "Bedömning" },
  { who: people.b.id, orgType: "socialtjanst", contribution: "Insatser" },
]);

const h = multiUser(people);
const count = async (sql: string, params: unknown[] = []) =>
  (await h.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n ?? 0;
const kallelseIdOf = (card: unknown) => dataOf(card, VERBS.refreshTracking)?.kallelseId;

/** The data of "Skapa ärende och kallelse" on a fresh verdict card, as Teams sends it back. */
async function verdictPress(): Promise<Record<string, unknown>> {
  const verdict = await h.invoke(people.convener, VERBS.submitConsent, MAY_PROCEED_CONSENT, "consent-form");
  return dataOf(verdict, VERBS.createCase) ?? {};
}

/** A case with its kallelse form; the data "Skicka kallelse" sends, filled in. */
async function filledForm(replyToId: string): Promise<Record<string, unknown>> {
  h.connector.clear();
  await h.invoke(people.convener, VERBS.createCase, await verdictPress(), replyToId);
  const [form] = h.cardsTo(people.convener);
  return { ...fields, ...dataOf(form, VERBS.submitKallelse) };
}

/** Both presses at once over HTTP, as two taps reach two requests; their answers once all is sent. */
async function pressTwiceAtOnce(verb: string, data: unknown, replyToId: string) {
  const post = () =>
    h.server.post({ ...execute(h.connector.serviceUrl, verb, data, as(people.convener)), replyToId });
  const responses = await Promise.all([post(), post()]);
  const answers = await Promise.all(
    responses.map(async (r) => ((await r.json()) as { value: Record<string, unknown> }).value),
  );
  await h.server.background.idle();
  return answers;
}

describe("Skapa ärende och kallelse pressed twice", () => {
  it("one after the other: one case, one kallelse form, the same verdict card", async () => {
    const press = await verdictPress();
    const before = await count("cases");
    h.connector.clear();
    const first = await h.invoke(people.convener, VERBS.createCase, press, "verdict-1");
    const second = await h.invoke(people.convener, VERBS.createCase, press, "verdict-1");
    expect(await count("cases")).toBe(before + 1);
    expect(h.cardsTo(people.convener).map(cardText)).toEqual([
      expect.stringContaining("Kallelse till SIP-möte"),
    ]);
    expect(second).toEqual(first);
  });

  it("at once: one case and one form", async () => {
    const press = await verdictPress();
    const before = await count("cases");
    h.connector.clear();
    const [first, second] = await pressTwiceAtOnce(VERBS.createCase, press, "verdict-2");
    expect(await count("cases")).toBe(before + 1);
    expect(h.cardsTo(people.convener)).toHaveLength(1);
    expect(second).toEqual(first);
  });
});

describe("Skicka kallelse pressed twice", () => {
  it("one after the other: one kallelse, one card per partner, the same tracking card again", async () => {
    const data = await filledForm("verdict-3");
    h.connector.clear();
    const first = await h.invoke(people.convener, VERBS.submitKallelse, data, "form-3");
    const second = await h.invoke(people.convener, VERBS.submitKallelse, data, "form-3");
    expect(await count("kallelser WHERE case_id = $1", [data.caseId])).toBe(1);
    expect(h.cardsTo(people.a)).toHaveLength(1);
    expect(h.cardsTo(people.b)).toHaveLength(1);
    expect(kallelseIdOf(second)).toBe(kallelseIdOf(first));
    // The second answer is that kallelse's card as it stands now: both invitations went out.
    expect(cardText(second).match(/Inväntar svar/g)).toHaveLength(2);
  });

  it("at once (two invokes in flight): one kallelse, one card per partner, one tracking card", async () => {
    const data = await filledForm("verdict-4");
    h.connector.clear();
    const [first, second] = await pressTwiceAtOnce(VERBS.submitKallelse, data, "form-4");
    expect(await count("kallelser WHERE case_id = $1", [data.caseId])).toBe(1);
    expect(
      await count("invitees i JOIN kallelser k ON k.id = i.kallelse_id WHERE k.case_id = $1", [data.caseId]),
    ).toBe(2);
    expect(h.cardsTo(people.a)).toHaveLength(1);
    expect(h.cardsTo(people.b)).toHaveLength(1);
    expect(kallelseIdOf(first)).toBeDefined();
    expect(kallelseIdOf(second)).toBe(kallelseIdOf(first));
  });

  it("a follow-up kallelse for the same case, from a new form, is sent", async () => {
    const data = await filledForm("verdict-5");
    await h.invoke(people.convener, VERBS.submitKallelse, data, "form-5");
    // A form of its own (a follow-up meeting) carries its own key.
    const followUp = { ...data, idempotencyKey: newCardKey() };
    h.connector.clear();
    await h.invoke(people.convener, VERBS.submitKallelse, followUp, "form-6");
    expect(await count("kallelser WHERE case_id = $1", [data.caseId])).toBe(2);
    expect(h.cardsTo(people.a)).toHaveLength(1);
  });

  it("the form keeps its key when it comes back (more rows, a correction)", async () => {
    const data = await filledForm("verdict-7");
    // Letters only: a uuid can read as a personnummer to the guard, which would refuse it for good.
    expect(data.idempotencyKey).toMatch(/^[A-Za-z]{24}$/);
    const more = await h.invoke(people.convener, VERBS.kallelseRows, data, "form-7");
    expect(dataOf(more, VERBS.submitKallelse)?.idempotencyKey).toBe(data.idempotencyKey);
    const corrected = await h.invoke(
      people.convener,
      VERBS.submitKallelse,
      { ...data, purpose: "" },
      "form-7",
    );
    expect(dataOf(corrected, VERBS.submitKallelse)?.idempotencyKey).toBe(data.idempotencyKey);
  });
});
