import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { VERBS } from "../../src/cards/verbs.js";
import { cardText, execute, message } from "../helpers/activities.js";
import { startFakeConnector } from "../helpers/fake-connector.js";
import { startTestServer } from "../helpers/server.js";

/**
 * The bot with credentials, Microsoft's OpenID metadata and signing keys played by nock: tokens
 * are refused with 401, a metadata outage is a 503, each with one log line and nothing printed.
 */
const APP_ID = "00000000-0000-0000-0000-000000000001";
const LOGIN = "https://login.botframework.com";
const METADATA = "/v1/.well-known/openidconfiguration";
const KEYS = "/v1/.well-known/keys";
const KID = "sip-test-key";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const jwk = publicKey.export({ format: "jwk" });
const now = () => Math.floor(Date.now() / 1000);

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
function jwt(claims: Record<string, unknown>, key: KeyObject | "none" = privateKey, kid = KID): string {
  const head = b64({ alg: key === "none" ? "none" : "RS256", typ: "JWT", kid });
  const body = b64(claims);
  if (key === "none") return `${head}.${body}.`;
  return `${head}.${body}.${sign("sha256", Buffer.from(`${head}.${body}`), key).toString("base64url")}`;
}
/** What the Bot Connector service signs for a Teams activity to this bot. */
const teamsClaims = (serviceUrl: string, extra: Record<string, unknown> = {}) => ({
  iss: "https://api.botframework.com",
  aud: APP_ID,
  serviceurl: serviceUrl,
  nbf: now() - 60,
  exp: now() + 3600,
  ...extra,
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
// botframework-connector prints to the console on some refusals; none of these may reach it.
const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  connector = await startFakeConnector();
  server = await startTestServer({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: "x" });
});
afterAll(async () => {
  await server?.close();
  await connector?.close();
  nock.cleanAll();
  nock.enableNetConnect();
  consoleError.mockRestore();
});
afterEach(() => {
  const printed = consoleError.mock.calls.length;
  consoleError.mockClear();
  expect(printed, "console.error calls").toBe(0);
});

/** POSTs and returns the answer with the log lines the request wrote. */
async function post(body: unknown, headers: Record<string, string>) {
  server.logLines.splice(0);
  const res = await server.post(body, headers);
  return { status: res.status, body: await res.text(), lines: server.logLines.splice(0) };
}
function expectOneQuietLine(lines: string[], event: string, token?: string) {
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? "";
  expect(JSON.parse(line)).toMatchObject({ event });
  expect(line).not.toMatch(/\\n\s+at |stack/);
  if (token) expect(line).not.toContain(token.split(".")[1]);
}

// In this order: the metadata is cached once fetched (botframework-connector keeps it 24 h).
describe("when Microsoft's OpenID metadata cannot be fetched", () => {
  it("a well-formed token is answered 503 with a JSON body, not a 500 carrying the upstream error", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 40.1.2.3:443"), { code: "ECONNREFUSED" });
    nock(LOGIN).get(METADATA).replyWithError(refused);
    const token = jwt(teamsClaims(connector.serviceUrl));
    const r = await post(message(connector.serviceUrl, "hjälp"), bearer(token));
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toEqual({
      error: "Service Unavailable: the bot cannot check tokens right now",
    });
    expectOneQuietLine(r.lines, "auth_unavailable", token);
  });

  it("metadata answering 500 is a 503 too", async () => {
    nock(LOGIN).get(METADATA).reply(500, "upstream trouble");
    const r = await post(
      message(connector.serviceUrl, "hjälp"),
      bearer(jwt(teamsClaims(connector.serviceUrl))),
    );
    expect(r.status).toBe(503);
    expect(r.body).not.toContain("upstream");
    expectOneQuietLine(r.lines, "auth_unavailable");
  });

  it("an unsigned token is refused (401) without waiting for keys it could never match", async () => {
    const token = jwt(teamsClaims(connector.serviceUrl), "none");
    const r = await post(message(connector.serviceUrl, "hjälp"), bearer(token));
    expect(r.status).toBe(401);
    expectOneQuietLine(r.lines, "auth_refused", token);
  });
});

describe("with the metadata and keys reachable", () => {
  beforeAll(() => {
    nock(LOGIN)
      .persist()
      .get(METADATA)
      .reply(200, { issuer: "https://api.botframework.com", jwks_uri: LOGIN + KEYS });
    nock(LOGIN)
      .persist()
      .get(KEYS)
      .reply(200, {
        keys: [{ kty: "RSA", use: "sig", kid: KID, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }],
      });
  });

  it.each<[string, () => string]>([
    ["garbage", () => "not-a-jwt"],
    ["unsigned", () => jwt(teamsClaims(connector.serviceUrl), "none")],
    [
      "signed by a key Microsoft never published",
      () => jwt(teamsClaims(connector.serviceUrl), stranger, "other"),
    ],
    ["expired", () => jwt(teamsClaims(connector.serviceUrl, { exp: now() - 3600, nbf: now() - 7200 }))],
    ["for another bot", () => jwt(teamsClaims(connector.serviceUrl, { aud: "someone-else" }))],
  ])("a %s token → 401, one log line, no stack, no token", async (_name, token) => {
    const t = token();
    const r = await post(message(connector.serviceUrl, "hjälp"), bearer(t));
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: "Unauthorized" });
    expectOneQuietLine(r.lines, "auth_refused", t);
  });

  it("checks the token before the body: a bad token with a broken body is 401, a good one 400", async () => {
    const broken = { type: "message", text: "hej" };
    expect((await post(broken, bearer("not-a-jwt"))).status).toBe(401);
    expect((await post("{not json", bearer("not-a-jwt"))).status).toBe(401);
    expect((await post(broken, bearer(jwt(teamsClaims(connector.serviceUrl))))).status).toBe(400);
  });

  it("binds the token to the activity: its own serviceUrl and channel → the turn runs; others → 401", async () => {
    const token = jwt(teamsClaims(connector.serviceUrl));
    const data = { needsSocialServices: "yes", needsHealthCare: "unsure", reporterRole: "social_services" };
    const ok = await post(execute(connector.serviceUrl, VERBS.submitAssess, data), bearer(token));
    expect(ok.status).toBe(200);
    expect(cardText((JSON.parse(ok.body) as { value: unknown }).value)).toContain("Bedöm vidare");

    const elsewhere = execute("https://smba.trafficmanager.net/emea/", VERBS.submitAssess, data);
    const moved = await post(elsewhere, bearer(token));
    expect(moved.status).toBe(401);
    expectOneQuietLine(moved.lines, "auth_refused", token);
  });

  it("a channel the signing key does not endorse → 401", async () => {
    const token = jwt(teamsClaims(connector.serviceUrl));
    const data = { needsSocialServices: "yes", needsHealthCare: "unsure", reporterRole: "social_services" };
    const webchat = { ...execute(connector.serviceUrl, VERBS.submitAssess, data), channelId: "webchat" };
    const r = await post(webchat, bearer(token));
    expect(r.status).toBe(401);
    expectOneQuietLine(r.lines, "auth_refused", token);
    // botframework-connector prints its key set for this one (a failed check inside its own
    // try/catch); only a genuine Microsoft token replayed to another channel gets here.
    consoleError.mockClear();
  });
});
