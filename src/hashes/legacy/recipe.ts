/**
 * What a scheme knows about a hash WorkOS cannot import but this tool can check locally: the
 * parsed pieces a login-time (trickle) migration needs to verify a password against the old hash.
 * Pure data, produced by the scheme that recognised the string, so no format is parsed twice.
 */
import type { ParsedWorkosHash } from '../workos-form.js';

type ParsedArgon2 = Extract<ParsedWorkosHash, { type: 'argon2' }>;

export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** How password and salt were concatenated; `either` when the app's order is not declared. */
export type SaltOrder = 'password-salt' | 'salt-password' | 'either';

/** What is run over the password before bcrypt sees it. */
export type BcryptPrehash =
  /** `$2x$`: correct bcrypt for ASCII passwords only (crypt_blowfish's sign-extension bug). */
  | 'ascii-only'
  /** Devise `config.pepper`: bcrypt(password ‖ pepper). */
  | 'pepper'
  /** Django bcrypt_sha256: bcrypt(hex(sha256(password))). */
  | 'sha256-hex'
  /** passlib bcrypt_sha256 v1: bcrypt(base64(sha256(password))). */
  | 'sha256-base64'
  /** passlib bcrypt_sha256 v2: bcrypt(base64(hmac-sha256(key = salt text, password))). */
  | 'hmac-sha256-salt'
  /** WordPress 6.8+: bcrypt(base64(hmac-sha384(key = "wp-sha384", password))). */
  | 'wp-hmac-sha384';

export type LegacyRecipe =
  | { kind: 'digest'; algorithm: DigestAlgorithm; salt: Buffer; order: SaltOrder; expected: Buffer }
  | { kind: 'pbkdf2'; digest: 'sha1' | 'sha256' | 'sha512'; iterations: number; salt: Buffer; hash: Buffer }
  /** argon2 outside WorkOS's ranges: the parsed PHC string, as the WorkOS form holds it. */
  | ({ kind: 'argon2' } & Omit<ParsedArgon2, 'type'>)
  /** phpass portable hashes `$P$`/`$H$` (MD5) and Drupal 7 `$S$` (SHA-512): the whole setting string. */
  | { kind: 'phpass'; setting: string }
  | {
      kind: 'bcrypt';
      prehash: BcryptPrehash;
      cost: number;
      /** bcrypt's own 22-character salt text. */
      salt: string;
      checksum: string;
      pepper?: string;
    };

/** The recipe of a non-importable classification, if the hash can be checked locally. */
export interface Verifiable {
  readonly legacy?: LegacyRecipe;
}

/**
 * Attaches the recipe as a non-enumerable property: it holds salts and digests, and the
 * classification travels into reports, `--json` and plan files, where JSON.stringify and spreads
 * must not carry it. Only code that asks for `.legacy` by name sees it.
 */
export function withLegacy<T extends object>(target: T, recipe: LegacyRecipe | undefined): T {
  if (recipe) Object.defineProperty(target, 'legacy', { value: recipe, enumerable: false });
  return target;
}

/** Copies a recipe across a spread (`{ ...inner, notes }`), which drops non-enumerable properties. */
export function carryLegacy<T extends object>(from: object, to: T): T {
  return withLegacy(to, (from as Verifiable).legacy);
}
