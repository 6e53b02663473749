/** The last step of every pbkdf2/scrypt conversion: range check, then the WorkOS PHC string. */
import { checkPbkdf2, checkScrypt } from '../limits.js';
import { withLegacy, type LegacyRecipe } from '../legacy/recipe.js';
import { importable, notImportable } from '../scheme.js';
import { buildPbkdf2, buildScrypt } from '../workos-form.js';
import type { HashClassification } from '../types.js';

export function pbkdf2Result(
  o: { digest: string; iterations: number; salt: Buffer; hash: Buffer },
  source: string,
  notes: string[] = [],
): HashClassification {
  const limit = checkPbkdf2(o.digest, o.iterations);
  if (limit) return withLegacy(notImportable(limit.reason, limit.detail, source), pbkdf2Recipe(o));
  if (o.salt.length === 0)
    return withLegacy(notImportable('unsalted_digest', 'PBKDF2 with an empty salt', source), pbkdf2Recipe(o));
  if (o.hash.length === 0) return notImportable('malformed', 'PBKDF2 hash is empty', source);
  const digest = o.digest as 'sha256' | 'sha512';
  return importable('pbkdf2', buildPbkdf2({ ...o, digest }), source, notes);
}

export function scryptResult(
  o: { n: number; r: number; p: number; salt: Buffer; hash: Buffer },
  source: string,
  notes: string[] = [],
): HashClassification {
  const limit = checkScrypt(o.n, o.r, o.p);
  if (limit) return notImportable(limit.reason, limit.detail, source);
  if (o.salt.length === 0) return notImportable('unsalted_digest', 'scrypt with an empty salt', source);
  if (o.hash.length === 0) return notImportable('malformed', 'scrypt hash is empty', source);
  return importable('scrypt', buildScrypt(o), source, notes);
}

/** Any iteration count and SHA-1 too: what WorkOS refuses, a login can still check locally. */
function pbkdf2Recipe(o: {
  digest: string;
  iterations: number;
  salt: Buffer;
  hash: Buffer;
}): LegacyRecipe | undefined {
  const digest = o.digest.toLowerCase();
  if (digest !== 'sha1' && digest !== 'sha256' && digest !== 'sha512') return undefined;
  if (!Number.isSafeInteger(o.iterations) || o.iterations < 1 || o.hash.length === 0) return undefined;
  return { kind: 'pbkdf2', digest, iterations: o.iterations, salt: o.salt, hash: o.hash };
}
