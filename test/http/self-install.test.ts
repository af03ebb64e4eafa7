import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardOf, cardText, membersAdded } from "../helpers/activities.js";
import { fixedClock } from "../helpers/bot.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { as, chatOf, dataOf, presser, type Person } from "../helpers/multi-user.js";
import { startServerAt } from "../helpers/server.js";
import { MAY_PROCEED_CONSENT, kallelseFormValues } from "../fixtures/kallelse.js";
import { inviteeNamed, openedInvitees } from "../helpers/opened.js";

/**
 * The bot installs itself (Microsoft Graph) for a Teams invitee it never met, in a tenant whose
 * admin granted TeamsAppInstallation.ReadWriteSelfForUser.All (installAppId in ALLOWED_TENANTS).
 * Login and Graph are nock; the Bot Connector is the local fake. Invitees named by their AAD object
 * id (what Graph takes) are first written straight to the database (several tenants at once), then
 * picked through the kallelse form's people picker (the last describe).
 */
const REGION = "tenant-region";
const SKOLA = "tenant-skola";
const CATALOG = {
  region: "aaaaaaaa-1111-4111-8111-111111111111",
  skola: "bbbbbbbb-2222-4222-8222-222222222222",
};
const AAD = {
  berit: "0b0b0b0b-0000-4000-8000-000000000001",
  sven: "0b0b0b0b-0000-4000-8000-000000000002",
  stina: "0b0b0b0b-0000-4000-8000-000000000003",
  kim: "0b0b0b0b-0000-4000-8000-000000000004",
};
const CREDENTIALS = { clientId: "sip-app-id", clientSecret: "sip-secret" };
const ALLOWED = JSON.stringify([
  { id: "tenant-1", name: "Karlstads kommun" },
  { id: REGION, name: "Region Värmland", installAppId: CATALOG.region },
  { id: SKOLA, name: "Skolan", installAppId: CATALOG.skola },
]);
const LOGIN = "https://login.microsoftonline.com";
const GRAPH = "https://graph.microsoft.com";
const bind = (catalogId: string) => ({
  "teamsApp@odata.bind": `${GRAPH}/v1.0/appCatalogs/teamsApps/${catalogId}`,
});
const tokenRequest = (body: Record<string, string>) =>
  body.grant_type === "client_credentials" &&
  body.client_id === CREDENTIALS.clientId &&
  body.client_secret === CREDENTIALS.clientSecret &&
  body.scope === "https://graph.microsoft.com/.default";

const convener: Person = { id: "29:k", name: "Karin Kurator", aadObjectId: "aad-k" };
const anna: Person = { id: "29:a", name: "Anna BUP", aadObjectId: "aad-a" };
/** Berit as Teams introduces her once the bot is installed for her: her Teams id and AAD id. */
const berit: Person = { id: "29:berit", name: "Berit Berg", aadObjectId: AAD.berit, tenantId: REGION };

type Server = Awaited<ReturnType<typeof startServerAt>>;
const env = (dir: string) => ({ DATA_DIR: dir, ALLOWED_TENANTS: ALLOWED });
const start = (dir: string) =>
  startServerAt(fixedClock, env(dir), { reminderPassMs: 0, installerCredentials: CREDENTIALS });

let dir = "";
let server: Server;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
const s = { code: "", scopes: {} as Record<string, nock.Scope>, form: undefined as unknown };

const invitee = async (name: string) => {
  const i = await inviteeNamed(server.db, name);
  return i && { status: i.status, user_id: i.userId, delivery_attempts: i.deliveryAttempts ?? 0 };
};
const lastTracking = () =>
  cardText(
    cardOf(
      connector.calls.filter((c) => c.method === "PUT" && c.path.includes(chatOf(convener))).at(-1)?.body,
    ),
  );
const events = (event: string) =>
  server.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === event);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  dir = await mkdtemp(join(tmpdir(), "sip-self-install-"));
  connector = await startFakeConnector();
  server = await start(dir);
  const { press } = presser(() => server, connector);
  for (const p of [convener, anna]) await server.post(membersAdded(connector.serviceUrl, as(p)));
  await press(convener, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-1");
  const form = cardOf(connector.sent().at(-1));
  s.form = form;
  s.code = cardText(form).match(/SIP-[A-Z0-9]{4}/)?.[0] ?? "";
  const fields = kallelseFormValues([{ who: anna.id, orgType: "region", contribution: "Bedömning" }]);
  await press(convener, VERBS.submitKallelse, { ...fields, ...dataOf(form, VERBS.submitKallelse) }, "form-1");
  // Invitees the bot never met, named by AAD object id, in three tenants: granted (Berit), refused
  // by Graph (Sven, Stina) and without a catalog id (Kim). Queued for delivery at the next start.
  const [k] = await server.db.query<{ id: string }>("SELECT id FROM kallelser");
  const rows: [string, string, string][] = [
    [AAD.berit, REGION, "Berit Berg"],
    [AAD.sven, SKOLA, "Sven Skola"],
    [AAD.stina, SKOLA, "Stina Skola"],
    [AAD.kim, "tenant-1", "Kim Kommun"],
  ];
  for (const [n, [userId, tenantId, name]] of rows.entries())
    await server.db.query(
      `INSERT INTO invitees (id, kallelse_id, seq, kind, user_id, tenant_id, name, org_type, participation,
         contribution, status) VALUES (gen_random_uuid(), $1, $2, 'teams', $3, $4, $5, 'region', 'convened',
         'Bedömning', 'pending')`,
      [k?.id, n + 2, userId, tenantId, name],
    );
  await server.close();

  s.scopes.regionToken = nock(LOGIN)
    .post(`/${REGION}/oauth2/v2.0/token`, tokenRequest)
    .reply(200, { token_type: "Bearer", expires_in: 3599, access_token: "token-region" });
  s.scopes.regionInstall = nock(GRAPH, { reqheaders: { authorization: "Bearer token-region" } })
    .post(`/v1.0/users/${AAD.berit}/teamwork/installedApps`, bind(CATALOG.region))
    .reply(201, { id: "installation-1" });
  // One token for the school's tenant serves both installs (cached until shortly before expiry).
  s.scopes.skolaToken = nock(LOGIN)
    .post(`/${SKOLA}/oauth2/v2.0/token`, tokenRequest)
    .reply(200, { token_type: "Bearer", expires_in: 3599, access_token: "token-skola" });
  s.scopes.skolaInstall = nock(GRAPH, { reqheaders: { authorization: "Bearer token-skola" } })
    .post(
      new RegExp(`^/v1\\.0/users/(${AAD.sven}|${AAD.stina})/teamwork/installedApps$`),
      bind(CATALOG.skola),
    )
    .times(2)
    .reply(403, { error: { code: "Forbidden", message: "Missing role permissions" } });
  // Never to be called: the kommun's tenant has no catalog id.
  s.scopes.kommun = nock(LOGIN)
    .post(/\/tenant-1\/oauth2/)
    .reply(200, {});
  s.scopes.kommunGraph = nock(GRAPH).post(new RegExp(AAD.kim)).reply(201, {});

  connector.clear();
  server = await start(dir);
  await server.background.idle();
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
  nock.cleanAll();
  nock.enableNetConnect();
  await rm(dir, { recursive: true, force: true });
});

describe("the bot installs itself for an invitee it never met", () => {
  it("installs through Graph with the tenant's token and catalog id, and waits for Teams (a)", async () => {
    expect(s.scopes.regionToken?.isDone()).toBe(true);
    expect(s.scopes.regionInstall?.isDone()).toBe(true);
    expect(await invitee("Berit Berg")).toEqual({
      status: "pending",
      user_id: AAD.berit,
      delivery_attempts: 1,
    });
    expect(connector.calls.filter((c) => c.path.includes("29:berit"))).toEqual([]);
    const [job] = await server.db.query<{ state: string }>(
      `SELECT state FROM pgboss.job WHERE name = 'invitation-deliver' AND data->'data'->>'inviteeId' = $1`,
      [(await inviteeNamed(server.db, "Berit Berg"))?.id],
    );
    expect(job?.state).toBe("retry");
    expect(lastTracking()).not.toContain("Berit Berg kunde inte nås");
  });

  it("sends the card once Teams told the bot about the installation, once (a)", async () => {
    // Teams' conversationUpdate for the new 1:1 chat: the turn guard saves her reference.
    await server.post(membersAdded(connector.serviceUrl, as(berit)));
    const [ref] = await server.db.query<{ aad_object_id: string }>(
      "SELECT aad_object_id FROM conversation_refs WHERE tenant_id = $1 AND user_id = $2",
      [REGION, berit.id],
    );
    expect(ref?.aad_object_id).toBe(AAD.berit);
    // The job's retry is due (pg-boss backoff, minutes in real time).
    await server.db.query("UPDATE pgboss.job SET start_after = now() WHERE state = 'retry'");
    await server.background.idle();
    const invitations = connector.calls.filter(
      (c) => c.method === "POST" && c.path.startsWith(`/v3/conversations/${chatOf(berit)}/activities`),
    );
    const cards = invitations.map((c) => cardOf(c.body)).filter((c) => cardText(c).includes(s.code));
    expect(cards).toHaveLength(1);
    // From now on she goes by her Teams id, as her reference does.
    expect(await invitee("Berit Berg")).toMatchObject({ status: "invited", user_id: berit.id });
    expect(lastTracking()).toMatch(/Berit Berg[\s\S]*Inväntar svar/);
    // And she can answer it.
    const { press } = presser(() => server, connector);
    const answer = await press(berit, VERBS.acceptInvite, dataOf(cards[0], VERBS.acceptInvite));
    expect(cardText(answer)).toContain("Du har accepterat");
    // Nothing more is sent on a further retry: the queue is empty.
    expect(await server.db.query("SELECT 1 FROM pgboss.job WHERE state = 'retry'")).toEqual([]);
  });

  it("puts invitees on paper at once where Graph refuses, logging the refusal once per tenant (b)", async () => {
    expect(s.scopes.skolaToken?.isDone()).toBe(true);
    expect(s.scopes.skolaInstall?.isDone()).toBe(true);
    for (const name of ["Sven Skola", "Stina Skola"])
      expect(await invitee(name)).toMatchObject({ status: "printable", delivery_attempts: 0 });
    const refused = events("self_install_refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ tenant: SKOLA, httpStatus: 403, step: "install" });
    expect(lastTracking()).toMatch(/Sven Skola[\s\S]*kunde inte nås/);
    // Ids and events only: no names, no tokens.
    const log = server.logLines.join("\n");
    for (const secret of ["Sven", "Berit", "token-skola", CREDENTIALS.clientSecret])
      expect(log).not.toContain(secret);
  });

  it("never calls Graph for a tenant without a catalog id: paper as before (c)", async () => {
    expect(s.scopes.kommun?.isDone()).toBe(false);
    expect(s.scopes.kommunGraph?.isDone()).toBe(false);
    expect(await invitee("Kim Kommun")).toMatchObject({ status: "printable", delivery_attempts: 0 });
    expect(events("self_install").map((e) => e.outcome)).toEqual(["installed", "refused", "refused"]);
    expect(await server.db.query("SELECT 1 FROM invitees WHERE status = 'printable'")).toHaveLength(3);
    // Their links are made when the convener presses "Hämta utskrift", not on delivery.
    expect(await server.db.query("SELECT 1 FROM print_links")).toEqual([]);
  });
});

/** Rut convenes in Region Värmland, where the bot may install itself; Gustav never met it. */
const rut: Person = { id: "29:rut", name: "Rut Region", aadObjectId: "aad-rut", tenantId: REGION };
const GUSTAV_AAD = "0b0b0b0b-0000-4000-8000-000000000005";
const gustav: Person = { id: "29:gustav", name: "Gustav Gren", aadObjectId: GUSTAV_AAD, tenantId: REGION };

describe("a colleague picked in Teams' people picker on the kallelse form", () => {
  // The connector is started in the file's beforeAll, after this runs.
  const press = (...a: Parameters<ReturnType<typeof presser>["press"]>) =>
    presser(() => server, connector).press(...a);
  const calls = (p: Person) => presser(() => server, connector).calls(p);
  const rutForm = { card: undefined as unknown };
  /** Rut's kallelse with one row from the people picker (p1Entra: what Teams submits, an id). */
  const submit = (entra: string, name: string, extra: Record<string, string> = {}) =>
    press(rut, VERBS.submitKallelse, {
      ...extra,
      ...kallelseFormValues([]),
      p1Entra: entra,
      p1Name: name,
      p1OrgType: "region",
      p1Role: "convened",
      p1Contribution: "Bedömning",
      ...dataOf(rutForm.card, VERBS.submitKallelse),
    });

  beforeAll(async () => {
    await server.post(membersAdded(connector.serviceUrl, as(rut)));
    await press(rut, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-rut");
    rutForm.card = cardOf(calls(rut).at(-1)?.body);
  });

  it("is offered only where the bot may install itself in the convener's tenant", () => {
    const dataset = (card: unknown) => JSON.stringify(card).includes('"graph.microsoft.com/users"');
    expect(dataset(s.form)).toBe(false);
    expect(JSON.stringify(s.form)).not.toContain("p1Entra");
    expect(dataset(rutForm.card)).toBe(true);
    expect(JSON.stringify(rutForm.card)).toContain('"id":"p1Entra"');
  });

  it("refuses a value that is no person's id beside the field, keeping what was typed", async () => {
    const again = await submit("Gustav Gren", "Gustav G");
    const text = cardText(again);
    expect(text).toContain("Välj en person i listan.");
    expect(text).toContain("Bedömning");
    expect(JSON.stringify(again)).toContain('"id":"p1Entra","label":"Eller: någon i organisationen');
    expect(JSON.stringify(again)).toMatch(/"id":"p1Entra"[^}]*"value":"Gustav Gren"/);
    // Both pickers set: refused, not settled silently (bot/kallelse-form.ts).
    const both = await submit(GUSTAV_AAD, "Gustav G", { p1Who: rut.id });
    expect(cardText(both)).toContain("inte båda");
    expect(await invitee("Gustav G")).toBeUndefined();
  });

  it("installs for them, sends the card once Teams introduces them, and only they can answer", async () => {
    // The region's token is cached from Berit's installation; asked again only if it was not.
    nock(LOGIN)
      .post(`/${REGION}/oauth2/v2.0/token`, tokenRequest)
      .optionally()
      .reply(200, { token_type: "Bearer", expires_in: 3599, access_token: "token-region" });
    const install = nock(GRAPH, { reqheaders: { authorization: "Bearer token-region" } })
      .post(`/v1.0/users/${GUSTAV_AAD}/teamwork/installedApps`, bind(CATALOG.region))
      .reply(201, { id: "installation-2" });
    const tracking = await submit(GUSTAV_AAD, "Gustav G");
    expect(cardText(tracking)).toContain("Gustav G");
    expect(install.isDone()).toBe(true);
    expect(await invitee("Gustav G")).toEqual({
      status: "pending",
      user_id: GUSTAV_AAD,
      delivery_attempts: 1,
    });

    await server.post(membersAdded(connector.serviceUrl, as(gustav)));
    await server.db.query("UPDATE pgboss.job SET start_after = now() WHERE state = 'retry'");
    await server.background.idle();
    const cards = calls(gustav)
      .map((c) => cardOf(c.body))
      .filter((c) => cardText(c).includes("Bedömning"));
    expect(cards).toHaveLength(1);
    // His Teams id and Teams' name for him from now on.
    expect(await invitee("Gustav Gren")).toMatchObject({ status: "invited", user_id: gustav.id });
    const data = dataOf(cards[0], VERBS.acceptInvite);
    for (const someoneElse of [anna, rut])
      expect(cardText(await press(someoneElse, VERBS.acceptInvite, data))).toContain("gäller någon annan");
    expect(cardText(await press(gustav, VERBS.acceptInvite, data))).toContain("Du har accepterat");
  });

  it("reaches at once, without Graph, someone picked whom the bot already knows by AAD id", async () => {
    await press(rut, VERBS.createCase, { prefill: MAY_PROCEED_CONSENT }, "verdict-rut-2");
    rutForm.card = cardOf(calls(rut).at(-1)?.body);
    const before = calls(berit).length;
    await submit(AAD.berit, "Berit");
    // No nock interceptor is left for her: a Graph call would fail and defer the delivery.
    const last = (await openedInvitees(server.db)).at(-1);
    const row = last && { status: last.status, user_id: last.userId, name: last.name };
    expect(row).toEqual({ status: "invited", user_id: berit.id, name: "Berit Berg" });
    expect(calls(berit).length).toBe(before + 1);
  });
});
