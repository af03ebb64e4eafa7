import { describe, expect, it } from "vitest";
import {
  at0800,
  deadlineReminders,
  healthCareTakesPart,
  planKva,
  planReminders,
  reconsentReminders,
  unansweredReminders,
  type Plan,
} from "../../src/cases/plan.js";
import { deviationDraft } from "../../src/cards/plan-views.js";
import { reminderDays } from "../../src/sip/index.js";

const plan: Plan = {
  caseId: "c",
  lead: { userId: "29:lead", tenantId: "t" },
  leadOrg: "region",
  meetingDate: "2027-03-01",
  followUpDate: "2027-03-30",
  consentUntil: "2027-10-31",
  interventions: [],
  recordedBy: "aad-k",
  version: 1,
};
const iso = (specs: { kind: string; dueAt: Date }[]) =>
  specs.map((s) => `${s.kind} ${s.dueAt.toISOString()}`);

describe("reminder dates", () => {
  it("08:00 in Sweden is 07:00 UTC in winter and 06:00 in summer, also on the days the clocks change", () => {
    expect(at0800("2027-01-15").toISOString()).toBe("2027-01-15T07:00:00.000Z");
    expect(at0800("2027-03-28").toISOString()).toBe("2027-03-28T06:00:00.000Z"); // summer time from 02:00
    expect(at0800("2027-10-31").toISOString()).toBe("2027-10-31T07:00:00.000Z"); // winter time from 03:00
    expect(at0800("2027-07-01").toISOString()).toBe("2027-07-01T06:00:00.000Z");
  });

  it("a plan reminds the lead 7 days before, on the day and 3 days after the follow-up, and 14 days before consent ends", () => {
    expect(iso(planReminders(plan, reminderDays("national")))).toEqual([
      "follow_up_soon 2027-03-23T07:00:00.000Z",
      "follow_up_due 2027-03-30T06:00:00.000Z",
      "follow_up_overdue 2027-04-02T06:00:00.000Z",
      "consent_ending 2027-10-17T06:00:00.000Z",
    ]);
    const noConsent: Plan = { ...plan };
    delete noConsent.consentUntil;
    expect(planReminders(noConsent, reminderDays("national")).map((s) => s.kind)).not.toContain(
      "consent_ending",
    );
    expect(new Set(planReminders(plan, reminderDays("national")).map((s) => s.recipient.userId))).toEqual(
      new Set(["29:lead"]),
    );
  });

  it("an unanswered invitation reminds the invitee after 3 days, then the convener 3 days later", () => {
    const specs = unansweredReminders(
      { id: "i", userId: "29:a" },
      { userId: "29:k", tenantId: "t" },
      "2026-12-01",
      reminderDays("national"),
    );
    expect(specs.map((s) => [s.kind, s.recipient.userId, s.dueAt.toISOString()])).toEqual([
      ["invitee_unanswered", "29:a", "2026-12-04T07:00:00.000Z"],
      ["convener_unanswered", "29:k", "2026-12-07T07:00:00.000Z"],
    ]);
  });

  it("a discharge notice is reminded the day after it, a first contact on its due day", () => {
    const specs = deadlineReminders(
      { convenerUserId: "29:k", tenantId: "t" },
      [
        { kind: "discharge_sip", due: "2026-12-04" },
        { kind: "first_contact", due: "2026-12-03" },
      ],
      3,
    );
    expect(iso(specs)).toEqual([
      "discharge_deadline 2026-12-02T07:00:00.000Z",
      "first_contact 2026-12-03T07:00:00.000Z",
    ]);
    expect(specs[0]?.aboutDate).toBe("2026-12-04");
  });

  it("a minor turning 18 reminds 30 days before and on the day, both about the birthday (CONTRACT v3)", () => {
    const to = { userId: "29:k", tenantId: "t" };
    const specs = reconsentReminders(to, "2027-05-20", "2027-01-10");
    expect(iso(specs)).toEqual([
      "reconsent_18 2027-04-20T06:00:00.000Z",
      "reconsent_18 2027-05-20T06:00:00.000Z",
    ]);
    expect(specs.map((s) => [s.aboutDate, s.recipient.userId])).toEqual([
      ["2027-05-20", "29:k"],
      ["2027-05-20", "29:k"],
    ]);
  });

  it("turning 18 within 30 days: the first reminder comes today; on the day: one; after it, or no date: none", () => {
    const to = { userId: "29:k", tenantId: "t" };
    expect(iso(reconsentReminders(to, "2027-01-20", "2027-01-10"))).toEqual([
      "reconsent_18 2027-01-10T07:00:00.000Z",
      "reconsent_18 2027-01-20T07:00:00.000Z",
    ]);
    expect(iso(reconsentReminders(to, "2027-01-10", "2027-01-10"))).toEqual([
      "reconsent_18 2027-01-10T07:00:00.000Z",
    ]);
    expect(reconsentReminders(to, "2027-01-09", "2027-01-10")).toEqual([]);
    expect(reconsentReminders(to, undefined, "2027-01-10")).toEqual([]);
  });
});

describe("KVÅ belongs to health care (CONTRACT v3)", () => {
  const social = { ...plan, leadOrg: "socialtjanst" as const, interventions: [] };
  const invitee = (
    orgType: "region" | "kommunal_hsv" | "skola",
    status: "accepted" | "declined" | "pending",
  ) => ({
    id: `i-${orgType}-${status}`,
    orgType,
    status,
  });

  it("counts health care in when it leads, has an intervention, or a health-care invitee was expected and came", () => {
    expect(healthCareTakesPart({ ...social, leadOrg: "region" }, [])).toBe(true);
    expect(healthCareTakesPart({ ...social, leadOrg: "kommunal_hsv" }, [])).toBe(true);
    expect(
      healthCareTakesPart({ ...social, interventions: [{ what: "Samtal", principal: "region" }] }, []),
    ).toBe(true);
    expect(healthCareTakesPart(social, [invitee("region", "accepted")])).toBe(true);
    expect(healthCareTakesPart(social, [invitee("kommunal_hsv", "pending")])).toBe(true);
  });

  it("leaves health care out when it is absent: a social-services plan with school, a declined or absent region", () => {
    expect(healthCareTakesPart(social, [])).toBe(false);
    expect(
      healthCareTakesPart({ ...social, interventions: [{ what: "Stöd", principal: "kommun" }] }, []),
    ).toBe(false);
    expect(healthCareTakesPart(social, [invitee("skola", "accepted")])).toBe(false);
    expect(healthCareTakesPart(social, [invitee("region", "declined")])).toBe(false);
    const came = invitee("region", "accepted");
    expect(healthCareTakesPart({ ...social, absent: [came.id] }, [came])).toBe(false);
  });

  it("gives AU124, AU125 at discharge, and no code at all without health care", () => {
    expect(planKva(false, { ...social, leadOrg: "region" }, [])).toBe("AU124");
    expect(planKva(true, social, [invitee("region", "accepted")])).toBe("AU125");
    expect(planKva(true, social, [invitee("skola", "accepted")])).toBeUndefined();
  });
});

describe("deviation drafts (SIP-RULES §8)", () => {
  const interventions = [
    { what: "Samtalsstöd", principal: "region" as const, start: "2027-01-10" },
    { what: "Kontaktperson", principal: "kommun" as const, start: "2027-03-01" },
    { what: "Boendestöd", principal: "kommun" as const },
  ];
  it("at the follow-up: one draft per intervention whose start has passed, in Swedish in either locale", () => {
    for (const locale of ["sv", "en"] as const) {
      const d = deviationDraft(locale, {
        code: "SIP-AB12",
        kind: "follow_up_due",
        interventions,
        today: "2027-02-01",
      });
      expect(d?.text).toBe(
        "Avvikelse i SIP SIP-AB12: insatsen ”Samtalsstöd” (Region) skulle enligt planen ha startat 10 januari 2027 men har inte startat.",
      );
    }
    expect(
      deviationDraft("sv", { code: "X", kind: "follow_up_soon", interventions, today: "2027-02-01" }),
    ).toBeUndefined();
    expect(
      deviationDraft("sv", { code: "X", kind: "follow_up_due", interventions, today: "2027-01-09" }),
    ).toBeUndefined();
  });

  it("for an invitee who never answered: names them, their service and the day of the invitation", () => {
    const d = deviationDraft("en", {
      code: "SIP-AB12",
      kind: "convener_unanswered",
      invitee: { name: "Kim BUP", orgType: "region" },
      invitedOn: "2026-12-01",
      today: "2026-12-07",
    });
    expect(d?.title).toContain("Draft deviation report");
    expect(d?.text).toContain(
      "Kim BUP (regionens hälso- och sjukvård) kallades 1 december 2026 till SIP-möte men har inte svarat",
    );
  });
});
