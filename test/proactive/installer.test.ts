import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { graphInstaller } from "../../src/proactive/installer.js";
import { capturingLogger } from "../helpers/bot.js";

/** The Graph installer against nock: token cache on an injected clock, and Graph's answers mapped. */
const LOGIN = "https://login.microsoftonline.com";
const GRAPH = "https://graph.microsoft.com";
const APP = "aaaaaaaa-1111-4111-8111-111111111111";
const USER = "0b0b0b0b-0000-4000-8000-000000000001";
const PATH = `/v1.0/users/${USER}/teamwork/installedApps`;

function setup() {
  let now = new Date("2026-11-26T10:00:00Z").getTime();
  const { logger, lines } = capturingLogger();
  const installer = graphInstaller({
    clientId: "app",
    clientSecret: "secret",
    apps: new Map([["t1", APP]]),
    clock: { now: () => new Date(now) },
    logger,
  });
  return { installer, lines, advance: (ms: number) => void (now += ms) };
}
const token = (access_token: string) =>
  nock(LOGIN).post("/t1/oauth2/v2.0/token").reply(200, { access_token, expires_in: 3600 });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe("graphInstaller", () => {
  it("keeps a tenant's token until five minutes before it expires", async () => {
    const { installer, advance } = setup();
    token("first");
    nock(GRAPH, { reqheaders: { authorization: "Bearer first" } })
      .post(PATH)
      .reply(201, {})
      .post(PATH)
      .reply(409, {});
    expect(await installer.install("t1", USER)).toBe("installed");
    advance(54 * 60_000);
    expect(await installer.install("t1", USER)).toBe("already_installed");
    advance(2 * 60_000);
    token("second");
    nock(GRAPH, { reqheaders: { authorization: "Bearer second" } })
      .post(PATH)
      .reply(201, {});
    expect(await installer.install("t1", USER)).toBe("installed");
  });

  it("maps answers: refused once logged, rejected, failed for now; nothing for an unknown tenant", async () => {
    const { installer, lines } = setup();
    nock(LOGIN).post("/t1/oauth2/v2.0/token").times(2).reply(401, { error: "invalid_client" });
    expect(await installer.install("t1", USER)).toBe("refused");
    expect(await installer.install("t1", USER)).toBe("refused");
    expect(lines.filter((l) => l.includes("self_install_refused"))).toHaveLength(1);
    token("t");
    nock(GRAPH).post(PATH).reply(404, {}).post(PATH).reply(503, {}).post(PATH).replyWithError("reset");
    expect(await installer.install("t1", USER)).toBe("rejected");
    expect(await installer.install("t1", USER)).toBe("failed");
    expect(await installer.install("t1", USER)).toBe("failed");
    expect(installer.covers("t2")).toBe(false);
    expect(await installer.install("t2", USER)).toBe("rejected");
    expect(lines.join("\n")).not.toContain("secret");
  });
});
