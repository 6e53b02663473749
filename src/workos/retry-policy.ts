/** How hard the importer tries before a row is recorded `failed`. */
export interface RetryPolicy {
  /** Attempts for 5xx and network errors (the first try included). */
  maxAttempts: number;
  /** 429s tolerated for one request; each waits Retry-After, so this bounds time, not load. */
  maxRateLimited: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxRateLimited: 30,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries never hammer, the
 * other half random so clients that failed together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return exp / 2 + random() * (exp / 2);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** After `attempt` failed tries of a transient error: wait and retry, or give up. */
export function decideTransient(
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false };
  return { retry: true, delayMs: backoffDelay(attempt, policy, random) };
}

/** Retry-After from WorkOS in milliseconds, or null when it is missing or not a number of seconds. */
export function retryAfterMs(seconds: number | null | undefined): number | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  return seconds * 1000;
}
