/** PBKDF2 at any iteration count WorkOS refuses, SHA-1 included (Django, Werkzeug, ASP.NET v2, …). */
import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { LegacyRecipe } from './recipe.js';

const pbkdf2Async = promisify(pbkdf2);

/** An old hash is imported data: one login must not be able to pin a CPU for minutes. */
const MAX_ITERATIONS = 10_000_000;

export async function verifyPbkdf2(
  r: Extract<LegacyRecipe, { kind: 'pbkdf2' }>,
  pw: Buffer,
): Promise<boolean> {
  if (r.iterations < 1 || r.iterations > MAX_ITERATIONS || r.hash.length === 0) return false;
  const key = await pbkdf2Async(pw, r.salt, r.iterations, r.hash.length, r.digest);
  return timingSafeEqual(key, r.hash);
}
