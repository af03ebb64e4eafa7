import pRetry, { AbortError } from "p-retry";
import { classifyConnectorError, type Failure } from "./errors.js";

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff ceiling; doubles per retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call gives up (throttled). */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  onRetry: (info: { attempt: number; delayMs: number; failure: Failure }) => void;
}

export type Outcome<T> =
  { ok: true; value: T; retries: number } | { ok: false; failure: Failure; retries: number };

/** Carries a retryable failure through p-retry. */
class Transient extends Error {
  override readonly name = "Transient";
}

/**
 * Runs attempt until it succeeds, fails for good, or maxRetries retries are used up; never throws.
 * p-retry counts attempts and stops at once on AbortError. Its own timer stays unused
 * (minTimeout 0): the wait is done in onFailedAttempt, which p-retry awaits before the next
 * attempt, on the injected sleep and for the delay the failure asks for (Retry-After or backoff).
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<Outcome<T>> {
  let failure: Failure = { kind: "fatal" };
  let retries = 0;
  try {
    const value = await pRetry(
      async () => {
        try {
          return await attempt();
        } catch (err) {
          failure = classifyConnectorError(err, policy.now());
          throw failure.kind === "retry" ? new Transient() : new AbortError(failure.kind);
        }
      },
      {
        retries: policy.maxRetries,
        minTimeout: 0,
        onFailedAttempt: async ({ attemptNumber, retriesLeft }) => {
          if (retriesLeft === 0) return;
          const delayMs = retryDelayMs(failure, attemptNumber, policy);
          // Throwing here ends p-retry's loop; the caller reports the last failure.
          if (delayMs > policy.maxRetryAfterMs) throw new AbortError("retry-after too long");
          retries++;
          policy.onRetry({ attempt: attemptNumber, delayMs, failure });
          await policy.sleep(delayMs);
        },
      },
    );
    return { ok: true, value, retries };
  } catch {
    return { ok: false, failure, retries };
  }
}

/**
 * The wait before retry number `attempt`: Retry-After when the connector sent one, else exponential
 * backoff with "equal jitter" (half fixed, half random) so that retries spread but never drop to 0.
 */
export function retryDelayMs(
  failure: Failure,
  attempt: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">,
): number {
  if (failure.kind === "retry" && failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}
