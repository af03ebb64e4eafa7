import type { TeamsAdapter } from "@microsoft/teams-ai";
import { ConfigurationBotFrameworkAuthentication, type Activity } from "botbuilder";
import type { RequestHandler, Response } from "express";
import type { Logger } from "pino";

/**
 * Bot Framework token checks for POST /api/messages, answered here instead of inside
 * CloudAdapter.process, which prints a stack to the console for every bad token and answers a
 * key-fetch failure with a 500 carrying the upstream error text. Here a refusal is a 401 (bad
 * token) or a 503 (Microsoft's OpenID metadata or signing keys cannot be fetched, so no token can
 * be checked: the Bot Service retries), a JSON body, and one log line without stack or token.
 *
 * Two steps: the token itself (signature, issuer, audience = our app id, expiry) before the body
 * is read, so an unauthenticated caller costs no parsing and learns nothing about our schema;
 * then, once the body is read and valid, its binding to the activity (the channel's endorsement
 * of the signing key, the serviceUrl claim). adapter.process then checks both again (keys are
 * cached), which fails only if the keys rotate in between.
 */
export type Authenticate = (authHeader: string, activity: Partial<Activity>) => Promise<unknown>;

/** The adapter's own BotFrameworkAuthentication is protected: the same one, from its settings. */
export function authenticationOf(adapter: TeamsAdapter): Authenticate {
  const auth = new ConfigurationBotFrameworkAuthentication(
    adapter.botFrameworkAuthConfig ?? {},
    adapter.credentialsFactory,
  );
  // Only channelId and serviceUrl are read; empty means "not bound to an activity yet".
  return (header, activity) => auth.authenticateRequest(activity as Activity, header);
}

/** Ahead of the body: no channel and no serviceUrl to bind to yet. */
const UNBOUND: Partial<Activity> = { channelId: "", serviceUrl: "" };
/** jsonwebtoken's clock tolerance as botframework-connector sets it. */
const CLOCK_TOLERANCE_S = 5 * 60;
/** AuthenticationConstants.AllowedSigningAlgorithms: all that botframework-connector verifies. */
const SIGNING_ALGORITHMS = new Set(["RS256", "RS384", "RS512"]);
/** jsonwebtoken's verdicts on a token: the token is bad, not the service. */
const TOKEN_ERRORS = new Set(["JsonWebTokenError", "TokenExpiredError", "NotBeforeError"]);

/** Without credentials (local development) the adapter accepts anyone: nothing to check. */
const pass: RequestHandler = (_req, _res, next) => next();
export const noTokenChecks = { token: pass, boundToActivity: pass };

type Verdict = { ok: true } | { ok: false; status: 401 | 503; reason: string };

export function botTokenChecks(authenticate: Authenticate, logger: Logger, now = () => Date.now()) {
  async function check(header: string | undefined, activity: Partial<Activity>): Promise<Verdict> {
    const refused = quickRefusal(header, now());
    if (refused) return { ok: false, status: 401, reason: refused };
    try {
      await authenticate(header ?? "", activity);
      return { ok: true };
    } catch (err) {
      return classify(err);
    }
  }

  function refuse(res: Response, verdict: Exclude<Verdict, { ok: true }>, step: string): void {
    if (verdict.status === 401) {
      logger.warn({ event: "auth_refused", step, status: 401, reason: verdict.reason });
      res.status(401).json({ error: "Unauthorized" });
    } else {
      logger.error({ event: "auth_unavailable", step, status: 503, reason: verdict.reason });
      res
        .status(503)
        .set("Retry-After", "30")
        .json({ error: "Service Unavailable: the bot cannot check tokens right now" });
    }
  }

  const token: RequestHandler = (req, res, next) => {
    check(req.headers.authorization, UNBOUND).then((v) => (v.ok ? next() : refuse(res, v, "token")), next);
  };
  /** After the envelope check: req.body is a valid activity. */
  const boundToActivity: RequestHandler = (req, res, next) => {
    check(req.headers.authorization, req.body as Partial<Activity>).then(
      (v) => (v.ok ? next() : refuse(res, v, "activity")),
      next,
    );
  };
  return { token, boundToActivity };
}

/**
 * What can be refused without keys or network: no bearer token, not a JWT, not signed with an
 * algorithm the library accepts (an unsigned token can never pass, whether or not the keys can
 * be fetched), or expired. For an expired or unsigned token under a key id it knows, the library
 * would print a stack or its key set to the console; here it is one log line.
 */
function quickRefusal(header: string | undefined, nowMs: number): string | undefined {
  if (!header) return "no Authorization header";
  const [scheme, token, ...rest] = header.split(" ");
  if (scheme !== "Bearer" || !token || rest.length) return "not a Bearer token";
  const parts = token.split(".");
  const [head, payload] = parts.slice(0, 2).map(jsonPart);
  if (parts.length !== 3 || !head || !payload) return "not a JWT";
  if (!SIGNING_ALGORITHMS.has(String(head.alg)) || !parts[2]) return "not signed with RS256/384/512";
  const nowS = nowMs / 1000;
  if (typeof payload.exp === "number" && nowS >= payload.exp + CLOCK_TOLERANCE_S) return "token expired";
  if (typeof payload.nbf === "number" && nowS + CLOCK_TOLERANCE_S < payload.nbf) return "token not yet valid";
  return undefined;
}

/** A JWT's header or payload (base64url JSON) as an object. */
function jsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * botframework-connector throws AuthenticationError with statusCode 401 for a token it refuses
 * and 500 when the metadata or keys answer with an error; jsonwebtoken throws its own errors;
 * anything else comes from fetching the metadata (network, a body that is not JSON).
 */
function classify(err: unknown): Exclude<Verdict, { ok: true }> {
  const e = err instanceof Error ? err : new Error(String(err));
  const statusCode = (e as { statusCode?: unknown }).statusCode;
  const refused =
    TOKEN_ERRORS.has(e.name) || (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500);
  // A refusal's text may quote a claim of the caller's token ("Invalid AppId passed on token: …").
  if (refused) return { ok: false, status: 401, reason: e.message.split(":")[0]?.slice(0, 120) ?? "" };
  return { ok: false, status: 503, reason: `${e.name}: ${e.message}`.slice(0, 300) };
}
