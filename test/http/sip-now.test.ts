import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { clockFrom, type Clock } from "../../src/clock.js";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, dataOf, presser } from "../helpers/multi-user.js";
import { startServerAt } from "../helpers/server.js";
import { kallelseTo, savePlan } from "../fixtures/followup.js";
import { MAY_PROCEED_CONSENT } from "../fixtures/kallelse.js";

/**
 * Trying the follow-up (issue 11): a plan is saved today; the bot restarted with SIP_NOW at the
 * follow-up date sends every reminder already due at start, without waiting for a timer, and logs
 * one "reminders_dispatched" line per pass, an empty one too.
 */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  lead: { id: "29:lead", name: "Lena Ledare", aadObjectId: "aad-lead" },
};

describe("SIP_NOW", () => {
  it("a restart at the follow-up date sends the due reminders at start", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sip-now-"));
    const connector = await startFakeConnector();
    const start = (clock: Clock) => startServerAt(clock, { DATA_DIR: dir });
    let server = await start({ now: () => new Date("2026-11-26T10:00:00Z") });
    try {
      const { press, calls } = presser(() => server, connector);
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      const { kallelseId } = await kallelseTo(press, connector, people.convener, people.lead);
      await press(
        people.lead,
        VERBS.acceptInvite,
        calls(people.lead)
          .map((c) => dataOf(cardOf(c.body), VERBS.acceptInvite))
          .find(Boolean),
      );
      const saved = cardText(await savePlan(press, people.convener, kallelseId, people.lead, "2027-01-20"));
      // Social services only, no health care in the plan (CONTRACT v3): no KVÅ, on the card or counted.
      expect(saved).toContain("Lena Ledare (socialtjänsten)");
      expect(saved).not.toContain("KVÅ");
      const audits = await server.db.query<{ detail: object }>(
        "SELECT detail FROM audit_log WHERE action = 'plan.saved'",
      );
      expect(audits.map((a) => "kva" in a.detail)).toEqual([false]);
      expect(server.logLines.filter((l) => l.includes('"event":"reminders_dispatched"'))).toEqual([
        expect.stringContaining('"count":0'),
      ]);
      await server.close();

      connector.clear();
      server = await start(clockFrom(new Date("2027-01-20T09:00:00+01:00")));
      await server.background.idle();
      const texts = calls(people.lead).map((c) => cardText(cardOf(c.body)));
      expect(texts).toHaveLength(2);
      expect(texts.join("\n")).toContain("närmar sig");
      expect(texts.join("\n")).toContain("Uppföljningen är i dag, 20 januari 2027");
      expect(
        server.logLines.some((l) => l.includes('"event":"reminders_dispatched"') && l.includes('"count":2')),
      ).toBe(true);
      // The convener's "has not answered" reminder is not sent: the lead answered.
      expect(calls(people.convener)).toHaveLength(0);
    } finally {
      await server.close();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("SIP_NOW and a minor turning 18 (CONTRACT v3)", () => {
  it("a case from a consent with turns18On reminds its convener 30 days before, with no birthday in the log", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sip-now-18-"));
    const connector = await startFakeConnector();
    const start = (clock: Clock) => startServerAt(clock, { DATA_DIR: dir });
    let server = await start({ now: () => new Date("2026-11-26T10:00:00Z") });
    try {
      const { press, calls } = presser(() => server, connector);
      await server.post(membersAdded(connector.serviceUrl, as(people.convener)));
      const prefill = { ...MAY_PROCEED_CONSENT, age: "17", turns18On: "2027-01-15" };
      await press(people.convener, VERBS.createCase, { prefill }, "verdict-18");
      const [c] = await server.db.query<{ verdict: { reconsentOn?: string } }>("SELECT verdict FROM cases");
      expect(c?.verdict.reconsentOn).toBe("2027-01-15");
      await server.close();

      connector.clear();
      server = await start(clockFrom(new Date("2026-12-16T09:00:00+01:00")));
      await server.background.idle();
      const texts = calls(people.convener).map((call) => cardText(cardOf(call.body)));
      expect(texts).toEqual([expect.stringContaining("Den unge fyller 18 år 15 januari 2027")]);
      expect(server.logLines.filter((l) => l.includes("2027-01-15"))).toEqual([]);
    } finally {
      await server.close();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("clockFrom", () => {
  it("starts at the given instant and runs on with the base clock", () => {
    let t = 1_000;
    const base = { now: () => new Date(t) };
    const clock = clockFrom(new Date("2027-01-10T08:00:00Z"), base);
    expect(clock.now().toISOString()).toBe("2027-01-10T08:00:00.000Z");
    t += 90_000;
    expect(clock.now().toISOString()).toBe("2027-01-10T08:01:30.000Z");
  });
});
