/**
 * DATABASE_AUTH=entra: PostgreSQL's password is a Microsoft Entra access token of the bot's managed
 * identity (Azure Database for PostgreSQL with password login disabled, infra/). node-postgres asks
 * for the password on every new connection; a token lives about an hour, so one is cached and
 * fetched anew five minutes before it expires, well before a connection could be refused with it.
 */

/** Azure Database for PostgreSQL's resource, the same in every public-cloud region. */
export const POSTGRES_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
/** Fetch a new token this long before the cached one expires. */
export const REFRESH_BEFORE_MS = 5 * 60_000;
/** A token this close to expiry is not handed out even when its refresh failed. */
const LAST_USE_MS = 30_000;

/** The part of @azure/identity's TokenCredential used here (tests inject a fake). */
export interface TokenSource {
  getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export interface EntraPasswordOptions {
  /** The user-assigned managed identity's client id (AZURE_CLIENT_ID); unset: DefaultAzureCredential. */
  clientId?: string;
  /** Tests: a fake credential instead of @azure/identity's. */
  credential?: TokenSource;
  /** Tests: the clock (ms since the epoch). */
  now?: () => number;
}

export class EntraTokenError extends Error {
  override name = "EntraTokenError";
}

/**
 * The password function for pg's Pool: a token from the cache, or a fresh one. Concurrent
 * connections share one request. Errors name the identity and the failure's kind, never a token.
 */
export function entraPassword(opts: EntraPasswordOptions = {}): () => Promise<string> {
  const now = opts.now ?? Date.now;
  const who = opts.clientId ? `managed identity ${opts.clientId}` : "DefaultAzureCredential";
  let credential: Promise<TokenSource> | undefined = opts.credential && Promise.resolve(opts.credential);
  let cached: { token: string; expiresOnTimestamp: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    credential ??= defaultCredential(opts.clientId);
    try {
      const t = await (await credential).getToken(POSTGRES_SCOPE);
      if (!t?.token) throw new EntraTokenError("no token returned");
      cached = { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp };
      return t.token;
    } catch (err) {
      // The old token still opens connections for a while: a brief outage of the identity
      // endpoint must not cut the bot off while its token is valid.
      if (cached && now() < cached.expiresOnTimestamp - LAST_USE_MS) return cached.token;
      // Only the error's kind and HTTP status: identity errors can quote responses at length.
      const e = err as { name?: unknown; statusCode?: unknown };
      const kind = typeof e.name === "string" ? e.name : "Error";
      const status = typeof e.statusCode === "number" ? `, HTTP ${e.statusCode}` : "";
      throw new EntraTokenError(
        `DATABASE_AUTH=entra: no Microsoft Entra token for PostgreSQL from ${who} (${kind}${status}); ` +
          "check AZURE_CLIENT_ID and that the identity is assigned to this app",
      );
    }
  };

  return () => {
    if (cached && now() < cached.expiresOnTimestamp - REFRESH_BEFORE_MS) return Promise.resolve(cached.token);
    inFlight ??= fetchToken().finally(() => (inFlight = undefined));
    return inFlight;
  };
}

/** Loaded only with DATABASE_AUTH=entra: the identity library (and MSAL) stays out of other starts. */
async function defaultCredential(clientId: string | undefined): Promise<TokenSource> {
  const { DefaultAzureCredential, ManagedIdentityCredential } = await import("@azure/identity");
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}
