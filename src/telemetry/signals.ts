import {
  metrics,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  type ObservableGauge,
} from "@opentelemetry/api";
import { VERBS } from "../cards/verbs.js";

/**
 * Traces and metrics (README "Observability"), through @opentelemetry/api only: without a
 * registered SDK (telemetry/start.ts, off unless configured) every call here is a no-op.
 *
 * Privacy rule: an attribute is one of ALLOWED's keys, with a value from a closed set (activity
 * types, verbs, queue names, results) or a number. No names, free text, case codes, Teams user,
 * conversation or tenant ids. `attrs` drops any other key, so a new attribute must be added here.
 */
const ALLOWED = new Set([
  "sip.activity.type",
  "sip.invoke.name",
  "sip.verb",
  "sip.outcome",
  "sip.queue",
  "sip.retries",
  "sip.send.op",
  "sip.send.result",
  "sip.reminder.outcome",
  "sip.federation.route",
  "sip.federation.result",
  /** The peer's key id: a thumbprint of its public key, no person and no tenant. */
  "sip.peer.key_id",
  "http.request.method",
  "http.response.status_code",
]);
type Key =
  | "sip.activity.type"
  | "sip.invoke.name"
  | "sip.verb"
  | "sip.outcome"
  | "sip.queue"
  | "sip.retries"
  | "sip.send.op"
  | "sip.send.result"
  | "sip.reminder.outcome"
  | "sip.federation.route"
  | "sip.federation.result"
  | "sip.peer.key_id"
  | "http.request.method"
  | "http.response.status_code";
/** A closed-set value: short, no spaces (a name or a sentence cannot pass). */
const TOKEN = /^[A-Za-z0-9._/-]{1,64}$/;

/** The one way attributes are built: allowlisted keys, token or number values; anything else is dropped. */
export function attrs(given: Partial<Record<Key, string | number | undefined>>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(given)) {
    if (!ALLOWED.has(key)) continue;
    if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
    else if (typeof value === "string" && TOKEN.test(value)) out[key] = value;
  }
  return out;
}

/**
 * Looked up per span, not once at import: the SDK (CommonJS) registers its provider through its
 * own copy of @opentelemetry/api, and a tracer taken from our (ESM) copy before that never
 * delegates to it. The global registry both copies share is read here each time.
 */
export const tracer = () => trace.getTracer("sip-lotsen");

/** Instruments of the meter provider registered now (tests register theirs after import). */
interface Instruments {
  turnDuration: Histogram;
  verbs: Counter;
  sends: Counter;
  sendRetries: Counter;
  jobs: Counter;
  remindersDispatched: Counter;
  remindersDelivered: Counter;
  federation: Counter;
  queueDepth: ObservableGauge;
  queueAge: ObservableGauge;
}
let cached: { provider: MeterProvider; instruments: Instruments } | undefined;
export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider === provider) return cached.instruments;
  const m = provider.getMeter("sip-lotsen");
  const made: Instruments = {
    turnDuration: m.createHistogram("sip.turn.duration", { unit: "ms", description: "Turn latency" }),
    verbs: m.createCounter("sip.card.actions", { description: "Card presses by verb and outcome" }),
    sends: m.createCounter("sip.sends", { description: "Proactive sends by result" }),
    sendRetries: m.createCounter("sip.send.retries", { description: "Proactive send attempts retried" }),
    jobs: m.createCounter("sip.jobs", { description: "Jobs run by queue and outcome" }),
    remindersDispatched: m.createCounter("sip.reminders.due", {
      description: "Reminders due and handed to the queue",
    }),
    remindersDelivered: m.createCounter("sip.reminders.delivered", {
      description: "Reminder jobs by outcome (sent, skipped, retry, unreachable)",
    }),
    federation: m.createCounter("sip.federation.requests", {
      description: "Federation requests received, by route and result",
    }),
    queueDepth: m.createObservableGauge("sip.queue.depth", { description: "Jobs due and waiting" }),
    queueAge: m.createObservableGauge("sip.queue.oldest_age", {
      unit: "s",
      description: "How long the oldest due job has waited",
    }),
  };
  cached = { provider, instruments: made };
  return made;
}

/** Runs `fn` in a span; a throw marks the span as an error and is rethrown. */
async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: () => Promise<T>,
  after?: (value: T | undefined, error: unknown) => Attributes,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    let value: T | undefined;
    let error: unknown;
    try {
      value = await fn();
      return value;
    } catch (err) {
      error = err;
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : "error" });
      throw err;
    } finally {
      if (after) span.setAttributes(after(value, error));
      span.end();
    }
  });
}

const KNOWN_VERBS: ReadonlySet<string> = new Set(Object.values(VERBS));
const ACTIVITY_TYPES = new Set([
  "message",
  "invoke",
  "conversationUpdate",
  "installationUpdate",
  "messageReaction",
  "messageUpdate",
  "messageDelete",
  "typing",
  "event",
]);
const INVOKE_NAMES = new Set(["adaptiveCard/action", "application/search", "signin/verifyState"]);
/** A verb we serve, or "unknown": a forged or old card's verb is not echoed into telemetry. */
export const verbLabel = (verb: unknown) =>
  typeof verb === "string" && KNOWN_VERBS.has(verb) ? verb : "unknown";

/** What a turn's span and latency carry: the activity's type, its invoke name and card verb. */
export function turnAttributes(activity: { type?: string; name?: string; value?: unknown }): Attributes {
  const type = activity.type && ACTIVITY_TYPES.has(activity.type) ? activity.type : "other";
  if (type !== "invoke") return attrs({ "sip.activity.type": type });
  const name = activity.name && INVOKE_NAMES.has(activity.name) ? activity.name : "other";
  const action = (activity.value as { action?: { verb?: unknown } } | undefined)?.action;
  return attrs({
    "sip.activity.type": type,
    "sip.invoke.name": name,
    ...(name === "adaptiveCard/action" ? { "sip.verb": verbLabel(action?.verb) } : {}),
  });
}

/** One turn: a span and the latency histogram. */
export async function observeTurn<T>(
  activity: { type?: string; name?: string; value?: unknown },
  fn: () => Promise<T>,
): Promise<T> {
  const attributes = turnAttributes(activity);
  const started = performance.now();
  let outcome = "ok";
  try {
    return await inSpan("sip.turn", attributes, fn);
  } catch (err) {
    outcome = "error";
    throw err;
  } finally {
    instruments().turnDuration.record(performance.now() - started, { ...attributes, "sip.outcome": outcome });
  }
}

/** One card press by its verb (inside its turn). */
export async function observeVerb<T>(verb: string, fn: () => Promise<T>): Promise<T> {
  const attributes = attrs({ "sip.verb": verbLabel(verb) });
  let outcome = "ok";
  try {
    return await inSpan("sip.card.action", attributes, fn);
  } catch (err) {
    outcome = "error";
    throw err;
  } finally {
    instruments().verbs.add(1, { ...attributes, "sip.outcome": outcome });
  }
}

/** One job run: its queue and outcome (completed, failed). */
export async function observeJob<T>(queue: string, retryCount: number, fn: () => Promise<T>): Promise<T> {
  const attributes = attrs({ "sip.queue": queue, "sip.retries": retryCount });
  let outcome = "completed";
  try {
    return await inSpan("sip.job", attributes, fn, (_v, error) =>
      attrs({ "sip.outcome": error === undefined ? "completed" : "failed" }),
    );
  } catch (err) {
    outcome = "failed";
    throw err;
  } finally {
    instruments().jobs.add(1, attrs({ "sip.queue": queue, "sip.outcome": outcome }));
  }
}

/** One proactive send or update; its result is sent, throttled, blocked or failed. */
export async function observeSend<T extends { status: string }>(
  op: "send" | "update",
  fn: () => Promise<T>,
): Promise<T> {
  let result = "failed";
  try {
    const value = await inSpan("sip.send", attrs({ "sip.send.op": op }), fn, (v) =>
      attrs({ "sip.send.result": v?.status ?? "failed" }),
    );
    result = value.status;
    return value;
  } finally {
    instruments().sends.add(1, attrs({ "sip.send.op": op, "sip.send.result": result }));
  }
}

/** An invitation that went to paper (no Teams card: external, unreachable, given up): result "printable". */
export const countPrintable = () =>
  instruments().sends.add(1, attrs({ "sip.send.op": "send", "sip.send.result": "printable" }));

/** A proactive request retried (429, 5xx, a network error) before its final result. */
export const countSendRetry = (op: string) => instruments().sendRetries.add(1, attrs({ "sip.send.op": op }));

/** Reminders found due by a pass and handed to the queue. */
export const countRemindersDue = (n: number) => {
  if (n > 0) instruments().remindersDispatched.add(n);
};
/** One reminder job's outcome: sent, skipped, retry or unreachable. */
export const countReminder = (outcome: string) =>
  instruments().remindersDelivered.add(1, attrs({ "sip.reminder.outcome": outcome }));

export interface QueueStat {
  queue: string;
  depth: number;
  oldestAgeSeconds: number;
}

/**
 * Queue depth and the oldest due job's age, read by `read` when a metric reader collects (once an
 * export interval, only with an SDK registered). Returns the function that stops observing.
 */
export function observeQueues(read: () => Promise<readonly QueueStat[]>): () => void {
  const provider = metrics.getMeterProvider();
  const { queueDepth, queueAge } = instruments();
  const meter = provider.getMeter("sip-lotsen");
  const callback = async (
    result: Parameters<Parameters<typeof meter.addBatchObservableCallback>[0]>[0],
  ): Promise<void> => {
    let stats: readonly QueueStat[];
    try {
      stats = await read();
    } catch {
      return; // a database outage shows as missing points; /readyz says why
    }
    for (const s of stats) {
      const a = attrs({ "sip.queue": s.queue });
      result.observe(queueDepth, s.depth, a);
      result.observe(queueAge, s.oldestAgeSeconds, a);
    }
  };
  meter.addBatchObservableCallback(callback, [queueDepth, queueAge]);
  return () => meter.removeBatchObservableCallback(callback, [queueDepth, queueAge]);
}
