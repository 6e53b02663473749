/** Recipe constructors the scheme modules share: each validates what it is given, or gives nothing. */
import { fromHex } from '../encoding.js';
import type { BcryptPrehash, DigestAlgorithm, LegacyRecipe, SaltOrder } from './recipe.js';

export const DIGEST_BYTES: Record<DigestAlgorithm, number> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };

/** A plain or salted digest; `expected` as hex text or raw bytes. Wrong lengths give no recipe. */
export function digestRecipe(
  algorithm: DigestAlgorithm,
  expected: string | Buffer,
  salt: Buffer,
  order: SaltOrder,
): LegacyRecipe | undefined {
  const bytes = typeof expected === 'string' ? fromHex(expected) : expected;
  if (!bytes || bytes.length !== DIGEST_BYTES[algorithm]) return undefined;
  return { kind: 'digest', algorithm, salt, order, expected: bytes };
}

/** Any `$2a$`/`$2b$`/`$2x$`/`$2y$` string, checked against bcrypt's shape. */
const ANY_BCRYPT = /^\$2[abxy]\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;

export function bcryptRecipe(
  hash: string,
  prehash: BcryptPrehash,
  pepper?: string,
): LegacyRecipe | undefined {
  const m = ANY_BCRYPT.exec(hash);
  if (!m) return undefined;
  const recipe: LegacyRecipe = { kind: 'bcrypt', prehash, cost: Number(m[1]), salt: m[2]!, checksum: m[3]! };
  return pepper === undefined ? recipe : { ...recipe, pepper };
}

/** passlib's `$bcrypt-sha256$v=2,t=2b,r=12$salt$checksum` (v2) and `$bcrypt-sha256$2a,12$salt$checksum` (v1). */
export function passlibBcryptSha256Recipe(hash: string): LegacyRecipe | undefined {
  // passlib writes the cost without a leading zero (r=4).
  const v2 = /^\$bcrypt-sha256\$v=2,t=(2[ab]),r=(\d\d?)\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})$/.exec(
    hash,
  );
  if (v2) return bcryptRecipe(`$${v2[1]}$${v2[2]!.padStart(2, '0')}$${v2[3]}${v2[4]}`, 'hmac-sha256-salt');
  const v1 = /^\$bcrypt-sha256\$(2[ab]),(\d\d?)\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})$/.exec(hash);
  if (v1) return bcryptRecipe(`$${v1[1]}$${v1[2]!.padStart(2, '0')}$${v1[3]}${v1[4]}`, 'sha256-base64');
  return undefined;
}

/** phpass / Drupal 7 settings: `$P$`/`$H$`/`$S$`, a count character, 8 salt characters, the hash. */
export function phpassRecipe(hash: string): LegacyRecipe | undefined {
  const ok = /^\$[PH]\$[./0-9A-Za-z]{31}$/.test(hash) || /^\$S\$[./0-9A-Za-z]{52}$/.test(hash);
  return ok ? { kind: 'phpass', setting: hash } : undefined;
}
