import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { CardSender } from "../proactive/card-sender.js";
import type { RegionKey } from "../sip/index.js";
import type { CaseRepository } from "../store/cases.js";
import type { ConversationRefs } from "../store/conversation-refs.js";
import type { Db } from "../store/db.js";
import type { FlagRepository } from "../store/flags.js";
import type { PlanRepository } from "../store/plans.js";
import type { PrintLinks } from "../store/print-links.js";
import type { ReminderRepository } from "../store/reminders.js";
import type { FederationPort } from "./federated-protocol.js";

/**
 * What the application services are built from: the repositories, the one card sender, the job
 * queue, the clock. Composed once (src/compose.ts) for the server and the tests alike.
 */
export interface ServiceDeps {
  db: Db;
  repo: CaseRepository;
  flags: FlagRepository;
  refs: ConversationRefs;
  printLinks: PrintLinks;
  plans: PlanRepository;
  reminders: ReminderRepository;
  cards: CardSender;
  jobs: JobPort;
  /** Where the bot's server is reachable from a browser, for printable-invitation links. */
  publicUrl: () => string;
  clock: Clock;
  logger: Logger;
  defaultRegion: RegionKey;
  /** Signed requests to federation peers (README "Federation"); absent when federation is off. */
  federation?: FederationPort;
  /** Installs the bot for an invitee it never met, where a tenant allows it; absent: paper as before. */
  installer?: AppInstaller;
  /**
   * Work that need not hold up the turn's answer and may be lost in a crash (a statistics row):
   * the server runs it once the turn is answered; left out, it runs at once.
   */
  later?: (task: string, work: () => Promise<void>) => void;
}

/** The part of the job queue (src/jobs/) that services use to hand work on. */
export interface JobPort {
  /** Queues an invitation's delivery; the same invitee queued twice is delivered once. */
  deliverInvitations(invitees: readonly { id: string }[]): Promise<void>;
  /** Queues the replacement of withdrawn invitations' cards in Teams. */
  replaceWithdrawn(caseId: string, invitees: readonly { id: string }[]): Promise<void>;
  /** Queues a refresh of a kallelse's tracking card. */
  updateTracking(kallelseId: string): Promise<void>;
  /** Queues the lead's card for a saved plan (key: case and plan version, so one per save). */
  notifyLead(caseId: string, version: number): Promise<void>;
  /** Queues the message telling a former convener that the lead took the case over. */
  notifyHandover(caseId: string, formerUserId: string): Promise<void>;
}

/**
 * The bot installing itself for a user through Microsoft Graph (proactive/installer.ts), in the
 * tenants whose admin granted TeamsAppInstallation.ReadWriteSelfForUser.All (config.ts).
 */
export interface AppInstaller {
  covers(tenantId: string): boolean;
  /**
   * "refused": the tenant did not grant it; "rejected": another final no; "failed": try later.
   * Graph names the user by their AAD object id.
   */
  install(
    tenantId: string,
    aadObjectId: string,
  ): Promise<"installed" | "already_installed" | "refused" | "rejected" | "failed">;
}
