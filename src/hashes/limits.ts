/**
 * WorkOS's documented parameter ranges (docs/hash-formats.md#parameter-ranges). One place,
 * so that the registry, the emulator and the docs agree.
 */
import { formatCount } from './encoding.js';
import type { ParsedWorkosHash } from './workos-form.js';
import type { ReasonCode } from './types.js';

export const PBKDF2_ITERATIONS = {
  sha256: { min: 600_000, max: 1_000_000 },
  sha512: { min: 210_000, max: 1_000_000 },
};
export const ARGON2_LIMITS = {
  m: { min: 4096, max: 262_144 },
  t: { min: 1, max: 5 },
  tArgon2i: 3,
  p: { min: 1, max: 8 },
};
export const BCRYPT_COST = { min: 4, max: 31 };

export interface LimitViolation {
  reason: ReasonCode;
  detail: string;
}

export function checkPbkdf2(digest: string, iterations: number): LimitViolation | undefined {
  const range = digest === 'sha256' || digest === 'sha512' ? PBKDF2_ITERATIONS[digest] : undefined;
  if (!range) {
    return {
      reason: 'unsupported_digest',
      detail: `PBKDF2-HMAC-${digest.toUpperCase()}: WorkOS pbkdf2 accepts only sha256 or sha512`,
    };
  }
  if (iterations < range.min || iterations > range.max) {
    return {
      reason: 'parameters_out_of_range',
      detail: `${formatCount(iterations)} iterations; WorkOS needs ${formatCount(range.min)}–${formatCount(range.max)} for ${digest}`,
    };
  }
  return undefined;
}

export function checkArgon2(
  variant: string,
  version: number,
  m: number,
  t: number,
  p: number,
): LimitViolation | undefined {
  // Sources that read numbers from JSON or text (Keycloak) can hand over NaN or 1.5, which every
  // range comparison below would let through.
  if (![version, m, t, p].every(Number.isSafeInteger))
    return { reason: 'malformed', detail: 'argon2 v, m, t and p must be integers' };
  const problems: string[] = [];
  if (version !== 19)
    problems.push(`argon2 version v=${version} (0x${version.toString(16)}); WorkOS requires v=19`);
  if (m < ARGON2_LIMITS.m.min || m > ARGON2_LIMITS.m.max) {
    problems.push(
      `m=${formatCount(m)} KiB outside ${formatCount(ARGON2_LIMITS.m.min)}–${formatCount(ARGON2_LIMITS.m.max)}`,
    );
  }
  const tMin = variant === 'argon2i' ? ARGON2_LIMITS.tArgon2i : ARGON2_LIMITS.t.min;
  if (t < tMin || t > ARGON2_LIMITS.t.max)
    problems.push(`t=${t} outside ${tMin}–${ARGON2_LIMITS.t.max} for ${variant}`);
  if (p < ARGON2_LIMITS.p.min || p > ARGON2_LIMITS.p.max) {
    problems.push(`p=${p} outside ${ARGON2_LIMITS.p.min}–${ARGON2_LIMITS.p.max}`);
  }
  return problems.length ? { reason: 'parameters_out_of_range', detail: problems.join('; ') } : undefined;
}

export function checkBcrypt(cost: number): LimitViolation | undefined {
  if (cost < BCRYPT_COST.min || cost > BCRYPT_COST.max) {
    return {
      reason: 'parameters_out_of_range',
      detail: `bcrypt cost ${cost} outside ${BCRYPT_COST.min}–${BCRYPT_COST.max}`,
    };
  }
  return undefined;
}

/**
 * WorkOS documents no scrypt limits; we only refuse what no scrypt implementation accepts, so that
 * a hash never fails at login for a reason we could have seen.
 */
export function checkScrypt(n: number, r: number, p: number): LimitViolation | undefined {
  // Integers first: `n & (n - 1)` truncates to 32 bits, so 2^70 or Infinity would pass as powers of two.
  if (![n, r, p].every(Number.isSafeInteger))
    return { reason: 'malformed', detail: 'scrypt N, r and p must be integers below 2^53' };
  if (n < 2 || 2 ** Math.round(Math.log2(n)) !== n)
    return { reason: 'malformed', detail: `scrypt N=${n} is not a power of two` };
  if (r < 1 || p < 1)
    return { reason: 'malformed', detail: `scrypt r=${r}, p=${p}: both must be at least 1` };
  if (r * p >= 2 ** 30)
    return { reason: 'parameters_out_of_range', detail: `scrypt r·p=${r * p} is above 2^30` };
  return undefined;
}

export function checkFirebase(rounds: number, memCost: number): LimitViolation | undefined {
  // Firebase's own console only produces rounds 1–8 and mem_cost 1–14.
  if (rounds < 1 || rounds > 8 || memCost < 1 || memCost > 14) {
    return {
      reason: 'parameters_out_of_range',
      detail: `firebase-scrypt rounds=${rounds}, mem_cost=${memCost}; Firebase projects use rounds 1–8 and mem_cost 1–14`,
    };
  }
  return undefined;
}

/** Range check of an already-parsed WorkOS-form hash. */
export function checkWorkosLimits(parsed: ParsedWorkosHash): LimitViolation | undefined {
  switch (parsed.type) {
    case 'bcrypt':
      return checkBcrypt(parsed.cost);
    case 'pbkdf2':
      return checkPbkdf2(parsed.digest, parsed.iterations);
    case 'argon2':
      return checkArgon2(parsed.variant, parsed.version, parsed.m, parsed.t, parsed.p);
    case 'scrypt':
      return checkScrypt(parsed.n, parsed.r, parsed.p);
    case 'ssha':
      return undefined;
    case 'firebase-scrypt':
      return checkFirebase(parsed.rounds, parsed.memCost);
  }
}
