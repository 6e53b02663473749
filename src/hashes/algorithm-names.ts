/** Declared algorithm names as exports write them, mapped to WorkOS types and scheme ids. Pure. */
import type { WorkosHashType } from './types.js';
import { WORKOS_HASH_TYPES } from './types.js';

export interface ResolvedAlgorithm {
  type?: WorkosHashType;
  /** Scheme id in the registry, when the name points at a source format rather than a WorkOS type. */
  scheme?: string;
  warning?: string;
}

const ALIASES: Record<string, Omit<ResolvedAlgorithm, 'warning'>> = {
  blowfish: { type: 'bcrypt', scheme: 'bcrypt' },
  bcrypt2: { type: 'bcrypt', scheme: 'bcrypt' },
  '2': { type: 'bcrypt', scheme: 'bcrypt' },
  '2a': { type: 'bcrypt', scheme: 'bcrypt' },
  '2b': { type: 'bcrypt', scheme: 'bcrypt' },
  '2y': { type: 'bcrypt', scheme: 'bcrypt' },
  bcrypt2a: { type: 'bcrypt', scheme: 'bcrypt' },
  bcrypt2b: { type: 'bcrypt', scheme: 'bcrypt' },
  bcrypt2y: { type: 'bcrypt', scheme: 'bcrypt' },
  scryptjs: { type: 'scrypt' },
  nodescrypt: { type: 'scrypt', scheme: 'app-scrypt' },
  betterauth: { type: 'scrypt', scheme: 'app-scrypt' },
  firebase: { type: 'firebase-scrypt', scheme: 'firebase' },
  fbscrypt: { type: 'firebase-scrypt', scheme: 'firebase' },
  firebasescrypt: { type: 'firebase-scrypt', scheme: 'firebase' },
  pbkdf2sha256: { type: 'pbkdf2' },
  pbkdf2sha512: { type: 'pbkdf2' },
  pbkdf2hmacsha256: { type: 'pbkdf2' },
  pbkdf2hmacsha512: { type: 'pbkdf2' },
  pbkdf2sha1: { scheme: 'passlib' },
  argon2id: { type: 'argon2', scheme: 'argon2' },
  argon2i: { type: 'argon2', scheme: 'argon2' },
  argon2d: { type: 'argon2', scheme: 'argon2' },
  ssha1: { type: 'ssha', scheme: 'ldap' },
  saltedsha1: { type: 'ssha', scheme: 'ldap' },
  sha1: { scheme: 'hex-digest' },
  md5: { scheme: 'hex-digest' },
  sha256: { scheme: 'hex-digest' },
  sha512: { scheme: 'hex-digest' },
  plain: { scheme: 'plaintext' },
  plaintext: { scheme: 'plaintext' },
  cleartext: { scheme: 'plaintext' },
  noop: { scheme: 'plaintext' },
  none: { scheme: 'no-hash' },
  cognito: { scheme: 'no-hash' },
  awscognito: { scheme: 'no-hash' },
  django: { scheme: 'django' },
  werkzeug: { scheme: 'werkzeug' },
  flask: { scheme: 'werkzeug' },
  passlib: { scheme: 'passlib' },
  keycloak: { scheme: 'keycloak' },
  spring: { scheme: 'spring' },
  ldap: { scheme: 'ldap' },
  aspnet: { scheme: 'aspnet' },
  aspnetidentity: { scheme: 'aspnet' },
  supabase: { scheme: 'firebase' },
  // Scheme ids themselves, as listed in README's matrix for `--from`.
  workosphc: { scheme: 'workos-phc' },
  cryptlegacy: { scheme: 'crypt-legacy' },
  appscrypt: { type: 'scrypt', scheme: 'app-scrypt' },
  hexdigest: { scheme: 'hex-digest' },
  phcpbkdf2: { type: 'pbkdf2', scheme: 'phc-pbkdf2' },
  rustpbkdf2: { type: 'pbkdf2', scheme: 'phc-pbkdf2' },
  nohash: { scheme: 'no-hash' },
};

/** Every name resolveAlgorithmName recognises, in its normalised spelling (fuzz tests draw from it). */
export const KNOWN_ALGORITHM_NAMES: readonly string[] = [...WORKOS_HASH_TYPES, ...Object.keys(ALIASES)];

/**
 * Reads a declared algorithm name. The six WorkOS names resolve silently; anything else that we
 * recognise resolves with a warning for `assess`; unknown names resolve to nothing, with a warning.
 */
export function resolveAlgorithmName(declared: string): ResolvedAlgorithm {
  const raw = declared.trim();
  const lower = raw.toLowerCase();
  if ((WORKOS_HASH_TYPES as readonly string[]).includes(lower)) {
    const type = lower as WorkosHashType;
    return lower === raw ? { type } : { type, warning: `declared algorithm "${raw}" read as ${type}` };
  }
  const key = lower.replace(/[^a-z0-9]/g, '');
  // Own keys only: "constructor" must not resolve to Object's constructor.
  const alias = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  if (alias) {
    const what = alias.type ?? `the ${alias.scheme} format`;
    return { ...alias, warning: `declared algorithm "${raw}" is not a WorkOS type name; read as ${what}` };
  }
  return {
    warning: `declared algorithm ${quoteName(raw)} is not recognised; the format is detected from the hash itself`,
  };
}

/**
 * An unknown name is quoted only when it looks like a name: a shifted CSV column puts the hash (or
 * the salt) in the algorithm column, and warnings are printed and written to reports.
 */
function quoteName(raw: string): string {
  return /^[A-Za-z0-9 ._+-]{1,24}$/.test(raw) ? `"${raw}"` : `(${raw.length} characters, not shown)`;
}
