import type { Invitee } from "../cases/model.js";
import type { CaseContext, CaseDeps } from "./case-context.js";

/**
 * How long an invitee may stay "pending" before a sweep takes it over. A delivery under way
 * renews the lease of the invitees it has yet to send before each send, so this only has to
 * exceed one invitee's send with all its retries and Retry-After waits (a few minutes at worst).
 */
export const DELIVERY_LEASE_MINUTES = 30;

/**
 * Waits before the next attempt at a send Teams refused for now (429 or 5xx after the sender's own
 * retries): the nth failure waits the nth delay, well short of the crash lease, so a brief outage
 * costs minutes, not half an hour. The sweep runs every five minutes, so that is the finest step.
 * When they are used up (five attempts over about two hours) the invitee goes to the printable
 * path, and the tracking card tells the convener "kunde inte nås" and offers the printable
 * invitation: better than a partner waiting unknowingly on a retry that never ends.
 */
export const RETRY_DELAYS_MINUTES: readonly number[] = [5, 15, 30, 60];

/** The wait after a refused send with `failedSoFar` failures before it; undefined: give up. */
export const retryDelayMinutes = (failedSoFar: number): number | undefined =>
  RETRY_DELAYS_MINUTES[failedSoFar];

/**
 * Invitees are stored "pending" and sent in the background once the card submit has been answered
 * (CaseContext.deliverLater). If the process stops in between, nothing else would send them: this
 * sweep, run at start and then every few minutes, claims invitees pending for longer than the
 * lease, and those whose retry after a refused send is due, and delivers them. Delivery is at
 * least once: a crash between the connector's 200 and our "invited" row would send that one card
 * again, which beats an invitation never sent.
 */
export async function resumeDeliveries(deps: CaseDeps, ctx: CaseContext): Promise<number> {
  const claimed = await deps.repo.claimStalePending(DELIVERY_LEASE_MINUTES);
  const byKallelse = new Map<string, Invitee[]>();
  for (const i of claimed) byKallelse.set(i.kallelseId, [...(byKallelse.get(i.kallelseId) ?? []), i]);
  for (const [kallelseId, invitees] of byKallelse) {
    const k = await deps.repo.getKallelse(kallelseId);
    const c = k && (await deps.repo.getCase(k.caseId));
    if (k && c) await ctx.deliverAll(c, k, invitees);
  }
  if (claimed.length) deps.logger.info({ event: "deliveries_resumed", invitees: claimed.length });
  return claimed.length;
}
