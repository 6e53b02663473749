/** Plain and salted MD5/SHA digests: one hash call, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { LegacyRecipe } from './recipe.js';

type DigestRecipe = Extract<LegacyRecipe, { kind: 'digest' }>;

function matches(r: DigestRecipe, first: Buffer, second: Buffer): boolean {
  const digest = createHash(r.algorithm).update(first).update(second).digest();
  return timingSafeEqual(digest, r.expected);
}

export function verifyDigest(r: DigestRecipe, pw: Buffer): boolean {
  if (r.order === 'salt-password') return matches(r, r.salt, pw);
  if (r.order === 'password-salt' || r.salt.length === 0) return matches(r, pw, r.salt);
  // Order not declared: both are computed, so the time taken does not say which one matched.
  const a = matches(r, pw, r.salt);
  const b = matches(r, r.salt, pw);
  return a || b;
}
