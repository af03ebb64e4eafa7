import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, execute, message, TENANT, USER } from "../helpers/activities.js";
import { routeHarness } from "../helpers/bot.js";
import { as, dataOf } from "../helpers/multi-user.js";
import { seedCase } from "../fixtures/mine.js";

const SU = "https://smba.example.test/emea/";
const STRANGER = { id: "29:stranger", aadObjectId: "aad-stranger", name: "Sam Stranger" };
// The same user id as USER, in another organisation's tenant.
const OTHER_TENANT = { ...USER, tenantId: "tenant-2" };

let h: Awaited<ReturnType<typeof routeHarness>>;
const codes: string[] = []; // oldest first
beforeAll(async () => {
  h = await routeHarness();
});
afterAll(() => h.close());

const textOf = (replies: unknown[]) => cardText(cardOf(replies.find((r) => cardOf(r as never)) as never));
/** Case codes on a card, in the order shown. */
const codesOn = (text: string) => [...text.matchAll(/SIP-[A-Z0-9]{4}/g)].map((m) => m[0]);

describe("Mina SIP", () => {
  it("says what to do when the user has no SIPs, in Swedish and in English", async () => {
    const sv = textOf(await h.turn(message(SU, "mina")));
    expect(sv).toContain("Du har inga SIP:ar ännu");
    expect(sv).toContain("Skriv bedöm");
    expect(sv).toContain("Bedöm behov");
    const en = textOf(await h.turn(message(SU, "mine", { locale: "en-US" })));
    expect(en).toContain("You have no SIPs yet");
    expect(en).toContain("Type assess");
  });

  it("the welcome card's button is no longer 'kommer snart' and sends the list below", async () => {
    const welcome = JSON.stringify(cardOf((await h.turn(message(SU, "hjälp")))[0]));
    expect(welcome).toContain('"title":"Mina SIP"');
    expect(welcome).toContain(`"verb":"${VERBS.openMine}"`);
    const replies = await h.turn(execute(SU, VERBS.openMine, {}));
    expect(textOf(replies)).toContain("Mina SIP");
    const ack = replies.find((r) => r.type === "invokeResponse");
    expect(JSON.stringify(ack?.value)).toContain("nytt meddelande nedan");
  });

  it("shows each role with status, next date and what waits", async () => {
    codes.push(
      await seedCase(h.db, {
        tenant: TENANT,
        convener: USER.id,
        createdAt: "2026-09-01T09:00:00Z",
        kallelse: { date: "2026-12-17", invitees: [{ userId: "29:a", status: "invited" }] },
      }),
      await seedCase(h.db, {
        tenant: TENANT,
        convener: "29:colleague",
        createdAt: "2026-09-02T09:00:00Z",
        kallelse: { date: "2026-12-10", invitees: [{ userId: USER.id, status: "invited" }] },
      }),
      await seedCase(h.db, {
        tenant: TENANT,
        convener: "29:colleague",
        createdAt: "2026-09-03T09:00:00Z",
        kallelse: { date: "2026-11-02", invitees: [] },
        plan: { lead: USER.id, leadTenant: TENANT, meeting: "2026-11-02", followUp: "2026-11-30" },
      }),
    );
    const text = textOf(await h.turn(message(SU, "mina")));
    expect(codesOn(text)).toEqual([...codes].reverse());
    expect(text).toContain(`${codes[0]} · sammankallande`);
    expect(text).toContain("SIP-möte 17 december 2026");
    expect(text).toContain("Väntar på dig: 1 har inte svarat");
    expect(text).toContain(`${codes[1]} · deltagare`);
    expect(text).toContain("Väntar på dig: Svara på kallelsen");
    expect(text).toContain(`${codes[2]} · huvudansvarig`);
    expect(text).toContain("Plan registrerad");
    expect(text).toContain("Uppföljning 30 november 2026");
    expect(text).toContain("Väntar på dig: Kalla till uppföljning");

    const en = textOf(await h.turn(message(SU, "mine", { locale: "en-GB" })));
    expect(en).toContain(`${codes[2]} · lead`);
    expect(en).toContain("Follow-up 30 November 2026");
    expect(en).toContain("Waiting for you: Answer the invitation");
  });

  it("25 cases: the newest 20 and 'Visa fler', which shows the other 5 in place", async () => {
    for (let i = 3; i < 25; i++)
      codes.push(
        await seedCase(h.db, {
          tenant: TENANT,
          convener: USER.id,
          createdAt: `2026-10-${String(i).padStart(2, "0")}T09:00:00Z`,
        }),
      );
    const newestFirst = [...codes].reverse();
    const first = cardOf((await h.turn(message(SU, "mina")))[0]);
    expect(codesOn(cardText(first))).toEqual(newestFirst.slice(0, 20));
    expect(cardText(first)).toContain("1–20 av 25");
    const more = dataOf(first, VERBS.showMine);
    expect(more).toEqual({ offset: 20 });

    const [response] = await h.turn(execute(SU, VERBS.showMine, more));
    const second = cardOf(response);
    expect(codesOn(cardText(second))).toEqual(newestFirst.slice(20));
    expect(cardText(second)).toContain("21–25 av 25");
    expect(cardText(second)).not.toContain("Visa fler");
    expect(dataOf(second, VERBS.showMine)).toEqual({ offset: 0 }); // "Till början"
  });

  it("a stranger pressing 'Visa fler' sees their own (empty) list, and another tenant sees nothing", async () => {
    const [stranger] = await h.turn(execute(SU, VERBS.showMine, { offset: 20 }, as(STRANGER)));
    expect(cardText(cardOf(stranger))).toContain("Du har inga SIP:ar ännu");
    const [other] = await h.turn(execute(SU, VERBS.showMine, { offset: 0 }, as(OTHER_TENANT)));
    const text = cardText(cardOf(other));
    expect(text).toContain("Du har inga SIP:ar ännu");
    expect(codesOn(text)).toEqual([]);
    const otherMina = textOf(await h.turn(message(SU, "mina", as(OTHER_TENANT))));
    expect(codesOn(otherMina)).toEqual([]);
  });

  it("an unreadable offset, or one past the end, shows the start of the list", async () => {
    for (const data of [{ offset: "x" }, { offset: 500 }, "junk", null]) {
      const [r] = await h.turn(execute(SU, VERBS.showMine, data));
      expect(codesOn(cardText(cardOf(r)))[0]).toBe(codes[24]);
    }
  });

  it("a welcome card sent before this still opens the list from its 'kommer snart' button", async () => {
    const replies = await h.turn(execute(SU, VERBS.comingSoon, { feature: "mine" }));
    expect(codesOn(textOf(replies))).toHaveLength(20);
  });
});
