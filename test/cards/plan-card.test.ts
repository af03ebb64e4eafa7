import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/cases/plan.js";
import { planCard, reminderCard } from "../../src/cards/plan-views.js";
import { cardText } from "../helpers/activities.js";

/** CONTRACT v3 "The plan and kallelse": KVÅ for health care only, documentation, discharge, turning 18. */
const plan: Plan = {
  caseId: "33333333-3333-4333-8333-333333333333",
  lead: { userId: "29:lead", tenantId: "t", name: "Lena Ledare" },
  leadOrg: "socialtjanst",
  meetingDate: "2026-12-01",
  followUpDate: "2027-02-15",
  interventions: [],
  recordedBy: "aad-k",
  version: 1,
};
const saved = { kallelseId: "11111111-1111-4111-8111-111111111111", code: "SIP-AB12", plan, absent: [] };
const reminder = {
  reminderId: "22222222-2222-4222-8222-222222222222",
  code: "SIP-AB12",
  aboutDate: "2027-05-20",
  actionable: true,
  open: true,
};

describe("the plan card", () => {
  it("addresses the KVÅ code to health care, and only when health care takes part", () => {
    expect(cardText(planCard("sv", { ...saved, kva: "AU124" }))).toContain(
      "Hälso- och sjukvården (region / kommunal hälso- och sjukvård) registrerar KVÅ-kod AU124",
    );
    expect(cardText(planCard("en", { ...saved, kva: "AU125" }))).toContain(
      "Health care (the region / municipal health care) registers KVÅ code AU125",
    );
    expect(cardText(planCard("sv", saved))).not.toContain("KVÅ");
    expect(cardText(planCard("en", saved))).not.toContain("KVÅ");
  });

  it("tells every principal to document the plan and the consent in their own records, and who gets a copy", () => {
    const sv = cardText(planCard("sv", saved));
    expect(sv).toContain("varje huvudman dokumenterar planen och samtycket i sin egen journal eller akt");
    expect(sv).toContain("SIP-lotsen är ingen journal");
    expect(sv).toContain("Personen (för ett barn vårdnadshavarna) får en kopia av planen");
    expect(sv).toContain("närstående får en om personen inte motsätter sig det");
    const en = cardText(planCard("en", saved));
    expect(en).toContain("each principal documents the plan and the consent in its own record or case file");
    expect(en).toContain("next of kin get one unless the person objects");
  });

  it("saved again: the change is documented and the new plan copied", () => {
    const sv = cardText(planCard("sv", { ...saved, plan: { ...plan, version: 2 } }));
    expect(sv).toContain("Planen är ändrad. Varje huvudman dokumenterar den nya planen och samtycket");
    expect(sv).toContain("får en kopia av den nya planen");
    expect(sv).not.toContain("får en kopia av planen,");
    const en = cardText(planCard("en", { ...saved, plan: { ...plan, version: 2 } }));
    expect(en).toContain("The plan has changed. Each principal documents the new plan");
  });
});

describe("reminder cards", () => {
  it("closed from a reminder: every principal documents the closure, and who gets a copy", () => {
    const closed = { ...reminder, kind: "follow_up_due" as const, open: false, outcome: "Avslutad" };
    const sv = cardText(reminderCard("sv", { ...closed, closed: true }));
    expect(sv).toContain("Varje huvudman dokumenterar avslutet och skälet i sin egen journal eller akt");
    expect(sv).toContain("får en kopia av den avslutade planen");
    expect(cardText(reminderCard("en", { ...closed, closed: true }))).toContain(
      "Each principal documents the closure and its reason in its own record or case file",
    );
    expect(cardText(reminderCard("sv", closed))).not.toContain("dokumenterar avslutet");
  });

  it("a discharge: the kallelse is due, not the meeting", () => {
    const r = { ...reminder, kind: "discharge_deadline" as const, aboutDate: "2026-12-04" };
    const sv = cardText(reminderCard("sv", r));
    expect(sv).toContain("kallelsen till SIP-mötet ska skickas senast 4 december 2026");
    expect(sv).not.toContain("ska hållas");
    const en = cardText(reminderCard("en", r));
    expect(en).toContain("the invitation to the SIP meeting must be sent by 4 December 2026");
    expect(en).not.toContain("must be held");
  });

  it("turning 18: the guardians' consent ends and the young person's own is needed from that day", () => {
    const r = { ...reminder, kind: "reconsent_18" as const };
    expect(cardText(reminderCard("sv", r))).toContain(
      "Den unge fyller 18 år 20 maj 2027: vårdnadshavarnas samtycke upphör då, och den unges eget samtycke behövs från den dagen.",
    );
    expect(cardText(reminderCard("en", r))).toContain(
      "The young person turns 18 on 20 May 2027: the guardians' consent ends then",
    );
  });
});
