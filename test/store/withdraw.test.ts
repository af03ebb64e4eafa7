import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrgType } from "../../src/cases/model.js";
import { scopeEnds } from "../../src/cases/workflow.js";
import { AuditLog } from "../../src/store/audit.js";
import { CaseRepository } from "../../src/store/cases.js";
import { PrintLinks } from "../../src/store/print-links.js";
import { DETAILS, pendingInvitee } from "../fixtures/kallelse.js";
import { engines, type Engine, type Sandbox } from "./engines.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const LATER = new Date("2026-12-31T00:00:00Z");

describe.each(engines)("a narrowed consent withdraws invitations, on $name", (engine: Engine) => {
  let sandbox: Sandbox;
  let repo: CaseRepository;
  beforeAll(async () => {
    sandbox = await engine.fresh();
    repo = new CaseRepository(sandbox.db);
  });
  afterAll(() => sandbox.dispose());

  const newCase = () =>
    repo.createCase(
      {
        tenantId: "t",
        region: "national",
        convenerUserId: "29:k",
        verdict: { verdict: "may_proceed", channel: "digital", codes: [], excludedServices: [] },
      },
      "aad-k",
    );
  const of = (userId: string, orgType: OrgType) => ({ ...pendingInvitee(userId), orgType });

  it("withdraws the excluded kinds still taking part, with their links, in the narrowing's transaction", async () => {
    const c = await newCase();
    const { invitees } = await repo.createKallelse(
      c.code,
      c.id,
      DETAILS,
      [
        of("29:pending", "region"),
        of("29:invited", "region"),
        of("29:paper", "region"),
        of("29:accepted", "region"),
        of("29:declined", "region"),
        of("29:forwarded", "region"),
        of("29:school", "skola"),
      ],
      "aad-k",
    );
    const [pending, invited, paper, accepted, declined, forwarded, school] = invitees.map((i) => i.id) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    await repo.delivered(invited, { status: "invited", conversationId: "a:c", activityId: "act-1" }, c.code);
    await repo.delivered(paper, { status: "printable", reason: "external" }, c.code);
    await repo.delivered(school, { status: "invited", conversationId: "a:s", activityId: "act-2" }, c.code);
    await repo.delivered(accepted, { status: "invited" }, c.code);
    const links = new PrintLinks(sandbox.db);
    const token = await links.create(paper, LATER);
    const schoolToken = await links.create(school, LATER);
    const byId = async (id: string) => {
      const i = await repo.invitee(id);
      if (!i) throw new Error(`no invitee ${id}`);
      return i;
    };
    await repo.answer(await byId(accepted), { status: "accepted" }, "aad-a", c.code);
    await repo.answer(await byId(declined), { status: "declined", declineReason: "Sjuk" }, "aad-d", c.code);
    await repo.answer(
      await byId(forwarded),
      { status: "forwarded", next: { ...of("29:colleague", "region"), status: "pending" } },
      "aad-f",
      c.code,
    );

    const narrowed = await repo.narrowScope(c, ["region"], "aad-k", NOW);
    expect(narrowed?.changed).toBe(true);
    const withdrawn = narrowed?.withdrawn ?? [];
    expect(withdrawn.map((i) => i.userId)).toEqual([
      "29:pending",
      "29:invited",
      "29:paper",
      "29:accepted",
      "29:colleague",
    ]);
    expect(withdrawn.every((i) => i.status === "withdrawn")).toBe(true);
    // Where the card lives comes back, so it can be replaced in place.
    expect(withdrawn.find((i) => i.id === invited)).toMatchObject({
      conversationId: "a:c",
      activityId: "act-1",
    });
    const status = async (id: string) => (await byId(id)).status;
    expect(await status(declined)).toBe("declined");
    expect(await status(forwarded)).toBe("forwarded");
    expect(await status(school)).toBe("invited");

    // The paper invitee's link is ended; another invitee's is not.
    expect(await links.resolve(token, NOW)).toBeUndefined();
    expect(await links.resolve(schoolToken, NOW)).toBe(school);
    const actions = (await new AuditLog(sandbox.db).list(c.code)).map((e) => e.action);
    expect(actions.filter((a) => a === "invitation.withdrawn")).toHaveLength(5);
    expect(actions.filter((a) => a === "print_link.revoked")).toHaveLength(1);

    // Never sent, never answered: not queued again at a restart, no delivery or answer moves them.
    expect(await repo.pendingInvitees()).toEqual([]);
    expect(await repo.delivered(pending, { status: "invited" }, c.code)).toBe(false);
    expect(await repo.deferDelivery(pending, "throttled", c.code)).toBe(false);
    expect(await repo.answer(await byId(invited), { status: "accepted" }, "aad-i", c.code)).toBeUndefined();
    expect(await status(pending)).toBe("withdrawn");
    expect(await status(invited)).toBe("withdrawn");

    // Pressed again: nothing new is excluded, nothing is withdrawn.
    const again = await repo.narrowScope(c, ["region"], "aad-k", NOW);
    expect(again).toMatchObject({ changed: false, withdrawn: [] });
  });

  it("ends the SIP in the same transaction when the new scope leaves a whole side out", async () => {
    const c = await newCase();
    await repo.createKallelse(
      c.code,
      c.id,
      DETAILS,
      [
        of("29:soc", "socialtjanst"),
        of("29:bup", "region"),
        of("29:hsv", "kommunal_hsv"),
        of("29:s", "skola"),
      ],
      "aad-k",
    );
    // One side half gone: the SIP goes on.
    const first = await repo.narrowScope(c, ["region"], "aad-k", NOW, scopeEnds);
    expect(first?.case.closed).toBeUndefined();
    expect(first?.withdrawn.map((i) => i.userId)).toEqual(["29:bup"]);
    // The rest of it: closed with its reason (the column's CHECK takes it), every invitation withdrawn.
    const ended = await repo.narrowScope(c, ["kommunal_hsv"], "aad-k", NOW, scopeEnds);
    expect(ended?.changed).toBe(true);
    expect(ended?.case.closed).toEqual({ at: NOW.toISOString(), reason: "no_joint_plan" });
    expect(ended?.case.verdict?.excludedServices).toEqual(["region", "kommunal_hsv"]);
    expect(ended?.withdrawn.map((i) => i.userId)).toEqual(["29:soc", "29:hsv", "29:s"]);
    expect((await repo.getCase(c.id))?.closed?.reason).toBe("no_joint_plan");
    const actions = (await new AuditLog(sandbox.db).list(c.code)).map((e) => e.action);
    expect(actions.filter((a) => a === "case.scope_narrowed")).toHaveLength(2);
    expect(actions.filter((a) => a === "case.closed")).toHaveLength(1);
    // Ended: a further narrowing changes nothing.
    const after = await repo.narrowScope(c, ["socialtjanst"], "aad-k", NOW, scopeEnds);
    expect(after).toMatchObject({ changed: false, withdrawn: [] });
  });
});
