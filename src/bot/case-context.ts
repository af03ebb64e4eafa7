import { MessageFactory, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { canAct } from "../cases/access.js";
import { balance, printLinkExpiry } from "../cases/workflow.js";
import type { Case, Invitee } from "../cases/model.js";
import {
  invitationCard,
  trackingCard,
  withdrawnInvitationCard,
  type PrintLink,
  type UserChoice,
} from "../cards/case-views.js";
import { attachment, STRINGS } from "../cards/render.js";
import { stockholmDate, type Clock } from "../clock.js";
import type { Background } from "../proactive/background.js";
import type { Sender } from "../proactive/sender.js";
import { regionSettings, type RegionKey } from "../sip/index.js";
import { fill } from "../sip/text.js";
import type { CaseRepository, Kallelse } from "../store/cases.js";
import type { ConversationRefs } from "../store/conversation-refs.js";
import type { PrintLinks } from "../store/print-links.js";
import { isUuid } from "./card-data.js";
import { retryDelayMinutes } from "./deliveries.js";
import { actorOf, tenantOf } from "./identity.js";
import { localeOf } from "./locale.js";

export interface CaseDeps {
  repo: CaseRepository;
  refs: ConversationRefs;
  sender: Sender;
  /** Invitations go out here, after the card submit has been answered. */
  background: Background;
  printLinks: PrintLinks;
  /** Where the bot's server is reachable from a browser, for printable-invitation links. */
  publicUrl: () => string;
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
}

/**
 * What the case handlers share: loading a case only for its own convener, delivering an
 * invitation through the one sender, and keeping the convener's tracking card up to date.
 */
export function caseContext(deps: CaseDeps) {
  const { repo, refs, sender, logger } = deps;

  async function ownCase(context: TurnContext, caseId: unknown): Promise<Case | undefined> {
    if (!isUuid(caseId)) return undefined;
    const c = await repo.getCase(caseId);
    return c && canAct(actorOf(context.activity), { kind: "case", case: c }) ? c : undefined;
  }

  /**
   * Names for a card's "who" pickers: the acting user and the ids already picked in the form,
   * looked up in the actor's tenant only. Never the directory: see the decision in case-views.ts.
   */
  async function userChoices(context: TurnContext, picked: readonly string[]): Promise<UserChoice[]> {
    const { activity } = context;
    const self = activity.from.id;
    const ids = [...new Set([self, ...picked])].filter((id) => id !== "" && id !== "external");
    const found = await Promise.all(ids.map((id) => refs.get(tenantOf(activity), id)));
    return ids.flatMap((value, n) => {
      const title = found[n]?.displayName ?? (value === self ? activity.from.name : undefined);
      return found[n] || value === self ? [{ title: title || value, value }] : [];
    });
  }

  /**
   * Sends one invitee their card; an invitee the bot cannot reach gets a printable invitation, and
   * one Teams refuses for now is left pending for a later attempt. Read again first: one answered
   * or withdrawn (a narrowed consent) since it was loaded is not sent.
   */
  async function deliver(c: Case, k: Kallelse, loaded: Invitee): Promise<void> {
    const invitee = await repo.invitee(loaded.id);
    if (invitee?.status !== "pending") return;
    const ref = invitee.userId ? await refs.get(c.tenantId, invitee.userId) : undefined;
    let reason = invitee.kind === "external" ? "external" : "no_reference";
    if (invitee.kind === "teams" && ref) {
      const locale = localeOf(ref);
      const card = invitationCard(locale, {
        caseCode: c.code,
        convenerName: c.convenerName ?? "",
        details: k.details,
        invitee,
      });
      const result = await sender.send(ref, MessageFactory.attachment(attachment(card)));
      logger.info({ event: "invitation_sent", case: c.code, invitee: invitee.id, status: result.status });
      if (result.status === "sent") {
        if (result.conversationId !== ref.conversationId)
          await refs.save({ ...ref, conversationId: result.conversationId });
        const { conversationId, activityId } = result;
        if (!(await repo.delivered(invitee.id, { status: "invited", conversationId, activityId }, c.code))) {
          // Withdrawn while the card was on its way: it is replaced as soon as it is known.
          const now = await repo.invitee(invitee.id);
          if (now?.status === "withdrawn") await replaceWithdrawn(c, now);
        }
        return;
      }
      // Throttled, or failed after the sender's retries, is not final: the invitee stays pending and
      // the sweep tries again (deliveries.ts), a bounded number of times. A block (403) is final.
      if (result.status === "blocked") reason = "blocked";
      else {
        const delay = retryDelayMinutes(invitee.deliveryAttempts ?? 0);
        if (delay !== undefined) {
          await repo.deferDelivery(invitee.id, delay, result.status, c.code);
          return;
        }
        reason = "retries_used_up";
      }
    }
    // Not changed: the invitee answered meanwhile, or another delivery got there first.
    if (!(await repo.delivered(invitee.id, { status: "printable", reason }, c.code))) return;
    await deps.printLinks.create(invitee.id, printLinkExpiry(k.details.date, deps.clock.now()));
    // Withdrawn meanwhile (narrowScope revoked the links it found): this one ends too.
    if ((await repo.invitee(invitee.id))?.status === "withdrawn")
      await deps.printLinks.revoke(invitee.id, deps.clock.now(), { actor: "system", caseCode: c.code });
  }

  async function tracking(c: Case, k: Kallelse, locale: "sv" | "en", scopeError?: string) {
    const invitees = await repo.invitees(k.id);
    const tokens = await repo.printTokens(k.id, deps.clock.now());
    // Every invitee on paper, with their live link, or none once revoked or expired.
    const links: PrintLink[] = invitees.flatMap((i) => {
      if (i.status !== "printable") return [];
      const token = tokens.get(i.id);
      const url = token ? `${deps.publicUrl()}/kallelse/${token}` : "";
      return [
        { name: i.name, inviteeId: i.id, live: Boolean(token), printUrl: url, icsUrl: url && `${url}.ics` },
      ];
    });
    const b = balance(invitees, regionSettings(c.region as RegionKey).balanceMaxProfessionalsPerFamilyMember);
    return trackingCard(locale, {
      kallelseId: k.id,
      caseCode: c.code,
      convenerUserId: c.convenerUserId,
      details: k.details,
      invitees,
      links,
      unreachable: invitees.filter((i) => i.kind === "teams" && i.status === "printable").map((i) => i.name),
      excluded: c.verdict?.excludedServices ?? [],
      ...(scopeError ? { scopeError } : {}),
      ...(c.closed ? { closedOn: stockholmDate(new Date(c.closed.at)) } : {}),
      ...(b.imbalanced ? { balanceWarning: fill(STRINGS[locale].cases.kallelse.balanceWarning, b) } : {}),
    });
  }

  /**
   * Replaces a withdrawn invitee's card in Teams, where one was delivered, with one saying the
   * invitation is withdrawn (case code only); a failure is logged, not fatal.
   */
  async function replaceWithdrawn(c: Case, invitee: Invitee): Promise<void> {
    const ref = invitee.userId ? await refs.get(c.tenantId, invitee.userId) : undefined;
    if (!ref || !invitee.conversationId || !invitee.activityId) return;
    const card = withdrawnInvitationCard(localeOf(ref), c.code, Boolean(c.closed));
    const result = await sender.update(
      { ...ref, conversationId: invitee.conversationId },
      invitee.activityId,
      MessageFactory.attachment(attachment(card)),
    );
    logger.info({ event: "invitation_withdrawn", case: c.code, invitee: invitee.id, status: result.status });
  }

  /** Sends the invitees their cards, then brings the convener's tracking card up to date. */
  async function deliverAll(c: Case, k: Kallelse, invitees: Invitee[]): Promise<void> {
    for (const [n, invitee] of invitees.entries()) {
      // Those still waiting here must not look abandoned to the sweep (deliveries.ts).
      await repo.renewPending(invitees.slice(n).map((i) => i.id));
      await deliver(c, k, invitee);
    }
    // Read again: the tracking card's activity was recorded after k was loaded.
    await updateTracking(c, (await repo.getKallelse(k.id)) ?? k);
  }

  /**
   * deliverAll after the invoke has been answered: Teams waits only about five seconds for a
   * card submit, and each invitee may cost a createConversation, a send and their retries. The
   * invitees are already stored as "pending", so a restart loses nothing (deliveries.ts).
   */
  function deliverLater(c: Case, k: Kallelse, invitees: Invitee[]): void {
    deps.background.run("deliver_invitations", () => deliverAll(c, k, invitees));
  }

  /** Replaces the convener's tracking card in place after an answer; a failure is logged, not fatal. */
  async function updateTracking(c: Case, k: Kallelse): Promise<void> {
    if (!k.trackingConversationId || !k.trackingActivityId) return;
    const ref = await refs.get(c.tenantId, c.convenerUserId);
    if (!ref) return;
    const card = await tracking(c, k, localeOf(ref));
    const result = await sender.update(
      { ...ref, conversationId: k.trackingConversationId },
      k.trackingActivityId,
      MessageFactory.attachment(attachment(card)),
    );
    logger.info({ event: "tracking_updated", case: c.code, status: result.status });
  }

  /** replaceWithdrawn for each invitee a narrowed or withdrawn consent withdrew, after the press is answered. */
  function withdrawLater(c: Case, withdrawn: Invitee[]): void {
    if (withdrawn.length)
      deps.background.run("withdraw_invitations", async () => {
        for (const i of withdrawn) await replaceWithdrawn(c, i);
      });
  }

  return { ownCase, userChoices, deliverAll, deliverLater, tracking, updateTracking, withdrawLater };
}
export type CaseContext = ReturnType<typeof caseContext>;
