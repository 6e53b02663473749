/**
 * Local verification of hashes WorkOS cannot import, for login-time (trickle) migration: the
 * scheme that recognised the hash left a recipe on its classification; this checks a password
 * against it. Nothing throws: a stored hash is imported data, and a login must get an answer.
 */
import { verifyParsed } from '../verify.js';
import type { HashClassification } from '../types.js';
import { verifyPrehashedBcrypt } from './bcrypt-prehashed.js';
import { verifyDigest } from './digest.js';
import { verifyPbkdf2 } from './pbkdf2.js';
import { verifyPhpass } from './phpass.js';
import type { LegacyRecipe } from './recipe.js';

export type { LegacyRecipe } from './recipe.js';

/** A hash WorkOS cannot import that a login can still check locally (the `trickle` lane). */
export function isLegacyVerifiable(c: HashClassification | undefined): boolean {
  return c !== undefined && !c.importable && c.legacy !== undefined;
}

/** Checks a password against a non-importable hash; false when it does not match or cannot be checked. */
export async function verifyLegacy(c: HashClassification, password: string): Promise<boolean> {
  if (c.importable || !c.legacy) return false;
  try {
    return await verifyRecipe(c.legacy, Buffer.from(password, 'utf8'));
  } catch {
    // The KDF libraries refuse some well-formed but unusable parameters by throwing: cannot match.
    return false;
  }
}

async function verifyRecipe(r: LegacyRecipe, pw: Buffer): Promise<boolean> {
  switch (r.kind) {
    case 'digest':
      return verifyDigest(r, pw);
    case 'pbkdf2':
      return verifyPbkdf2(r, pw);
    case 'phpass':
      return verifyPhpass(r, pw);
    case 'bcrypt':
      return verifyPrehashedBcrypt(r, pw);
    case 'argon2':
      return verifyParsed(pw.toString('utf8'), { ...r, type: 'argon2' });
  }
}
