/**
 * Where each source user stands. `in_flight` is written durably before a create is sent, so a
 * crash leaves a trace that start-up resolves by lookup; `unknown` means the request went out and
 * its answer was lost.
 */
export const USER_STATUSES = [
  'pending',
  'in_flight',
  'created',
  'linked',
  'conflict',
  'invalid',
  'failed',
  'unknown',
  'blocked',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Closed outcomes: the row is in WorkOS and we know its id. */
export const DONE_STATUSES: readonly UserStatus[] = ['created', 'linked'];

/** Rows a person has to look at (exit code 1). */
export const ATTENTION_STATUSES: readonly UserStatus[] = ['blocked', 'conflict', 'invalid', 'failed'];

/** Rows that were sent but whose fate is not known yet; resolved by lookup before any new create. */
export const UNRESOLVED_STATUSES: readonly UserStatus[] = ['in_flight', 'unknown'];

/** What `retry` re-attempts by default: the data or the environment may have been fixed since. */
export const RETRYABLE_STATUSES: readonly UserStatus[] = ['failed', 'invalid', 'conflict'];

export const STRATEGIES = ['A', 'B'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_DESCRIPTIONS: Record<Strategy, string> = {
  A: 'big-bang import with sign-ups frozen',
  B: 'dual-write: sign-ups stay open and new users are written to WorkOS too',
};
