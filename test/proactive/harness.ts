import { TeamsAdapter } from "@microsoft/teams-ai";
import { pino } from "pino";
import { connectorClientOptions } from "../../src/proactive/connector-options.js";
import { createSender, type SenderDeps } from "../../src/proactive/sender.js";
import type { ConversationRef } from "../../src/store/conversation-refs.js";
import type { startFakeConnector } from "../helpers/fake-connector.js";

export type FakeConnector = Awaited<ReturnType<typeof startFakeConnector>>;

/** The adapter as src/server.ts builds it: no credentials, plus the proactive connector options. */
export function testAdapter(options: { failFast: boolean } = { failFast: true }) {
  const turnErrors: Error[] = [];
  const adapter = new TeamsAdapter(
    {
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      MicrosoftAppType: "MultiTenant",
      MicrosoftAppTenantId: "",
    },
    undefined,
    undefined,
    options.failFast ? connectorClientOptions : undefined,
  );
  adapter.onTurnError = async (_ctx, err) => void turnErrors.push(err);
  return { adapter, turnErrors };
}

export function refFor(connector: FakeConnector, conversationId = "a:conv-1"): ConversationRef {
  return {
    tenantId: "tenant-1",
    userId: "29:user-1",
    aadObjectId: "00000000-0000-0000-0000-000000000001",
    conversationId,
    serviceUrl: connector.serviceUrl,
    channelId: "msteams",
    botId: "28:bot",
    botName: "SIP-lotsen",
  };
}

/**
 * A sender on the real adapter with a frozen clock and a sleep that only records: nothing waits on
 * the wall clock, and each limiter slot equals the sleep it asked for.
 */
export function harness(connector: FakeConnector, deps: Partial<SenderDeps> & { failFast?: boolean } = {}) {
  const { adapter, turnErrors } = testAdapter({ failFast: deps.failFast ?? true });
  const sleeps: number[] = [];
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (s: string) => void lines.push(s) });
  const sender = createSender({
    adapter,
    botAppId: "",
    logger,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    clock: { now: () => new Date("2026-11-26T10:00:00Z") },
    // On a frozen clock every request is "at once": the tenant's spacing would add a sleep to each.
    tenantWindows: [],
    ...deps,
  });
  const events = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { sender, adapter, turnErrors, sleeps, lines, events };
}
