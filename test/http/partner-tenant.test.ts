import { beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { base, cardOf, cardText, membersAdded, message } from "../helpers/activities.js";
import { as, chatOf, dataOf, multiUser, type Person } from "../helpers/multi-user.js";
import { MAY_PROCEED_CONSENT, MEETING_FIELDS } from "../fixtures/kallelse.js";

/**
 * Issue 12, part 1: one deployment serving two tenants (ALLOWED_TENANTS as JSON with names). The
 * convener in the kommun's tenant finds and invites a colleague of the region's tenant, who gets
 * the card in their own chat and answers it; the convener's tracking card follows. Anyone else
 * pressing that card is refused, a user of a tenant not served most plainly of all.
 */
const p = (id: string, name: string, tenantId?: string): Person => ({
  id,
  name,
  aadObjectId: `aad-${id}`,
  ...(tenantId ? { tenantId } : {}),
});
const REGION = "tenant-region";
const people = {
  convener: p("29:convener", "Karin Kurator"),
  anna: p("29:anna", "Anna Andersson"),
  /** The region's clinician, invited from the kommun. */
  berit: p("29:berit", "Anders Berg", REGION),
  regionStranger: p("29:rolf", "Rolf Region", REGION),
  /** The convener's colleague who happens to have the region clinician's user id. */
  twin: p("29:berit", "Tvilling Berg"),
};
const outsider = p("29:outsider", "Anton Utanför", "tenant-evil");
const ALLOWED = JSON.stringify([
  { id: "tenant-1", name: "Karlstads kommun" },
  { id: REGION, name: "Region Värmland" },
]);
const h = multiUser(people, { ALLOWED_TENANTS: ALLOWED });
const REFUSED = /hör inte till dig|gäller någon annan|känns inte igen/;

const count = async (sql: string) => (await h.server.db.query<{ n: number }>(sql))[0]?.n;

async function search(who: Person, dataset: string, queryText: string) {
  const res = await h.server.post({
    ...base(h.connector.serviceUrl, as(who)),
    type: "invoke",
    name: "application/search",
    value: { kind: "search", queryText, dataset, queryOptions: { skip: 0, top: 15 } },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { value?: { results?: { title: string; value: string }[] } };
  return body.value?.results ?? [];
}

const form = (caseId: string, who1: string) => ({
  caseId,
  rows: "2",
  ...MEETING_FIELDS,
  p1Who: who1,
  p1OrgType: "region",
  p1Role: "convened",
  p1Contribution: "Bedömning från BUP",
  p2Who: people.anna.id,
  p2OrgType: "socialtjanst",
  p2Role: "convened",
  p2Contribution: "Insatser enligt SoL",
  balanceAck: "true",
});

const s = { caseId: "", code: "", kallelseId: "", accept: {} as Record<string, unknown> };

beforeAll(async () => {
  // Someone of a tenant served no longer (a reference from before): never in the directory.
  await h.server.db.query(
    `INSERT INTO conversation_refs (tenant_id, user_id, conversation_id, service_url, channel_id, bot_id,
       display_name, name_key) VALUES ('tenant-old', '29:anneli', 'a:anneli', $1, 'msteams', '28:bot',
       'Anneli Gammal', 'anneli gammal')`,
    [h.connector.serviceUrl],
  );
  h.connector.clear();
  await h.invoke(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
  const formCard = h.cardsTo(people.convener)[0];
  s.caseId = String(dataOf(formCard, VERBS.submitKallelse)?.caseId);
  s.code = cardText(formCard).match(/SIP-[A-Z0-9]{4}/)?.[0] ?? "";
  expect(s.code).not.toBe("");
});

describe("one deployment, several allowed tenants", () => {
  it("'Vem' finds colleagues in every served tenant, the other organisation's by name", async () => {
    const found = await search(people.convener, "sip.partners", "an");
    expect(found).toEqual([
      { title: "Anders Berg (Region Värmland)", value: `${REGION}/${people.berit.id}` },
      { title: "Anna Andersson", value: people.anna.id },
    ]);
    // Seen from the region, the kommun is the other organisation.
    expect(await search(people.regionStranger, "sip.partners", "an")).toEqual([
      { title: "Anders Berg", value: people.berit.id },
      { title: "Anna Andersson (Karlstads kommun)", value: `tenant-1/${people.anna.id}` },
    ]);
    // Pickers within the organisation (substitute, forward, pass a flag on) stay in the asker's tenant.
    expect((await search(people.convener, "sip.users", "an")).map((r) => r.title)).toEqual([
      "Anna Andersson",
    ]);
  });

  it("refuses a picked value that names a tenant not served, and sends nothing", async () => {
    h.connector.clear();
    const answer = await h.invoke(
      people.convener,
      VERBS.submitKallelse,
      form(s.caseId, "tenant-old/29:anneli"),
    );
    expect(cardText(answer)).toContain("kan inte nås i Teams");
    expect(await count("SELECT count(*)::int AS n FROM invitees")).toBe(0);
    expect(h.connector.calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("invites the region's clinician in their own chat; the row and reminder keep their tenant", async () => {
    h.connector.clear();
    const tracking = await h.invoke(
      people.convener,
      VERBS.submitKallelse,
      form(s.caseId, `${REGION}/${people.berit.id}`),
      "form-1",
    );
    expect(cardText(tracking)).toContain("Anders Berg");
    s.kallelseId = String(dataOf(tracking, VERBS.refreshTracking)?.kallelseId);
    const invitation = h.cardsTo(people.berit)[0];
    expect(cardText(invitation)).toContain(s.code);
    s.accept = dataOf(invitation, VERBS.acceptInvite) ?? {};
    // Not in the convener's colleague with the same user id.
    expect(h.cardsTo(people.twin)).toEqual([]);
    const rows = await h.server.db.query<{ user_id: string; tenant_id: string }>(
      "SELECT user_id, tenant_id FROM invitees ORDER BY seq",
    );
    expect(rows).toEqual([
      { user_id: people.berit.id, tenant_id: REGION },
      { user_id: people.anna.id, tenant_id: "tenant-1" },
    ]);
    const reminders = await h.server.db.query<{ recipient_tenant_id: string }>(
      "SELECT recipient_tenant_id FROM reminders WHERE kind = 'invitee_unanswered' AND recipient_user_id = $1",
      [people.berit.id],
    );
    expect(reminders.map((r) => r.recipient_tenant_id)).toEqual([REGION]);
  });

  it("lets nobody else see or answer it: a region stranger, the kommun twin, the convener", async () => {
    const before = JSON.stringify(await h.server.db.query("SELECT * FROM invitees ORDER BY seq"));
    const presses: [string, Record<string, unknown>][] = [
      [VERBS.acceptInvite, {}],
      [VERBS.declineInvite, { reason: "Har inte tid" }],
      [VERBS.substituteInvite, { substituteName: "Sara Ersättare" }],
      [VERBS.forwardInvite, { colleagueId: people.regionStranger.id }],
      [VERBS.refreshInvite, {}],
    ];
    for (const who of [people.regionStranger, people.twin, people.convener])
      for (const [verb, extra] of presses) {
        const answer = await h.invoke(who, verb, { ...s.accept, ...extra });
        expect(cardText(answer)).toMatch(REFUSED);
        expect(cardText(answer)).not.toContain(s.code);
      }
    expect(JSON.stringify(await h.server.db.query("SELECT * FROM invitees ORDER BY seq"))).toBe(before);
  });

  it("refuses a user of a tenant not served, and keeps nothing of them", async () => {
    const state = await count("SELECT count(*)::int AS n FROM bot_state");
    await h.server.post(membersAdded(h.connector.serviceUrl, as(outsider)));
    const answer = await h.invoke(outsider, VERBS.acceptInvite, s.accept);
    expect(cardText(answer)).toContain("inte ansluten");
    await h.server.post(message(h.connector.serviceUrl, "mina", as(outsider)));
    expect(cardText(cardOf(h.connector.sent().at(-1)))).toContain("inte ansluten");
    expect(
      await count("SELECT count(*)::int AS n FROM conversation_refs WHERE tenant_id = 'tenant-evil'"),
    ).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM bot_state")).toBe(state);
    expect(await count("SELECT count(*)::int AS n FROM invitees WHERE status = 'invited'")).toBe(2);
    const log = h.server.logLines.filter((l) => l.includes("tenant_refused")).join("\n");
    expect(log).toContain("tenant-evil");
    expect(log).not.toContain("Anton");
  });

  it("takes the clinician's answer; the convener's tracking card updates in place", async () => {
    h.connector.clear();
    const answer = await h.invoke(people.berit, VERBS.acceptInvite, s.accept);
    expect(cardText(answer)).toContain("Du har accepterat");
    const updated = h.cardsTo(people.convener, "PUT").at(-1);
    expect(cardText(updated)).toMatch(/Anders Berg[\s\S]*Accepterat/);
    // Their "Mina SIP" lists the case, found by their own tenant.
    h.connector.clear();
    await h.server.post(message(h.connector.serviceUrl, "mina", as(people.berit)));
    const mine = h.connector.calls.find((c) =>
      c.path.startsWith(`/v3/conversations/${chatOf(people.berit)}/`),
    );
    expect(cardText(cardOf(mine?.body))).toContain(s.code);
  });

  it("fills the follow-up's kallelse form with the region's clinician, named with the region", async () => {
    await h.invoke(people.convener, VERBS.savePlan, {
      kallelseId: s.kallelseId,
      lead: people.anna.id,
      leadOrg: "socialtjanst",
      followUp: "2027-01-20",
    });
    const [due] = await h.server.db.query<{ id: string }>(
      "SELECT id FROM reminders WHERE kind = 'follow_up_due' ORDER BY due_at LIMIT 1",
    );
    h.connector.clear();
    await h.invoke(people.convener, VERBS.reminderFollowUp, { reminderId: due?.id });
    const json = JSON.stringify(h.cardsTo(people.convener).at(-1));
    const value = `${REGION}/${people.berit.id}`;
    expect(json).toContain(`{"title":"Anders Berg (Region Värmland)","value":"${value}"}`);
    // The row's own value names the partner with their tenant, as "Vem" gave it.
    expect(json).toContain(
      `"id":"p1Who","label":"Vem (sök bland kollegor i Teams)","style":"filtered","value":"${value}"`,
    );
  });

  it("lets the clinician forward within the region: the colleague is invited in the region's tenant", async () => {
    h.connector.clear();
    await h.invoke(people.convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT });
    const caseId = String(dataOf(h.cardsTo(people.convener)[0], VERBS.submitKallelse)?.caseId);
    await h.invoke(
      people.convener,
      VERBS.submitKallelse,
      form(caseId, `${REGION}/${people.berit.id}`),
      "form-2",
    );
    const { inviteeId } = dataOf(h.cardsTo(people.berit)[0], VERBS.acceptInvite) ?? {};
    const fwd = await h.invoke(people.berit, VERBS.forwardInvite, {
      inviteeId,
      colleagueId: people.regionStranger.id,
    });
    expect(cardText(fwd)).toContain("Rolf Region");
    expect(cardText(h.cardsTo(people.regionStranger)[0])).toContain("Acceptera");
    const [row] = await h.server.db.query<{ tenant_id: string }>(
      "SELECT tenant_id FROM invitees WHERE user_id = $1",
      [people.regionStranger.id],
    );
    expect(row?.tenant_id).toBe(REGION);
  });
});
