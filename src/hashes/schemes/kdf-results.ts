/** The last step of every pbkdf2/scrypt conversion: range check, then the WorkOS PHC string. */
import { checkPbkdf2, checkScrypt } from '../limits.js';
import { importable, notImportable } from '../scheme.js';
import { asB64, type B64Bytes } from '../encoding.js';
import { buildPbkdf2Text, buildScrypt } from '../workos-form.js';
import type { HashClassification } from '../types.js';

export function pbkdf2Result(
  o: { digest: string; iterations: number; salt: Buffer; hash: Buffer },
  source: string,
  notes: string[] = [],
): HashClassification {
  const { digest, iterations } = o;
  return pbkdf2TextResult({ digest, iterations, salt: asB64(o.salt), hash: asB64(o.hash) }, source, notes);
}

/** pbkdf2Result for a salt and hash read as text (reencodeBase64): no Buffers decoded only to be encoded again. */
export function pbkdf2TextResult(
  o: { digest: string; iterations: number; salt: B64Bytes; hash: B64Bytes },
  source: string,
  notes: string[] = [],
): HashClassification {
  const limit = checkPbkdf2(o.digest, o.iterations);
  if (limit) return notImportable(limit.reason, limit.detail, source);
  if (o.salt.bytes === 0) return notImportable('unsalted_digest', 'PBKDF2 with an empty salt', source);
  if (o.hash.bytes === 0) return notImportable('malformed', 'PBKDF2 hash is empty', source);
  const digest = o.digest as 'sha256' | 'sha512';
  return importable('pbkdf2', buildPbkdf2Text(digest, o.iterations, o.salt.b64, o.hash.b64), source, notes);
}

/** A pbkdf2 string already in the form buildPbkdf2 writes (canonicalPbkdf2): only the range decides. */
export function pbkdf2AsIs(
  hash: string,
  o: { digest: string; iterations: number },
  source: string,
): HashClassification {
  const limit = checkPbkdf2(o.digest, o.iterations);
  if (limit) return notImportable(limit.reason, limit.detail, source);
  return importable('pbkdf2', hash, source);
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
