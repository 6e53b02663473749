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

/** Rows whose create never left: how the source is read changes nothing WorkOS holds for them. */
export const UNSENT_STATUSES: readonly UserStatus[] = ['pending', 'blocked'];

/** Rows that were sent but whose fate is not known yet; resolved by lookup before any new create. */
export const UNRESOLVED_STATUSES: readonly UserStatus[] = ['in_flight', 'unknown'];

/** What `retry` re-attempts by default: the data or the environment may have been fixed since. */
export const RETRYABLE_STATUSES: readonly UserStatus[] = ['failed', 'invalid', 'conflict'];

/**
 * Rows that stop a migration from being complete: a person must look (ATTENTION) or the next run
 * must settle them (UNRESOLVED). The one definition status, summaries and exports all use.
 */
export const NEEDS_ATTENTION_STATUSES: readonly UserStatus[] = [
  ...ATTENTION_STATUSES,
  ...UNRESOLVED_STATUSES,
];

/** How many rows of these counts need attention (see NEEDS_ATTENTION_STATUSES). */
export function needsAttention(counts: Partial<Record<UserStatus, number>>): number {
  return NEEDS_ATTENTION_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

/**
 * Who brought a WorkOS user into being, recorded per row so that an undo can never delete a user
 * the migration did not create: `created` by one of our runs, `linked` (it existed and is provably
 * this user), `dual-write` (the application created it while sign-ups stayed open).
 */
export const ORIGINS = ['created', 'linked', 'dual-write'] as const;
export type Origin = (typeof ORIGINS)[number];

/** The WorkOS migration guide's two strategies. */
export const STRATEGIES = ['A', 'B'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_DESCRIPTIONS: Record<Strategy, string> = {
  A: 'big-bang import with sign-ups frozen',
  B: 'dual-write: sign-ups stay open and new users are written to WorkOS too',
};

const STRATEGY_NAMES: Record<string, Strategy> = {
  a: 'A',
  'big-bang': 'A',
  bigbang: 'A',
  b: 'B',
  'dual-write': 'B',
  dualwrite: 'B',
};

/** `A`, `big-bang`, `B` or `dual-write` (any case) → the strategy; undefined for anything else. */
export function parseStrategy(text: string): Strategy | undefined {
  return STRATEGY_NAMES[text.trim().toLowerCase()];
}
