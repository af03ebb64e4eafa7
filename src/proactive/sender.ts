import type {
  Activity,
  CloudAdapter,
  ConversationParameters,
  ConversationReference,
  TurnContext,
} from "botbuilder";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.js";
import type { ConversationRef } from "../store/conversation-refs.js";
import { runInProactiveScope } from "./connector-options.js";
import type { Failure } from "./errors.js";
import { SlidingWindowLimiter, TENANT_WINDOWS, type Window } from "./limiter.js";
import { withRetries, type Outcome, type RetryPolicy } from "./retry.js";
import { countSendRetry, observeSend } from "../telemetry/signals.js";

// The adapter must be built with these (see connector-options.ts); re-exported for src/server.ts.
export { connectorClientOptions } from "./connector-options.js";

export type SendResult =
  | { status: "sent"; activityId: string; conversationId: string }
  /** Still 429 after the bounded retries. */
  | { status: "throttled"; retries: number }
  /** 403 (e.g. MessageWritesBlocked): the user blocked or removed the bot. Stop and tell the caller. */
  | { status: "blocked" }
  /** A non-retryable error, or retries used up. */
  | { status: "failed"; httpStatus?: number; retries: number };

export interface Sender {
  /** Sends a new activity into the user's 1:1 conversation from the saved reference. */
  send(ref: ConversationRef, activity: Partial<Activity>): Promise<SendResult>;
  /** Replaces an activity the bot sent earlier (a card updated in place). */
  update(ref: ConversationRef, activityId: string, activity: Partial<Activity>): Promise<SendResult>;
}

export interface SenderDeps {
  /** The app's TeamsAdapter, built with `connectorClientOptions` (connector-options.ts). */
  adapter: CloudAdapter;
  /** "" when running without credentials (local). */
  botAppId: string;
  /** Ids, status and attempt only; never activity text. */
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  maxRetries?: number;
  /** Drives the rate limiter and Retry-After dates. */
  clock?: Clock;
  /** Teams' per-tenant limit (TENANT_WINDOWS); tests on a frozen clock turn it off with []. */
  tenantWindows?: readonly Window[];
  /** OAuth scope for creating a conversation; the public cloud's unless set (government clouds differ). */
  audience?: string;
}

const PUBLIC_CLOUD_AUDIENCE = "https://api.botframework.com";

/**
 * The one place the bot sends outside a turn's reply. Every connector call is spaced by the
 * per-conversation limiter and retried by withRetries; the connector client's own retries are off
 * for these calls (connector-options.ts). A final failure is returned, never thrown.
 */
export function createSender(deps: SenderDeps): Sender {
  const { adapter, botAppId, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now().getTime();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter = new SlidingWindowLimiter(now, sleep);
  // Per tenant: every proactive request of this instance to one organisation (invitations,
  // reminders, updates) shares Teams' 50/s; other instances add theirs, and 429s cover that.
  const tenants = new SlidingWindowLimiter(now, sleep, deps.tenantWindows ?? TENANT_WINDOWS);
  let warnedNoFailFast = false;

  const policy = (op: string, conversationId: string): RetryPolicy => ({
    maxRetries: deps.maxRetries ?? 4,
    baseDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 120_000,
    sleep,
    random: deps.random ?? Math.random,
    now,
    onRetry: ({ attempt, delayMs, failure }) => {
      countSendRetry(op);
      logger.warn({ event: "proactive_retry", op, conversationId, attempt, delayMs, ...fields(failure) });
    },
  });

  /**
   * One connector call: waits for the conversation's limiter, then runs with the pipeline's retries
   * off, each request taking a slot of its tenant's limiter as it leaves.
   */
  async function call<T>(ref: ConversationRef, conversationId: string, fn: () => Promise<T>): Promise<T> {
    const waited = await limiter.take(conversationId);
    if (waited > 0) logger.debug({ event: "proactive_paced", conversationId, waitMs: waited });
    const scope = { requests: 0, beforeSend: () => tenants.take(ref.tenantId) };
    const value = await runInProactiveScope(scope, fn);
    if (scope.requests === 0 && !warnedNoFailFast) {
      // The request bypassed the fail-fast client: the adapter lacks connectorClientOptions.
      warnedNoFailFast = true;
      logger.warn({ event: "proactive_connector_retries_not_disabled" });
    }
    return value;
  }

  /** Runs logic in a continued turn; its error is handed back instead of reaching onTurnError. */
  async function inTurn<T>(
    ref: ConversationRef,
    conversationId: string,
    logic: (ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    // Assigned in the callback: typed by assertion so the compiler does not narrow it to the default.
    let result = { error: new Error("turn did not run") } as { value: T } | { error: unknown };
    await adapter.continueConversationAsync(botAppId, reference(ref, conversationId), async (ctx) => {
      // A continuation has no incoming activity to reply to: without its random id botbuilder
      // POSTs a new message to /activities instead of a reply to an activity that never existed.
      delete ctx.activity.id;
      try {
        result = { value: await logic(ctx) };
      } catch (error) {
        result = { error };
      }
    });
    if ("error" in result) throw result.error;
    return result.value;
  }

  const deliver = (ref: ConversationRef, conversationId: string, activity: Partial<Activity>) =>
    withRetries(
      () =>
        call(ref, conversationId, () =>
          inTurn(ref, conversationId, async (ctx) => (await ctx.sendActivity(activity))?.id ?? ""),
        ),
      policy("send", conversationId),
    );

  const createConversation = (ref: ConversationRef) =>
    withRetries(
      () =>
        call(ref, ref.conversationId, async () => {
          let created: string | undefined;
          await adapter.createConversationAsync(
            botAppId,
            ref.channelId,
            ref.serviceUrl,
            deps.audience ?? PUBLIC_CLOUD_AUDIENCE,
            conversationParameters(ref),
            async (ctx) => {
              created = ctx.activity.conversation.id;
            },
          );
          if (!created) throw new Error("createConversation returned no id");
          return created;
        }),
      policy("create", ref.conversationId),
    );

  const sender: Sender = {
    async send(ref, activity) {
      const first = await deliver(ref, ref.conversationId, activity);
      if (first.ok || first.failure.kind !== "notFound") return result("send", ref.conversationId, first);
      // The stored conversation is gone: open the 1:1 chat again (Teams answers with its id) and
      // send there once. The caller saves the new conversationId from the result.
      const created = await createConversation(ref);
      if (!created.ok) return result("create", ref.conversationId, created, first.retries);
      logger.info({ event: "proactive_conversation_created", from: ref.conversationId, to: created.value });
      const second = await deliver(ref, created.value, activity);
      return result("send", created.value, second, first.retries + created.retries);
    },

    async update(ref, activityId, activity) {
      const outcome = await withRetries(
        () =>
          call(ref, ref.conversationId, () =>
            inTurn(
              ref,
              ref.conversationId,
              async (ctx) => (await ctx.updateActivity({ ...activity, id: activityId }))?.id ?? activityId,
            ),
          ),
        policy("update", ref.conversationId),
      );
      return result("update", ref.conversationId, outcome);
    },
  };
  // A span and a count per send by its result (telemetry/signals.ts; no-ops unless configured).
  return {
    send: (ref, activity) => observeSend("send", () => sender.send(ref, activity)),
    update: (ref, activityId, activity) =>
      observeSend("update", () => sender.update(ref, activityId, activity)),
  };

  function result(op: string, conversationId: string, outcome: Outcome<string>, earlier = 0): SendResult {
    const retries = outcome.retries + earlier;
    if (outcome.ok) {
      logger.info({ event: "proactive_sent", op, conversationId, activityId: outcome.value, retries });
      return { status: "sent", activityId: outcome.value, conversationId };
    }
    const { failure } = outcome;
    const sendResult: SendResult =
      failure.kind === "blocked"
        ? { status: "blocked" }
        : failure.kind === "retry" && failure.httpStatus === 429
          ? { status: "throttled", retries }
          : failure.httpStatus === undefined
            ? { status: "failed", retries }
            : { status: "failed", httpStatus: failure.httpStatus, retries };
    logger.warn({ event: `proactive_${sendResult.status}`, op, conversationId, retries, ...fields(failure) });
    return sendResult;
  }
}

function fields(failure: Failure) {
  return { failure: failure.kind, httpStatus: failure.httpStatus, code: failure.code };
}

/** The saved 1:1 reference as botbuilder wants it; names are left out, ids are enough. */
function reference(ref: ConversationRef, conversationId: string): Partial<ConversationReference> {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    locale: ref.locale,
    bot: { id: ref.botId, name: ref.botName ?? "" },
    user: { id: ref.userId, name: "", aadObjectId: ref.aadObjectId },
    conversation: {
      id: conversationId,
      tenantId: ref.tenantId,
      conversationType: "personal",
      isGroup: false,
      name: "",
    },
  };
}

function conversationParameters(ref: ConversationRef): ConversationParameters {
  return {
    isGroup: false,
    bot: { id: ref.botId, name: ref.botName ?? "" },
    members: [{ id: ref.userId, name: "" }],
    tenantId: ref.tenantId,
    // Teams reads the tenant from channelData when it opens a chat.
    channelData: { tenant: { id: ref.tenantId } },
  };
}
