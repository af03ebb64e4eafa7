import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText } from "../helpers/activities.js";
import { dataOf } from "../helpers/multi-user.js";
import { FOLLOWUP_PEOPLE, fileServer, kallelseTo, savePlan } from "../fixtures/followup.js";
import { CaseRepository } from "../../src/store/cases.js";

/**
 * "The lead convenes the follow-up" (SIP-RULES §7): the lead pressing "Kalla till uppföljning" on
 * a reminder takes the case over as its convener, audited with ids; the former convener is told;
 * the lead gets the kallelse form filled in from the SIP and sends it like any convener. Only the
 * lead or the convener of the same tenant may press; a closed case refuses.
 */
const people = FOLLOWUP_PEOPLE;

const now = new Date("2027-01-20T08:00:00Z");
const { running, press, calls } = fileServer(people, () => now);

/** Every input's id and value on a card: what Teams submits when nothing is changed. */
function inputsOf(card: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(card)) for (const c of card) inputsOf(c, into);
  else if (card && typeof card === "object") {
    const o = card as Record<string, unknown>;
    if (String(o.type).startsWith("Input.") && typeof o.id === "string" && typeof o.value === "string")
      into[o.id] = o.value;
    for (const v of Object.values(o)) inputsOf(v, into);
  }
  return into;
}

// Read through the repository: the convener's name is sealed with the case's key (issue 20).
const theCase = async () => {
  const [row] = await running.server.db.query<{ id: string }>("SELECT id FROM cases");
  const c = row && (await new CaseRepository(running.server.db).getCase(row.id));
  return c && { convener_user_id: c.convenerUserId, convener_name: c.convenerName ?? null };
};

describe("the lead convenes the follow-up: a handover", () => {
  const s = { kallelseId: "", code: "", reminderId: "" };

  beforeAll(async () => {
    const made = await kallelseTo(press, running.connector, people.convener, people.bup, "region");
    s.kallelseId = made.kallelseId;
    s.code = /SIP-[A-Z0-9]{4}/.exec(cardText(made.tracking))?.[0] ?? "";
    const [inv] = await running.server.db.query<{ id: string }>("SELECT id FROM invitees");
    await press(people.bup, VERBS.acceptInvite, { inviteeId: inv?.id });
    await savePlan(press, people.convener, s.kallelseId, people.lead, "2027-01-20");
    const [r] = await running.server.db.query<{ id: string }>(
      "SELECT id FROM reminders WHERE kind = 'follow_up_due'",
    );
    s.reminderId = String(r?.id);
  });

  it("counts KVÅ for the plan: a region invitee came, though the lead is in social services (CONTRACT v3)", async () => {
    const audits = await running.server.db.query<{ detail: { kva?: string; leadOrg: string } }>(
      "SELECT detail FROM audit_log WHERE action = 'plan.saved'",
    );
    expect(audits.map((a) => [a.detail.leadOrg, a.detail.kva])).toEqual([["socialtjanst", "AU124"]]);
  });

  it("refuses anyone but the lead or convener: a colleague, another tenant's same id", async () => {
    for (const p of [people.colleague, people.other, people.bup]) {
      const answer = await press(p, VERBS.reminderFollowUp, { reminderId: s.reminderId });
      expect(cardText(answer)).toContain("gäller någon annan");
    }
    expect(await theCase()).toEqual({ convener_user_id: people.convener.id, convener_name: "Karin Kurator" });
    expect(
      await running.server.db.query("SELECT 1 FROM audit_log WHERE action = 'case.convener_changed'"),
    ).toEqual([]);
  });

  it("the lead takes over: convener changed and audited, the former convener told, the form to the lead", async () => {
    running.connector.clear();
    const answer = await press(people.lead, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    expect(cardText(answer)).toContain(
      `Du är nu sammankallande för ${s.code} och Karin Kurator har fått veta det`,
    );
    expect(await theCase()).toEqual({ convener_user_id: people.lead.id, convener_name: "Lena Ledare" });
    const audits = await running.server.db.query<{ actor: string; subject: string; detail: unknown }>(
      "SELECT actor, subject, detail FROM audit_log WHERE action = 'case.convener_changed'",
    );
    expect(audits).toEqual([
      {
        actor: "aad-lead",
        subject: s.code,
        detail: { from: people.convener.id, to: people.lead.id, reason: "follow_up" },
      },
    ]);
    // The old tracking card lies in Karin's chat: no update may put Lena's view there.
    expect(
      await running.server.db.query("SELECT 1 FROM kallelser WHERE tracking_conversation_id IS NOT NULL"),
    ).toEqual([]);

    const told = calls(people.convener).map((c) => cardText(cardOf(c.body)));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`Lena Ledare har tagit över som sammankallande för uppföljningen av ${s.code}`);
    const form = cardOf(calls(people.lead).at(-1)?.body);
    const values = inputsOf(form);
    expect(values.date).toBe("2027-01-20"); // the follow-up date
    expect(values.purpose).toBe("Samordna stödet");
    expect(values.p1Who).toBe(people.bup.id); // Anna is on the list again
  });

  it("the lead sends the kallelse: the invitees are invited by the lead, the tracking card is the lead's", async () => {
    const form = cardOf(calls(people.lead).at(-1)?.body);
    running.connector.clear();
    const tracking = await press(
      people.lead,
      VERBS.submitKallelse,
      { ...inputsOf(form), ...dataOf(form, VERBS.submitKallelse) },
      "lead-form-1",
    );
    expect(cardText(tracking)).toContain("Registrera SIP-möte");
    const invitation = cardText(cardOf(calls(people.bup).at(-1)?.body));
    expect(invitation).toContain(s.code);
    expect(invitation).toContain("Lena Ledare");
    const kallelser = await running.server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM kallelser",
    );
    expect(kallelser[0]?.n).toBe(2);
    const statuses = await running.server.db.query<{ status: string }>(
      "SELECT i.status FROM invitees i JOIN kallelser k ON k.id = i.kallelse_id ORDER BY k.created_at DESC LIMIT 1",
    );
    expect(statuses).toEqual([{ status: "invited" }]);
    expect(calls(people.convener)).toEqual([]); // nothing goes to Karin any more
  });

  it("the former convener's old cards are no longer hers; the lead, now convener, presses as before", async () => {
    const old = await press(people.convener, VERBS.refreshTracking, { kallelseId: s.kallelseId });
    expect(cardText(old)).toContain("hör inte till dig");
    const reminder = await press(people.convener, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    expect(cardText(reminder)).toContain("gäller någon annan");
    running.connector.clear();
    const again = await press(people.lead, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    expect(cardText(again)).toContain("Kallelsen till uppföljningen kommer nedan");
    expect(calls(people.convener)).toEqual([]); // no second handover message
  });

  it("a closed case refuses", async () => {
    await press(people.lead, VERBS.reminderClose, { reminderId: s.reminderId, reason: "goals_met" });
    running.connector.clear();
    const answer = await press(people.lead, VERBS.reminderFollowUp, { reminderId: s.reminderId });
    expect(cardText(answer)).toContain("är avslutad");
    expect(calls(people.lead)).toEqual([]);
  });
});
