import type { Case, Invitee } from "../cases/model.js";
import type { ConversationRef } from "../store/conversation-refs.js";
import type { ServiceDeps } from "./deps.js";

/** An AAD object id (a GUID), as Graph names users; a Teams user id ("29:…") is not one. */
const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The bot installing itself for a Teams invitee it cannot reach (README "Partners in another
 * tenant"), for delivery.ts `send`.
 *
 * Decision on ids: Graph installs for an AAD object id; conversation references are keyed by the
 * Teams user id (29:…), which only Teams' own activities map to an AAD id. An invitee with a Teams
 * id and no reference thus has no AAD id anywhere, and stays on paper. One named by their AAD
 * object id (a directory source) is installed for; Teams then sends the bot a conversationUpdate
 * for the new 1:1 chat, the turn guard saves its reference (with from.aadObjectId), and the
 * delivery's next attempt finds it here and re-keys the invitee to the Teams id.
 *
 * Decision on when: the delivery waits for its job's retry (services/jobs.ts DELIVERY_RETRIES)
 * rather than creating the chat through the connector, which needs the Teams id and serviceUrl
 * that only that activity brings; retries used up end on paper like every unreachable invitee.
 */
const tenantOf = (c: Case, invitee: Invitee) => invitee.tenantId ?? c.tenantId;
const aadIdOf = (invitee: Invitee) =>
  invitee.kind === "teams" && invitee.userId && AAD_OBJECT_ID.test(invitee.userId)
    ? invitee.userId
    : undefined;

/** The reference Teams gave once the bot was installed for an invitee named by AAD object id. */
export async function installedRef(
  deps: Pick<ServiceDeps, "refs">,
  c: Case,
  invitee: Invitee,
): Promise<ConversationRef | undefined> {
  const aad = aadIdOf(invitee);
  return aad ? deps.refs.byAadObjectId(tenantOf(c, invitee), aad) : undefined;
}

/**
 * Installs the bot for an invitee without a reference, where their tenant allows it: "retry" when
 * the delivery should wait for the installation (or try it again), undefined for paper as before.
 */
export async function installFor(
  deps: Pick<ServiceDeps, "installer" | "repo" | "logger">,
  c: Case,
  invitee: Invitee,
): Promise<"retry" | undefined> {
  const tenantId = tenantOf(c, invitee);
  const aad = aadIdOf(invitee);
  if (!aad || !deps.installer?.covers(tenantId)) return undefined;
  const outcome = await deps.installer.install(tenantId, aad);
  deps.logger.info({ event: "self_install", case: c.code, invitee: invitee.id, outcome });
  if (outcome === "refused" || outcome === "rejected") return undefined;
  const deferred = await deps.repo.deferDelivery(
    invitee.id,
    outcome === "failed" ? "failed" : "installing",
    c.code,
  );
  // No longer pending (answered on paper, withdrawn): nothing is left to send.
  return deferred ? "retry" : undefined;
}
