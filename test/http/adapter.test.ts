import type { Activity, TurnContext } from "botbuilder";
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createAdapter } from "../../src/http/adapter.js";
import { connectorClientOptions } from "../../src/proactive/sender.js";
import { message } from "../helpers/activities.js";

// No credentials, as in local development: botbuilder accepts anyone and builds clients without
// tokens, so the clients can be compared without a network.
const settings = { MicrosoftAppId: "", MicrosoftAppPassword: "", MicrosoftAppTenantId: "" };

async function clientsOf(adapter: ReturnType<typeof createAdapter>, serviceUrl: string) {
  let seen: { connector: unknown; tokens: unknown; url?: string } | undefined;
  const activity = message(serviceUrl, "hej") as Activity;
  await adapter.processActivityDirect("", activity, async (context: TurnContext) => {
    const connector = context.turnState.get<{ baseUri?: string }>(adapter.ConnectorClientKey);
    seen = { connector, tokens: context.turnState.get(adapter.UserTokenClientKey), url: connector?.baseUri };
  });
  if (!seen) throw new Error("the turn did not run");
  return seen;
}

describe("createAdapter", () => {
  afterEach(() => nock.cleanAll());

  it("reuses one connector client and one token client per service URL across turns", async () => {
    const adapter = createAdapter(settings, connectorClientOptions);
    const first = await clientsOf(adapter, "https://smba.example/emea/");
    const second = await clientsOf(adapter, "https://smba.example/emea/");
    const other = await clientsOf(adapter, "https://smba.example/amer/");
    expect(first.url).toBe("https://smba.example/emea/");
    expect(second.connector).toBe(first.connector);
    expect(second.tokens).toBe(first.tokens);
    expect(other.connector).not.toBe(first.connector);
    expect(other.url).toBe("https://smba.example/amer/");
  });

  it("reuses the client for proactive sends to the same service URL", async () => {
    const adapter = createAdapter(settings, connectorClientOptions);
    const ref = message("https://smba.example/emea/", "hej");
    const seen: unknown[] = [];
    for (let i = 0; i < 2; i++)
      await adapter.continueConversationAsync("", referenceOf(ref), async (context) => {
        seen.push(context.turnState.get(adapter.ConnectorClientKey));
      });
    expect(seen[0]).toBeDefined();
    expect(seen[1]).toBe(seen[0]);
  });

  it("sends with the same User-Agent as teams-ai's own TeamsAdapter", async () => {
    const agents: string[] = [];
    nock("https://smba.example")
      .post(/\/v3\/conversations\/.*\/activities/)
      .times(2)
      .reply(function () {
        agents.push(String(this.req.headers["user-agent"]));
        return [200, { id: "sent" }];
      });
    const ours = createAdapter(settings, connectorClientOptions);
    const theirs = new TeamsAdapter(settings, undefined, undefined, connectorClientOptions);
    for (const adapter of [ours, theirs])
      await adapter.processActivityDirect("", message("https://smba.example/", "hej") as Activity, (c) =>
        c.sendActivity("svar").then(() => undefined),
      );
    expect(agents).toHaveLength(2);
    expect(agents[0]).toContain("teamsai-js");
    expect(agents[0]).toBe(agents[1]);
  });
});

/** A conversation reference from an activity, as botbuilder's TurnContext.getConversationReference. */
function referenceOf(activity: ReturnType<typeof message>) {
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: activity.conversation,
    user: activity.from,
    bot: activity.recipient,
  };
}
