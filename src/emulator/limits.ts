import { DOCUMENTED_LIMITS as WORKOS_LIMITS } from '../workos/limits.js';

/**
 * How the emulator applies the documented WorkOS rate limits (src/workos/limits.ts;
 * docs/workos-contract.md#rate-limits) and scales them.
 *
 * `{ scale: N }` keeps every count and divides every window by N: writes become 500 per 1 s at
 * scale 10. Counts stay as documented so a test of "request 501 is refused" means the same thing
 * at any scale; only the waiting shrinks.
 */
export type LimitsOption = 'documented' | 'off' | { scale: number };

export interface Limit {
  limit: number;
  windowMs: number;
}

export interface EffectiveLimits {
  enabled: boolean;
  scale: number;
  /** All requests, per client IP. */
  general: Limit;
  /** GET under /user_management/, per environment. */
  reads: Limit;
  /** Every other method under /user_management/, per environment (authenticate included). */
  writes: Limit;
  /** POST /user_management/authenticate, per email. */
  authenticatePerEmail: Limit;
  /** POST /user_management/password_reset, per email. */
  passwordResetPerEmail: Limit;
  /** POST /user_management/magic_auth, per email. */
  magicAuthPerEmail: Limit;
  /** POST /user_management/users/:id/email_verification/send, per user. */
  emailVerificationPerUser: Limit;
  /** DELETE /organizations/:id, per API key. */
  organizationDeletesPerKey: Limit;
}

/** The same numbers the client paces against: one home, so the two can never drift apart. */
export const DOCUMENTED_LIMITS: Omit<EffectiveLimits, 'enabled' | 'scale'> = WORKOS_LIMITS;

/** Parses the CLI spelling: `documented`, `off`, or `xN` (N > 0, e.g. `x10`). */
export function parseLimitsFlag(flag: string): LimitsOption {
  if (flag === 'documented' || flag === 'off') return flag;
  const m = /^x(\d+(?:\.\d+)?)$/.exec(flag);
  if (m && Number(m[1]) > 0) return { scale: Number(m[1]) };
  throw new Error(`--limits must be 'documented', 'off' or 'xN' with N > 0 (e.g. x10); got '${flag}'.`);
}

export function effectiveLimits(option: LimitsOption = 'documented'): EffectiveLimits {
  const scale = typeof option === 'object' ? option.scale : 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`limits.scale must be a positive number; got ${scale}.`);
  const scaled = Object.fromEntries(
    Object.entries(DOCUMENTED_LIMITS).map(([k, v]) => [k, { limit: v.limit, windowMs: v.windowMs / scale }]),
  ) as Omit<EffectiveLimits, 'enabled' | 'scale'>;
  return { enabled: option !== 'off', scale, ...scaled };
}
