import { describe, expect, it } from "vitest";
import type { CloseReason, Invitee, OrgType } from "../../src/cases/model.js";
import type { RegionOrAny } from "../../src/cases/workflow.js";
import { invitationCard, trackingCard } from "../../src/cards/case-views.js";
import { VERBS } from "../../src/cards/verbs.js";
import type { Locale } from "../../src/sip/index.js";
import { cardText } from "../helpers/activities.js";
import { DETAILS } from "../fixtures/kallelse.js";

/** CONTRACT v3 on the cards: the duty to attend only for a convened principal; why a SIP ended. */
const invitee = (orgType: OrgType, participation: Invitee["participation"] = "convened"): Invitee => ({
  id: "00000000-0000-4000-8000-000000000001",
  kallelseId: "00000000-0000-4000-8000-000000000002",
  seq: 1,
  kind: "teams",
  userId: "29:a",
  name: "Anna",
  orgType,
  participation,
  contribution: "Bidrag",
  status: "invited",
});
const invitation = (i: Invitee, region: RegionOrAny, locale: Locale = "sv") =>
  cardText(
    invitationCard(locale, { caseCode: "SIP-ABCD", convenerName: "K", details: DETAILS, invitee: i, region }),
  );

describe("the invitation card cites the duty to attend only to a convened principal", () => {
  it.each<[string, Invitee, RegionOrAny, boolean]>([
    ["regional health care", invitee("region"), "national", true],
    ["social services", invitee("socialtjanst"), "uppsala", true],
    // Stored as convened before v3, but no principal: an invitation.
    ["Försäkringskassan", invitee("forsakringskassan"), "national", false],
    ["a relative", invitee("narstaende"), "vgr", false],
    ["school outside VGR", invitee("skola"), "national", false],
    ["school in VGR", invitee("skola"), "vgr", true],
    ["school at a peer's convener (region unknown)", invitee("skola"), "any", true],
    ["Arbetsförmedlingen at a peer's convener", invitee("arbetsformedlingen"), "any", false],
    ["regional health care, invited", invitee("region", "invited"), "national", false],
  ])("%s", (_what, i, region, convened) => {
    const sv = invitation(i, region);
    expect(sv.includes("Kallelse till SIP-möte")).toBe(convened);
    expect(sv.includes("skyldiga att delta")).toBe(convened);
    expect(sv.includes("Inbjudan till SIP-möte")).toBe(!convened);
    expect(sv.includes("Deltagandet är frivilligt")).toBe(!convened);
    expect(invitation(i, region, "en").includes("obliged to attend")).toBe(convened);
  });
});

const tracking = (
  locale: Locale,
  opts: { excluded?: OrgType[]; closed?: CloseReason; invitees?: Invitee[] } = {},
) =>
  trackingCard(locale, {
    kallelseId: "k",
    caseCode: "SIP-ABCD",
    convenerUserId: "29:k",
    details: DETAILS,
    invitees: opts.invitees ?? [],
    links: [],
    unreachable: [],
    excluded: opts.excluded ?? [],
    region: "national",
    ...(opts.closed ? { closed: { on: "2026-11-27", reason: opts.closed } } : {}),
  });

describe("the tracking card", () => {
  it("shows one stored as convened who is no principal as invited", () => {
    const text = cardText(tracking("sv", { invitees: [invitee("region"), invitee("forsakringskassan")] }));
    expect(text).toContain("Region / hälso- och sjukvård · Kallas (skyldig att delta)");
    expect(text).toContain("Försäkringskassan · Bjuds in (frivilligt)");
  });

  it.each<[Locale, OrgType[], string]>([
    [
      "sv",
      ["socialtjanst"],
      "Samtycket omfattar inte längre socialtjänsten: ingen gemensam plan enligt SoL/HSL är möjlig. SIP:en avslutades 27 november 2026.",
    ],
    [
      "sv",
      ["region", "kommunal_hsv", "skola"],
      "Samtycket omfattar inte längre hälso- och sjukvården: ingen gemensam plan enligt SoL/HSL är möjlig.",
    ],
    [
      "sv",
      ["socialtjanst", "region", "kommunal_hsv"],
      "Samtycket omfattar inte längre socialtjänsten eller hälso- och sjukvården:",
    ],
    [
      "en",
      ["socialtjanst"],
      "Consent no longer covers social services: no joint plan under SoL/HSL is possible. The SIP ended on 27 November 2026.",
    ],
  ])("in %s, ended for want of a joint plan (%j): says which side is missing", (locale, excluded, says) => {
    const card = tracking(locale, { excluded, closed: "no_joint_plan" });
    expect(cardText(card)).toContain(says);
    expect(JSON.stringify(card)).not.toContain(VERBS.narrowScope);
  });

  it.each<[CloseReason, string]>([
    ["consent_withdrawn", "SIP:en avslutades 27 november 2026: personen återkallade sitt samtycke."],
    ["goals_met", "SIP:en avslutades 27 november 2026. Skäl: Målen är uppnådda."],
  ])("names any other end reason (%s)", (reason, says) => {
    const text = cardText(tracking("sv", { closed: reason }));
    expect(text).toContain(says);
    expect(text).not.toContain("ingen gemensam plan");
  });
});
