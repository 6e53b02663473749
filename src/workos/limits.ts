import { usageError } from '../errors/index.js';

/** A WorkOS rate limit: at most `limit` requests in any `windowMs`. */
export interface Budget {
  limit: number;
  windowMs: number;
}

/**
 * The documented WorkOS rate limits (docs/workos-contract.md#rate-limits): the one place they
 * are written down. The client paces against them and the emulator enforces them, so the two can
 * never disagree about what "at the limit" means.
 */
export const DOCUMENTED_LIMITS = {
  /** All requests, per client IP. */
  general: { limit: 6000, windowMs: 60_000 },
  /** GET under /user_management/, per environment. */
  reads: { limit: 1000, windowMs: 10_000 },
  /** Every other method under /user_management/, per environment (authenticate included). */
  writes: { limit: 500, windowMs: 10_000 },
  /** POST /user_management/authenticate, per email. */
  authenticatePerEmail: { limit: 10, windowMs: 60_000 },
  /** POST /user_management/password_reset, per email. */
  passwordResetPerEmail: { limit: 3, windowMs: 60_000 },
  /** POST /user_management/magic_auth, per email. */
  magicAuthPerEmail: { limit: 3, windowMs: 60_000 },
  /** POST /user_management/users/:id/email_verification/send, per user. */
  emailVerificationPerUser: { limit: 3, windowMs: 60_000 },
  /** DELETE /organizations/:id, per API key (an undo of a rehearsal's organizations). */
  organizationDeletesPerKey: { limit: 50, windowMs: 60_000 },
} as const satisfies Record<string, Budget>;

export type LimitName = keyof typeof DOCUMENTED_LIMITS;

/** The environment-wide budgets every request draws on (plus the per-IP one). */
export const SHARED_BUDGETS = ['writes', 'reads', 'general'] as const;
export type SharedBudgetName = (typeof SHARED_BUDGETS)[number];

/** Budgets counted per email (or per user), each with its own sliding window per key. */
export const KEYED_BUDGETS = {
  authenticate: 'authenticatePerEmail',
  passwordReset: 'passwordResetPerEmail',
  magicAuth: 'magicAuthPerEmail',
  verificationSend: 'emailVerificationPerUser',
  organizationDelete: 'organizationDeletesPerKey',
} as const satisfies Record<string, LimitName>;
export type KeyedBudgetName = keyof typeof KEYED_BUDGETS;

/** Which shared budgets a request draws on. */
export const WRITE: readonly SharedBudgetName[] = ['writes', 'general'];
export const READ: readonly SharedBudgetName[] = ['reads', 'general'];

const formatWindow = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** The documented limit in the spelling the flags take, e.g. `500/10s`. */
export function documentedLimitText(name: LimitName): string {
  const b = DOCUMENTED_LIMITS[name];
  return `${b.limit}/${formatWindow(b.windowMs)}`;
}

/** Parses `500/10s`, `1000/10s`, `6000/1m`, `50/500ms`. */
export function parseBudget(text: string): Budget {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|m|min)\s*$/i.exec(text);
  if (!m)
    throw usageError(`"${text}" is not a rate limit; write it as requests/window, e.g. 500/10s or 6000/1m`);
  const limit = Number(m[1]);
  const amount = m[2] === undefined ? 1 : Number(m[2]);
  const unit = (m[3] as string).toLowerCase();
  const windowMs = amount * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
  if (limit < 1 || windowMs <= 0)
    throw usageError(`"${text}" must allow at least 1 request in a window longer than 0`);
  return { limit, windowMs };
}

/** Parses `80%` or `0.8` into a share in (0, 1]. */
export function parseRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const share = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(share > 0 && share <= 1))
    throw usageError(`--rate "${text}" must be a share of the limit between 1% and 100%, e.g. 80%`);
  return share;
}

/** A budget given as text or already parsed; absent means documented. */
export function budgetOf(value: string | Budget | undefined, name: LimitName): Budget {
  if (typeof value === 'object') return value;
  return value === undefined ? { ...DOCUMENTED_LIMITS[name] } : parseBudget(value);
}
