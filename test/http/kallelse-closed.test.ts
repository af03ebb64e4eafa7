import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import type { Db } from "../../src/store/db.js";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, chatOf, dataOf, presser } from "../helpers/multi-user.js";
import { mintLinks } from "../helpers/paper-kallelse.js";
import { startTestServer } from "../helpers/server.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";
import { openedInvitees } from "../helpers/opened.js";

/**
 * A full withdrawal of consent ends the SIP (SIP-RULES §7): every invitation still standing is
 * withdrawn, delivered cards say so, answers and printable links stop working, and the case takes
 * no new kallelse. Only the convener can end it; a second press changes nothing.
 */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  bup: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-bup" },
  school: { id: "29:school", name: "Sara Skola", aadObjectId: "aad-school" },
};
const fields = {
  ...kallelseFormValues([
    { who: people.bup.id, orgType: "region", contribution: "Bedömning" },
    { who: people.school.id, orgType: "skola", contribution: "Skolans stöd" },
    { who: "external", orgType: "kommunal_hsv", contribution: "Hemsjukvård" },
  ]),
  p3Name: "Eva Extern",
  p3Organisation: "Hemsjukvården",
  // Three professionals around one family: the convener has seen the balance warning.
  balanceAck: "true",
};

const statuses = async (db: Db) =>
  Object.fromEntries((await openedInvitees(db)).map((r) => [r.name, r.status]));

describe("a full withdrawal of consent ends the SIP", () => {
  it("withdraws every invitation, tells those in Teams, refuses answers and new kallelser", async () => {
    const connector = await startFakeConnector();
    const server = await startTestServer();
    const { press, calls } = presser(() => server, connector);
    const closedAudits = async () =>
      (await server.db.query("SELECT 1 FROM audit_log WHERE action = 'case.closed'")).length;
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      const form = cardOf(connector.sent().at(-1));
      const submitData = { ...fields, ...dataOf(form, VERBS.submitKallelse) };
      connector.clear();
      const tracking = await press(people.convener, VERBS.submitKallelse, submitData, "form-1");
      const kallelseId = String(dataOf(tracking, VERBS.withdrawConsent)?.kallelseId);
      const bupCard = cardOf(calls(people.bup)[0]?.body);
      const schoolCard = cardOf(calls(people.school)[0]?.body);
      await press(people.school, VERBS.acceptInvite, dataOf(schoolCard, VERBS.acceptInvite));
      const before = await press(people.convener, VERBS.refreshTracking, { kallelseId });
      const { letter: printUrl } = await mintLinks(press, people.convener, before, "Eva Extern");
      expect((await fetch(printUrl)).status).toBe(200);
      expect(await statuses(server.db)).toEqual({
        "Anna BUP": "invited",
        "Sara Skola": "accepted",
        "Eva Extern": "printable",
      });

      // Someone else pressing it ends nothing.
      expect(cardText(await press(people.bup, VERBS.withdrawConsent, { kallelseId }))).toContain(
        "hör inte till dig",
      );
      expect(await closedAudits()).toBe(0);

      connector.clear();
      const closed = await press(people.convener, VERBS.withdrawConsent, { kallelseId });
      const text = cardText(closed);
      expect(text).toContain("SIP:en avslutades");
      expect(text).toContain("En ny SIP kräver nytt samtycke");
      expect(text.match(/Samtycket återkallat – ska inte delta/g)).toHaveLength(3);
      // No scope or consent left to change on an ended SIP.
      expect(dataOf(closed, VERBS.withdrawConsent)).toBeUndefined();
      expect(dataOf(closed, VERBS.narrowScope)).toBeUndefined();
      expect(await statuses(server.db)).toEqual({
        "Anna BUP": "withdrawn",
        "Sara Skola": "withdrawn",
        "Eva Extern": "withdrawn",
      });
      const [row] = await server.db.query<{ status: string; closed_reason: string; closed_at: Date | null }>(
        "SELECT status, closed_reason, closed_at FROM cases",
      );
      expect(row).toMatchObject({ status: "closed", closed_reason: "consent_withdrawn" });
      expect(row?.closed_at).not.toBeNull();
      expect(await closedAudits()).toBe(1);

      // Anna's and Sara's cards in Teams are replaced: the SIP has ended, no content, no buttons.
      for (const p of [people.bup, people.school]) {
        const [put] = calls(p, "PUT");
        const replaced = cardText(cardOf(put?.body));
        expect(replaced).toContain("SIP:en är avslutad");
        expect(replaced).not.toContain("Samordna stödet");
        expect(dataOf(cardOf(put?.body), VERBS.acceptInvite)).toBeUndefined();
      }
      // Her Accept on the old card is refused; Eva's printable link is ended.
      const answer = await press(people.bup, VERBS.acceptInvite, dataOf(bupCard, VERBS.acceptInvite));
      expect(cardText(answer)).toContain("Kallelsen är återkallad");
      expect((await statuses(server.db))["Anna BUP"]).toBe("withdrawn");
      expect((await fetch(printUrl)).status).toBe(404);

      // A second press, a narrowing and a new kallelse on the ended case change nothing.
      connector.clear();
      await press(people.convener, VERBS.withdrawConsent, { kallelseId });
      await press(people.convener, VERBS.narrowScope, { kallelseId, withdrawnServices: "skola" });
      const again = await press(people.convener, VERBS.submitKallelse, submitData, "form-2");
      expect(cardText(again)).toContain("är avslutad");
      const more = await press(people.convener, VERBS.kallelseRows, { ...submitData, rows: "3" }, "form-2");
      expect(cardText(more)).toContain("är avslutad");
      expect(await closedAudits()).toBe(1);
      expect(
        (await server.db.query("SELECT 1 FROM audit_log WHERE action = 'case.scope_narrowed'")).length,
      ).toBe(0);
      expect((await server.db.query("SELECT 1 FROM kallelser")).length).toBe(1);
      // Nothing went to anyone; the convener got no new form (only their pressed card, answered).
      expect(
        connector.calls.filter((c) => !c.path.startsWith(`/v3/conversations/${chatOf(people.convener)}/`)),
      ).toEqual([]);
      expect(calls(people.convener)).toEqual([]);
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
