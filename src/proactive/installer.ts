import type { Logger } from "pino";
import { z } from "zod/v4";
import type { Clock } from "../clock.js";

/**
 * What became of one installation: "refused" is a tenant that did not grant the permission (or
 * does not know the app: its token is refused); "rejected" any other final no (a wrong catalog id,
 * an unknown user); "failed" a refusal for now (429, 5xx, no answer), worth another try later.
 */
export type InstallOutcome = "installed" | "already_installed" | "refused" | "rejected" | "failed";

export interface GraphInstallerOptions {
  /** The bot's Entra app (MicrosoftAppId / MicrosoftAppPassword): the partner's admin consents to it. */
  clientId: string;
  clientSecret: string;
  /** Tenant id → the app's id in that tenant's Teams app catalog (config.ts installApps). */
  apps: ReadonlyMap<string, string>;
  clock: Clock;
  /** Ids, events and HTTP statuses only. */
  logger: Logger;
}

const LOGIN = "https://login.microsoftonline.com";
const GRAPH = "https://graph.microsoft.com/v1.0";
/** A token is not used in its last minutes: a request under way must not outlive it. */
const EARLY_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

const TokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
});

/**
 * Installs the bot for one user through Microsoft Graph (TeamsAppInstallation.ReadWriteSelfForUser.All,
 * granted by each tenant's admin): an app-only token for the user's tenant by client credentials,
 * then POST /users/{id}/teamwork/installedApps. Teams then sends the bot a conversationUpdate for
 * the new 1:1 chat, whose reference the turn guard saves (bot/turn-guard.ts).
 *
 * Decision: plain fetch, not @azure/msal-node (only botbuilder's transitive dependency here): one
 * form POST and a per-tenant cache are all the client-credentials flow needs. Never throws.
 */
export function graphInstaller(o: GraphInstallerOptions) {
  const tokens = new Map<string, { token: string; until: number }>();
  /** Tenants whose refusal was logged: once per tenant and process, not once per invitee. */
  const refusalLogged = new Set<string>();
  const log = o.logger.child({ component: "self_install" });

  async function token(tenantId: string): Promise<string | { status: number }> {
    const cached = tokens.get(tenantId);
    if (cached && cached.until > o.clock.now().getTime()) return cached.token;
    const res = await fetch(`${LOGIN}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: o.clientId,
        client_secret: o.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) return { status: res.status };
    const parsed = TokenSchema.safeParse(await res.json());
    if (!parsed.success) return { status: 502 };
    const { access_token, expires_in } = parsed.data;
    tokens.set(tenantId, {
      token: access_token,
      until: o.clock.now().getTime() + expires_in * 1000 - EARLY_MS,
    });
    return access_token;
  }

  function outcomeOf(tenantId: string, step: "token" | "install", status: number): InstallOutcome {
    // A tenant that never consented to the app gets no token (400/401); one without the
    // permission gets a token that Graph refuses (403).
    const refused = step === "token" ? status === 400 || status === 401 : status === 401 || status === 403;
    if (refused) {
      if (!refusalLogged.has(tenantId))
        log.warn({ event: "self_install_refused", tenant: tenantId, step, httpStatus: status });
      refusalLogged.add(tenantId);
      return "refused";
    }
    const transient = status === 429 || status >= 500;
    log.warn({
      event: transient ? "self_install_failed" : "self_install_rejected",
      tenant: tenantId,
      step,
      httpStatus: status,
    });
    return transient ? "failed" : "rejected";
  }

  async function install(tenantId: string, aadObjectId: string): Promise<InstallOutcome> {
    const appId = o.apps.get(tenantId);
    if (!appId) return "rejected";
    try {
      const bearer = await token(tenantId);
      if (typeof bearer !== "string") return outcomeOf(tenantId, "token", bearer.status);
      const res = await fetch(`${GRAPH}/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({ "teamsApp@odata.bind": `${GRAPH}/appCatalogs/teamsApps/${appId}` }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.status === 201) return "installed";
      if (res.status === 409) return "already_installed";
      if (res.status === 401) tokens.delete(tenantId);
      return outcomeOf(tenantId, "install", res.status);
    } catch (err) {
      // No answer (timeout, network): tried again with the delivery's next attempt.
      log.warn({ event: "self_install_failed", tenant: tenantId, error: (err as Error).name });
      return "failed";
    }
  }

  return {
    /** Whether this tenant's admin let the bot install itself (its catalog id is configured). */
    covers: (tenantId: string) => o.apps.has(tenantId),
    install,
  };
}
export type GraphInstaller = ReturnType<typeof graphInstaller>;
