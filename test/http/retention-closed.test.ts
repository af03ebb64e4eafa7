import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { retentionPass } from "../../src/services/retention.js";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { fixedClock } from "../helpers/bot.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, dataOf, presser } from "../helpers/multi-user.js";
import { mintLinks } from "../helpers/paper-kallelse.js";
import { startTestServer } from "../helpers/server.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";

/**
 * Retention (issue 11) erases a closed case's free text; the buttons of its old cards must still
 * answer as for any ended SIP, not with an error.
 */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  bup: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-bup" },
};
const fields = {
  ...kallelseFormValues([
    { who: people.bup.id, orgType: "region", contribution: "Bedömning" },
    { who: "external", orgType: "kommunal_hsv", contribution: "Hemsjukvård" },
  ]),
  p2Name: "Eva Extern",
  p2Organisation: "Hemsjukvården",
};

describe("an erased case's old buttons", () => {
  it("answer that the SIP has ended, and its printable link is gone", async () => {
    const connector = await startFakeConnector();
    const server = await startTestServer();
    const { press, calls } = presser(() => server, connector);
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      const form = cardOf(connector.sent().at(-1));
      const submitData = { ...fields, ...dataOf(form, VERBS.submitKallelse) };
      connector.clear();
      const tracking = await press(people.convener, VERBS.submitKallelse, submitData, "form-1");
      const kallelseId = String(dataOf(tracking, VERBS.withdrawConsent)?.kallelseId);
      const bupCard = cardOf(calls(people.bup)[0]?.body);
      const before = await press(people.convener, VERBS.refreshTracking, { kallelseId });
      const { letter } = await mintLinks(press, people.convener, before, "Eva Extern");
      expect((await fetch(letter)).status).toBe(200);
      await press(people.convener, VERBS.withdrawConsent, { kallelseId });
      expect(await server.db.query("SELECT 1 FROM print_links")).toHaveLength(1);

      // 91 days after the server's clock closed it, the daily pass erases it.
      const later = { now: () => new Date(fixedClock.now().getTime() + 91 * 86_400_000) };
      const logger = { info: () => undefined };
      expect(await retentionPass({ db: server.db, clock: later, logger, retentionDays: 90 })).toEqual({
        erased: 1,
      });

      const answer = await press(people.bup, VERBS.acceptInvite, dataOf(bupCard, VERBS.acceptInvite));
      expect(cardText(answer)).toContain("Kallelsen är återkallad");
      const refreshed = cardText(await press(people.convener, VERBS.refreshTracking, { kallelseId }));
      expect(refreshed).toContain("SIP:en avslutades");
      for (const text of ["Anna BUP", "Eva Extern", "Hemsjukvården", "Familjecentralen"])
        expect(refreshed).not.toContain(text);
      expect(refreshed).toContain("(raderad)");
      const again = await press(people.convener, VERBS.submitKallelse, submitData, "form-2");
      expect(cardText(again)).toContain("är avslutad");
      const withdrawn = cardText(await press(people.convener, VERBS.withdrawConsent, { kallelseId }));
      expect(withdrawn).toContain("SIP:en avslutades");
      expect(await server.db.query("SELECT 1 FROM print_links")).toEqual([]);
      expect((await fetch(letter)).status).toBe(404);
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
