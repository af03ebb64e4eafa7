import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseVerdict } from "../../src/cases/model.js";
import { verdictWriter } from "../../src/services/reconsent.js";
import { CaseRepository } from "../../src/store/cases.js";
import { changeConvener } from "../../src/store/convener.js";
import type { Db } from "../../src/store/db.js";
import { PlanRepository } from "../../src/store/plans.js";
import { ReminderRepository } from "../../src/store/reminders.js";
import { eraseClosedCases } from "../../src/store/retention.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

/** 10 January 2027, 09:00 in Sweden; the young person turns 18 on 20 May 2027. */
const NOW = new Date("2027-01-10T08:00:00Z");
const TURNS_18 = "2027-05-20";
const verdict = (reconsentOn?: string): CaseVerdict => ({
  verdict: "may_proceed",
  channel: "digital",
  codes: ["RECONSENT_AT_18"],
  excludedServices: [],
  ...(reconsentOn ? { reconsentOn } : {}),
});
const CASE = { tenantId: "t", region: "national" as const, convenerUserId: "29:k" };

/** CONTRACT v3: a minor turning 18 gets reminders to the convener, or the lead once a plan names one. */
describe.each(engines)("turning 18: reminders with the case, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let db: Db;
  const writer = () => verdictWriter({ db, clock: { now: () => NOW } });
  const ofCase = (caseId: string) => new ReminderRepository(db).ofCase(caseId);
  const pending = async (caseId: string) =>
    (await ofCase(caseId))
      .filter((r) => r.kind === "reconsent_18" && r.status === "pending")
      .map((r) => [r.recipient.userId, r.dueAt.toISOString(), r.aboutDate]);

  beforeAll(async () => {
    sandbox = await engine.fresh();
    db = sandbox.db;
  });
  afterAll(() => sandbox.dispose());

  it("a case created from a verdict with reconsentOn keeps it and reminds its convener 30 days before and on the day", async () => {
    const { case: c } = await writer().createCaseOnce(
      undefined,
      { ...CASE, verdict: verdict(TURNS_18) },
      "aad-k",
    );
    expect((await new CaseRepository(db).getCase(c.id))?.verdict?.reconsentOn).toBe(TURNS_18);
    expect(await pending(c.id)).toEqual([
      ["29:k", "2027-04-20T06:00:00.000Z", TURNS_18],
      ["29:k", "2027-05-20T06:00:00.000Z", TURNS_18],
    ]);
  });

  it("no reconsentOn, no reminder; a repeated press creates none twice", async () => {
    const plain = await writer().createCaseOnce(undefined, { ...CASE, verdict: verdict() }, "aad-k");
    expect(await ofCase(plain.case.id)).toEqual([]);
    const first = await writer().createCaseOnce("key-1", { ...CASE, verdict: verdict(TURNS_18) }, "aad-k");
    const again = await writer().createCaseOnce("key-1", { ...CASE, verdict: verdict(TURNS_18) }, "aad-k");
    expect(again).toMatchObject({ created: false, case: { id: first.case.id } });
    expect(await pending(first.case.id)).toHaveLength(2);
  });

  it("a verdict set on a taken-over case reminds too, and a new verdict replaces the reminders", async () => {
    const c = await new CaseRepository(db).createCase(CASE, "aad-k");
    expect(await writer().setVerdict(c, verdict("2027-03-01"), "aad-k")).toBe(true);
    expect(await writer().setVerdict(c, verdict(TURNS_18), "aad-k")).toBe(true);
    expect((await pending(c.id)).map((r) => r[2])).toEqual([TURNS_18, TURNS_18]);
  });

  it("stays due once a kallelse has gone out; ends when the case's consent no longer has that date, or it closes", async () => {
    const reminders = new ReminderRepository(db);
    const repo = new CaseRepository(db);
    const { case: c } = await writer().createCaseOnce(
      undefined,
      { ...CASE, verdict: verdict(TURNS_18) },
      "aad-k",
    );
    await repo.createKallelse(c.code, c.id, DETAILS, [pendingInvitee("29:bup")], "aad-k");
    const [first] = (await ofCase(c.id)).filter((r) => r.kind === "reconsent_18");
    expect((await reminders.withDue(first?.id ?? ""))?.stillDue).toBe(true);
    await db.query("UPDATE cases SET verdict = verdict - 'reconsentOn' WHERE id = $1", [c.id]);
    expect((await reminders.withDue(first?.id ?? ""))?.stillDue).toBe(false);

    const { case: closed } = await writer().createCaseOnce(
      undefined,
      { ...CASE, verdict: verdict(TURNS_18) },
      "aad-k",
    );
    await repo.close(closed, "goals_met", "aad-k", NOW);
    expect(await pending(closed.id)).toEqual([]);
  });

  it("a saved plan sends those still to come to its lead (in the lead's tenant); a handover leaves them there", async () => {
    const { case: c } = await writer().createCaseOnce(
      undefined,
      { ...CASE, verdict: verdict(TURNS_18) },
      "aad-k",
    );
    const [first] = (await ofCase(c.id)).filter((r) => r.kind === "reconsent_18");
    await db.query("UPDATE reminders SET status = 'sent' WHERE id = $1", [first?.id]);
    const lead = { userId: "29:lead", tenantId: "t2" };
    const plan = {
      caseId: c.id,
      lead,
      leadOrg: "socialtjanst" as const,
      meetingDate: "2027-01-05",
      followUpDate: "2027-03-01",
      interventions: [],
      recordedBy: "aad-k",
    };
    await new PlanRepository(db).save(plan, [], { actor: "aad-k", caseCode: c.code });
    const rows = (await ofCase(c.id)).map((r) => [r.status, r.recipient.userId, r.recipient.tenantId]);
    expect(rows).toEqual([
      ["sent", "29:k", "t"],
      ["pending", "29:lead", "t2"],
    ]);
    await changeConvener(db, c.id, "29:k", { userId: "29:lead" }, "aad-lead");
    expect((await pending(c.id)).map((r) => r[0])).toEqual(["29:lead"]);
  });

  it("retention erases the birthday from the case and its reminders (it gives away the date of birth)", async () => {
    const repo = new CaseRepository(db);
    const { case: c } = await writer().createCaseOnce(
      undefined,
      { ...CASE, verdict: verdict(TURNS_18) },
      "aad-k",
    );
    await repo.close(c, "goals_met", "aad-k", new Date("2026-01-01T00:00:00Z"));
    await eraseClosedCases(db, NOW);
    const [row] = await db.query<{ verdict: unknown }>("SELECT verdict FROM cases WHERE id = $1", [c.id]);
    expect(JSON.stringify(row?.verdict)).not.toContain(TURNS_18);
    expect(row?.verdict).toMatchObject({ verdict: "may_proceed" });
    expect((await ofCase(c.id)).map((r) => r.aboutDate)).toEqual([undefined, undefined]);
  });
});
