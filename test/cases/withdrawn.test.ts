import { describe, expect, it } from "vitest";
import { canAct, canView } from "../../src/cases/access.js";
import type { Invitee } from "../../src/cases/model.js";
import { answer } from "../../src/cases/workflow.js";
import { invitationCard, trackingCard } from "../../src/cards/case-views.js";
import { cardText } from "../helpers/activities.js";
import { DETAILS } from "../fixtures/kallelse.js";

/** An invitation withdrawn by a narrowed consent: no answer, no content, a status on the tracking card. */
const invitee: Invitee = {
  id: "00000000-0000-4000-8000-000000000001",
  kallelseId: "00000000-0000-4000-8000-000000000002",
  seq: 1,
  kind: "teams",
  userId: "29:a",
  name: "Anna BUP",
  orgType: "region",
  participation: "convened",
  contribution: "Bedömning",
  status: "withdrawn",
};
const actor = { userId: "29:a", tenantId: "t" };

describe("a withdrawn invitation", () => {
  it("is still the invitee's to see, no longer to answer", () => {
    const subject = { kind: "invitation", invitee, case: { tenantId: "t" } } as const;
    expect(canView(actor, subject)).toBe(true);
    expect(canAct(actor, subject)).toBe(false);
    for (const action of [{ kind: "accept" }, { kind: "decline", reason: "x" }] as const)
      expect(answer(invitee, { tenantId: "t" }, actor, action)).toEqual({ kind: "already_answered" });
  });

  it("shows the case code only, in Swedish and English", () => {
    const sv = cardText(
      invitationCard("sv", {
        caseCode: "SIP-ABCD",
        convenerName: "K",
        details: DETAILS,
        invitee,
        region: "national",
      }),
    );
    expect(sv).toContain("Kallelsen i ärende SIP-ABCD är återkallad");
    expect(sv).not.toContain(DETAILS.purpose);
    const en = cardText(
      invitationCard("en", {
        caseCode: "SIP-ABCD",
        convenerName: "K",
        details: DETAILS,
        invitee,
        region: "national",
      }),
    );
    expect(en).toContain("The invitation in case SIP-ABCD is withdrawn");
  });

  it("is named on the tracking card", () => {
    const text = (locale: "sv" | "en") =>
      cardText(
        trackingCard(locale, {
          kallelseId: invitee.kallelseId,
          caseCode: "SIP-ABCD",
          convenerUserId: "29:k",
          details: DETAILS,
          invitees: [invitee],
          links: [],
          unreachable: [],
          excluded: ["region"],
          region: "national",
        }),
      );
    expect(text("sv")).toContain("Samtycket återkallat – ska inte delta");
    expect(text("en")).toContain("Consent withdrawn – must not take part");
  });
});
