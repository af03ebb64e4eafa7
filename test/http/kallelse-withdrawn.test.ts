import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import type { Db } from "../../src/store/db.js";
import { cardOf, cardText, execute, membersAdded } from "../helpers/activities.js";
import { startFakeConnector, type ScriptedResponse } from "../helpers/fake-connector.js";
import { as, chatOf, dataOf, presser, type Person } from "../helpers/multi-user.js";
import { mintLinks } from "../helpers/paper-kallelse.js";
import { startTestServer } from "../helpers/server.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";
import { openedInvitees } from "../helpers/opened.js";

/**
 * A partial withdrawal of consent withdraws the invitations of the services it excludes: a send
 * still due never goes out, a delivered card is replaced and cannot be answered, a printable link
 * ends; the other invitees are untouched. One that leaves a whole side out ends the SIP (v3).
 */
const people = {
  convener: { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" },
  soc: { id: "29:soc", name: "Sune Soc", aadObjectId: "aad-soc" },
  bup: { id: "29:bup", name: "Anna BUP", aadObjectId: "aad-bup" },
  school: { id: "29:school", name: "Sara Skola", aadObjectId: "aad-school" },
};
const fields = {
  ...kallelseFormValues([
    { who: people.school.id, orgType: "skola", contribution: "Skolans stöd" },
    { who: people.bup.id, orgType: "region", contribution: "Bedömning" },
    { who: people.soc.id, orgType: "socialtjanst", contribution: "Insatser" },
    { who: "external", orgType: "forsakringskassan", contribution: "Ersättning" },
  ]),
  p4Name: "Eva Extern",
  p4Organisation: "Försäkringskassan",
  // Four professionals around one family: the convener has seen the balance warning.
  balanceAck: "true",
};
// The test server's sender makes three calls per send (maxRetries 2); Retry-After 0 keeps it from waiting.
const throttled: ScriptedResponse[] = Array.from({ length: 3 }, () => ({
  status: 429,
  headers: { "Retry-After": "0" },
}));
const WITHDRAWN = "Samtycket återkallat – ska inte delta";

const statuses = async (db: Db) =>
  Object.fromEntries((await openedInvitees(db)).map((r) => [r.name, r.status]));

describe("a partial withdrawal of consent withdraws the excluded services' invitations", () => {
  it("sends no pending one, replaces a delivered card, refuses its answer, ends a printable link", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sip-withdrawn-"));
    const connector = await startFakeConnector();
    let server = await startTestServer({ DATA_DIR: dir });
    const { press, calls } = presser(() => server, connector);
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      const form = cardOf(connector.sent().at(-1));
      connector.clear();
      // Sara's send is throttled through every retry: pending, with a retry due later.
      connector.script({ status: 200, body: { id: "form-1" } }, ...throttled);
      const tracking = await press(
        people.convener,
        VERBS.submitKallelse,
        { ...fields, ...dataOf(form, VERBS.submitKallelse) },
        "form-1",
      );
      expect(calls(people.school)).toHaveLength(3);
      expect(await statuses(server.db)).toEqual({
        "Sara Skola": "pending",
        "Anna BUP": "invited",
        "Sune Soc": "invited",
        "Eva Extern": "printable",
      });
      const kallelseId = String(dataOf(tracking, VERBS.narrowScope)?.kallelseId);
      const before = await press(people.convener, VERBS.refreshTracking, { kallelseId });
      const { letter: printUrl } = await mintLinks(press, people.convener, before, "Eva Extern");
      expect((await fetch(printUrl)).status).toBe(200);
      const bupCard = cardOf(calls(people.bup)[0]?.body);
      const socCard = cardOf(calls(people.soc)[0]?.body);
      connector.clear();

      const narrowed = await press(people.convener, VERBS.narrowScope, {
        kallelseId,
        // Social services and municipal health care remain: the SIP goes on.
        withdrawnServices: "skola,region,forsakringskassan",
      });
      // The tracking card says so of each; Sune's invitation stands.
      const text = cardText(narrowed);
      expect(text.match(new RegExp(WITHDRAWN, "g"))).toHaveLength(3);
      expect(text).toMatch(/Sune Soc[^]*Inväntar svar/);
      expect(text).not.toContain("SIP:en avslutades");
      expect(await statuses(server.db)).toEqual({
        "Sara Skola": "withdrawn",
        "Anna BUP": "withdrawn",
        "Sune Soc": "invited",
        "Eva Extern": "withdrawn",
      });

      // Anna's card is replaced in place: the case code only, no content, no buttons.
      const [put] = calls(people.bup, "PUT");
      expect(put?.path).toMatch(/\/activities\/activity-\d+$/);
      const replaced = cardText(cardOf(put?.body));
      expect(replaced).toContain("Kallelsen är återkallad");
      expect(replaced).toMatch(/SIP-[2-9A-Z]{4}/);
      expect(replaced).not.toContain("Samordna stödet");
      expect(dataOf(cardOf(put?.body), VERBS.acceptInvite)).toBeUndefined();
      expect(calls(people.soc, "PUT")).toEqual([]);
      expect(calls(people.school, "PUT")).toEqual([]);

      // Her Accept on the old card is refused and changes nothing.
      const answer = await press(people.bup, VERBS.acceptInvite, dataOf(bupCard, VERBS.acceptInvite));
      expect(cardText(answer)).toContain("Kallelsen är återkallad");
      expect(cardText(answer)).not.toContain("Samordna stödet");
      expect((await statuses(server.db))["Anna BUP"]).toBe("withdrawn");
      // Sune answers as before.
      await press(people.soc, VERBS.acceptInvite, dataOf(socCard, VERBS.acceptInvite));
      expect((await statuses(server.db))["Sune Soc"]).toBe("accepted");

      // Eva's printable link is ended.
      expect((await fetch(printUrl)).status).toBe(404);
      expect((await fetch(`${printUrl}.ics`)).status).toBe(404);
      const audit = await server.db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE action IN ('invitation.withdrawn', 'print_link.revoked')",
      );
      expect(audit.map((a) => a.action).sort()).toEqual([
        "invitation.withdrawn",
        "invitation.withdrawn",
        "invitation.withdrawn",
        "print_link.revoked",
      ]);

      // Sara's retry comes due and the sweep runs on the next start: nothing is sent to her.
      await server.db.query("UPDATE invitees SET next_attempt_at = now() - interval '1 minute'");
      await server.db.query("UPDATE invitees SET updated_at = now() - interval '2 hours'");
      await server.close();
      connector.clear();
      server = await startTestServer({ DATA_DIR: dir });
      await server.background.idle();
      expect(calls(people.school)).toEqual([]);
      expect(connector.calls).toEqual([]);
      expect((await statuses(server.db))["Sara Skola"]).toBe("withdrawn");
    } finally {
      await server.close();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("an invitation withdrawn while its delivery is under way", () => {
  it("is not sent: the delivery reads each invitee again before sending", async () => {
    const connector = await startFakeConnector();
    const server = await startTestServer();
    const post = async (p: Person, verb: string, data: unknown, replyToId: string) => {
      const res = await server.post({ ...execute(connector.serviceUrl, verb, data, as(p)), replyToId });
      return ((await res.json()) as { value: unknown }).value;
    };
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      await post(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      await server.background.idle();
      const form = cardOf(connector.sent().at(-1));
      connector.clear();
      // Sara's card is sent first and held: Anna waits behind it, already loaded as pending.
      let release = () => {};
      const hold = new Promise<void>((resolve) => (release = resolve));
      connector.script({ status: 200, body: { id: "form-1" } }, { status: 200, body: { id: "held" }, hold });
      const tracking = await post(
        people.convener,
        VERBS.submitKallelse,
        {
          ...kallelseFormValues([
            { who: people.school.id, orgType: "skola", contribution: "Skolans stöd" },
            { who: people.bup.id, orgType: "region", contribution: "Bedömning" },
          ]),
          ...dataOf(form, VERBS.submitKallelse),
        },
        "form-1",
      );
      const kallelseId = String(dataOf(tracking, VERBS.narrowScope)?.kallelseId);
      await post(people.convener, VERBS.narrowScope, { kallelseId, withdrawnServices: "region" }, "form-1");
      release();
      await server.background.idle();
      expect(
        connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/${chatOf(people.school)}/`)),
      ).toHaveLength(1);
      expect(connector.calls.filter((c) => c.path.includes(people.bup.id))).toEqual([]);
      expect(await statuses(server.db)).toEqual({ "Sara Skola": "invited", "Anna BUP": "withdrawn" });
    } finally {
      await server.close();
      await connector.close();
    }
  });
});

describe("a partial withdrawal that leaves a whole side out", () => {
  it("ends the SIP as a full withdrawal does, and the tracking card says why", async () => {
    const connector = await startFakeConnector();
    const server = await startTestServer();
    const { press, calls } = presser(() => server, connector);
    const audit = async (action: string) =>
      server.db.query<{ detail: Record<string, unknown> }>("SELECT detail FROM audit_log WHERE action = $1", [
        action,
      ]);
    try {
      for (const p of Object.values(people)) await server.post(membersAdded(connector.serviceUrl, as(p)));
      await press(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
      const form = cardOf(connector.sent().at(-1));
      connector.clear();
      const tracking = await press(
        people.convener,
        VERBS.submitKallelse,
        {
          ...kallelseFormValues([
            { who: people.soc.id, orgType: "socialtjanst", contribution: "Insatser" },
            { who: people.bup.id, orgType: "region", contribution: "Bedömning" },
            { who: people.school.id, orgType: "skola", contribution: "Skolans stöd" },
            { who: "external", orgType: "kommunal_hsv", contribution: "Hemsjukvård" },
          ]),
          p4Name: "Eva Extern",
          p4Organisation: "Hemsjukvården",
          balanceAck: "true",
          ...dataOf(form, VERBS.submitKallelse),
        },
        "form-1",
      );
      const kallelseId = String(dataOf(tracking, VERBS.narrowScope)?.kallelseId);
      const schoolCard = cardOf(calls(people.school)[0]?.body);
      const before = await press(people.convener, VERBS.refreshTracking, { kallelseId });
      const { letter: printUrl } = await mintLinks(press, people.convener, before, "Eva Extern");
      expect((await fetch(printUrl)).status).toBe(200);

      // Regional health care out: municipal health care remains, the SIP goes on.
      const narrow = (services: string) =>
        press(people.convener, VERBS.narrowScope, { kallelseId, withdrawnServices: services });
      expect(cardText(await narrow("region"))).not.toContain("SIP:en avslutades");
      expect((await server.db.query("SELECT 1 FROM cases WHERE status = 'open'")).length).toBe(1);

      // Municipal health care too: no health-care side is left, so no joint plan is possible.
      connector.clear();
      const ended = await narrow("kommunal_hsv");
      const text = cardText(ended);
      expect(text).toContain(
        "Samtycket omfattar inte längre hälso- och sjukvården: ingen gemensam plan enligt SoL/HSL är möjlig.",
      );
      expect(text).toContain("SIP:en avslutades");
      expect(dataOf(ended, VERBS.narrowScope)).toBeUndefined();
      expect(dataOf(ended, VERBS.withdrawConsent)).toBeUndefined();
      expect(await statuses(server.db)).toEqual({
        "Sune Soc": "withdrawn",
        "Anna BUP": "withdrawn",
        "Sara Skola": "withdrawn",
        "Eva Extern": "withdrawn",
      });
      const [row] = await server.db.query<{ status: string; closed_reason: string }>(
        "SELECT status, closed_reason FROM cases",
      );
      expect(row).toEqual({ status: "closed", closed_reason: "no_joint_plan" });
      expect(await audit("case.scope_narrowed")).toHaveLength(2);
      expect((await audit("case.closed")).map((a) => a.detail)).toEqual([{ reason: "no_joint_plan" }]);

      // Those in Teams are told the SIP has ended (Anna was told at the first narrowing).
      for (const p of [people.soc, people.school]) {
        const [put] = calls(p, "PUT");
        expect(cardText(cardOf(put?.body))).toContain("SIP:en är avslutad");
        expect(dataOf(cardOf(put?.body), VERBS.acceptInvite)).toBeUndefined();
      }
      // No answer, no letter, no new kallelse on the ended SIP.
      const answer = await press(people.school, VERBS.acceptInvite, dataOf(schoolCard, VERBS.acceptInvite));
      expect(cardText(answer)).toContain("Kallelsen är återkallad");
      expect((await statuses(server.db))["Sara Skola"]).toBe("withdrawn");
      expect((await fetch(printUrl)).status).toBe(404);
      const again = await press(
        people.convener,
        VERBS.submitKallelse,
        {
          ...kallelseFormValues([{ who: people.soc.id, orgType: "socialtjanst", contribution: "Insatser" }]),
          ...dataOf(form, VERBS.submitKallelse),
        },
        "form-2",
      );
      expect(cardText(again)).toContain("är avslutad");
      expect((await server.db.query("SELECT 1 FROM kallelser")).length).toBe(1);
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
