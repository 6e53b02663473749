import { randomBytes, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';
import {
  checkWorkosLimits,
  parseWorkosHash,
  verifyPassword,
  WORKOS_HASH_TYPES,
  type WorkosHashType,
} from '../hashes/index.js';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  keylen: number,
  opts: object,
) => Promise<Buffer>;

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

/**
 * Plaintext passwords are never kept: they become a scrypt PHC string in the same WorkOS form
 * imported hashes use, so one verifier (src/hashes) checks every login.
 */
export async function hashPlaintext(password: string): Promise<{ hash: string; type: WorkosHashType }> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return { hash: `$scrypt$v=1$n=16384,r=8,p=1,kl=32$${b64(salt)}$${b64(key)}`, type: 'scrypt' };
}

export function isWorkosHashType(value: unknown): value is WorkosHashType {
  return typeof value === 'string' && (WORKOS_HASH_TYPES as readonly string[]).includes(value);
}

/**
 * Accepts a `password_hash` only in the exact form WorkOS takes for the declared type and within
 * WorkOS's parameter ranges. This uses the hash module's WorkOS-form parser rather than the
 * registry's classifier on purpose: the classifier also recognises source formats (Django,
 * Werkzeug, …) and converts them, which the real API does not do. The reason never quotes the hash.
 */
export function checkImportedHash(
  hash: string,
  type: WorkosHashType,
): { ok: true; hash: string } | { ok: false; reason: string } {
  const parsed = parseWorkosHash(hash, type);
  if ('error' in parsed) return { ok: false, reason: parsed.error };
  const violation = checkWorkosLimits(parsed);
  if (violation) return { ok: false, reason: violation.detail };
  return { ok: true, hash };
}

export async function passwordMatches(
  password: string,
  stored: { hash: string; type: WorkosHashType } | undefined,
): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verifyPassword(password, stored.hash, stored.type);
  } catch {
    // A hash the verifier cannot process cannot authenticate anyone.
    return false;
  }
}

/** WorkOS's default password policy is stricter; a length floor is enough to exercise the error path. */
export const MIN_PASSWORD_LENGTH = 8;

export function passwordStrengthProblems(password: string): Array<{ code: string; message: string }> {
  if ([...password].length >= MIN_PASSWORD_LENGTH) return [];
  return [
    { code: 'password_too_short', message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters.` },
  ];
}
