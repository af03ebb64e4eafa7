// A deep import: the package index also loads the AI planners and the openai client (planner.ts).
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { ConfigurationBotFrameworkAuthentication } from "botbuilder";

type Auth = ConfigurationBotFrameworkAuthentication;
type ClaimsIdentity = Parameters<Auth["createConnectorFactory"]>[0];
type ConnectorFactory = ReturnType<Auth["createConnectorFactory"]>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory["create"]>>;
type UserTokenClient = Awaited<ReturnType<Auth["createUserTokenClient"]>>;
type AdapterArgs = ConstructorParameters<typeof TeamsAdapter>;

/** Service URLs are few (Teams' regional endpoints); the bound is for a caller without tokens. */
const MAX_CLIENTS = 64;

/**
 * Why: botbuilder builds a new ConnectorClient and UserTokenClient, each with a fresh
 * @azure/core-client pipeline, for every turn and every proactive send — a fifth of a card
 * submit's CPU in `npm run bench --profile`. Both clients are stateless between requests (the
 * credentials keep their own token cache), so one per bot app id, service URL and audience is
 * kept and reused. Everything else is botbuilder's own ConfigurationBotFrameworkAuthentication.
 */
class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(...args: Parameters<Auth["authenticateRequest"]>) {
    const result = await super.authenticateRequest(...args);
    const { connectorFactory, claimsIdentity } = result;
    return connectorFactory
      ? { ...result, connectorFactory: this.reusing(connectorFactory, claimsIdentity) }
      : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remember(this.tokenClients, appKey(claimsIdentity), () =>
      super.createUserTokenClient(claimsIdentity),
    );
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const app = appKey(claimsIdentity);
    return {
      create: (serviceUrl, audience) =>
        remember(this.connectors, JSON.stringify([app, serviceUrl, audience]), () =>
          factory.create(serviceUrl, audience),
        ),
    };
  }
}

/** What botbuilder derives a client's app id from (the audience claim, else appid; azp for v2). */
function appKey(identity: ClaimsIdentity): string {
  return JSON.stringify(["aud", "appid", "azp"].map((type) => identity.getClaimValue(type)));
}

/** The cached promise, or a new one; a failed creation is forgotten so the next turn tries again. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
  const made = create();
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  return made;
}

/**
 * teams-ai's TeamsAdapter (its user agent, credentials factory and settings, which
 * http/auth.ts and the Application read) with connector clients reused across turns.
 */
export function createAdapter(
  settings: NonNullable<AdapterArgs[0]>,
  connectorClientOptions: NonNullable<AdapterArgs[3]>,
): TeamsAdapter {
  const adapter = new TeamsAdapter(settings, undefined, undefined, connectorClientOptions);
  const auth = new ReusingAuthentication(settings, adapter.credentialsFactory, undefined, undefined, {
    ...connectorClientOptions,
    userAgent: adapter.userAgent,
    userAgentHeaderName: undefined,
  });
  // CloudAdapterBase keeps its BotFrameworkAuthentication in a protected readonly field that
  // TeamsAdapter's constructor fills; this is the one place that replaces it.
  Object.defineProperty(adapter, "botFrameworkAuthentication", { value: auth });
  return adapter;
}
