/**
 * Password verification against a hash in WorkOS form — what the emulator runs on login and what
 * the hash canary runs before import. KDFs are native (node:crypto) or WebAssembly (hash-wasm);
 * every comparison goes through timingSafeEqual.
 */
import { createCipheriv, createHash, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { argon2d, argon2i, argon2id, bcrypt } from 'hash-wasm';
import { parseWorkosHash, type ParsedWorkosHash } from './workos-form.js';
import type { WorkosHashType } from './types.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * Ceilings far above WorkOS's ranges: a stored hash is attacker-influenced input (the emulator
 * verifies whatever was imported), and one login must not be able to pin a CPU or exhaust memory.
 */
const MAX_ARGON2_KIB = 1024 * 1024;
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const MAX_SCRYPT_BYTES = 1024 * 1024 * 1024;

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Checks a password against a hash in WorkOS form. Malformed hashes never match, and nothing
 * throws: a stored hash is imported data, and a login (or the canary) must get an answer, not a crash.
 */
export async function verifyPassword(
  password: string,
  workosHash: string,
  type: WorkosHashType,
): Promise<boolean> {
  try {
    const parsed = parseWorkosHash(workosHash, type);
    if ('error' in parsed) return false;
    return await verifyParsed(password, parsed);
  } catch {
    // The KDF libraries refuse some well-formed but unusable parameters by throwing: cannot match.
    return false;
  }
}

export async function verifyParsed(password: string, parsed: ParsedWorkosHash): Promise<boolean> {
  const pw = Buffer.from(password, 'utf8');
  switch (parsed.type) {
    case 'bcrypt':
      return verifyBcrypt(pw, parsed.cost, parsed.salt, parsed.checksum);
    case 'pbkdf2': {
      if (parsed.digest !== 'sha256' && parsed.digest !== 'sha512') return false;
      // node:crypto throws on 0 iterations; PBKDF2 is defined for c ≥ 1 only.
      if (parsed.iterations < 1 || parsed.iterations > MAX_PBKDF2_ITERATIONS) return false;
      const key = await pbkdf2Async(pw, parsed.salt, parsed.iterations, parsed.hash.length, parsed.digest);
      return timingSafeEqual(key, parsed.hash);
    }
    case 'scrypt': {
      const key = await scryptKey(pw, parsed.salt, parsed.kl, parsed.n, parsed.r, parsed.p);
      return key !== undefined && timingSafeEqual(key, parsed.hash);
    }
    case 'argon2': {
      if (parsed.version !== 19) return false; // hash-wasm implements only argon2 1.3
      if (parsed.m > MAX_ARGON2_KIB || parsed.t > 64 || parsed.p > 64) return false;
      // RFC 9106's own minimums (hash-wasm throws below them): no argon2 hash can have these.
      if (parsed.t < 1 || parsed.p < 1 || parsed.m < 8 * parsed.p) return false;
      if (parsed.salt.length < 8 || parsed.hash.length < 4) return false;
      const fn = { argon2id, argon2i, argon2d }[parsed.variant];
      const key = await fn({
        password: pw,
        salt: parsed.salt,
        iterations: parsed.t,
        parallelism: parsed.p,
        memorySize: parsed.m,
        hashLength: parsed.hash.length,
        outputType: 'binary',
      });
      return timingSafeEqual(Buffer.from(key), parsed.hash);
    }
    case 'ssha': {
      const digest = createHash('sha1').update(pw).update(parsed.salt).digest();
      return timingSafeEqual(digest, parsed.digest);
    }
    case 'firebase-scrypt':
      return verifyFirebase(pw, parsed);
  }
}

async function scryptKey(
  pw: Buffer,
  salt: Buffer,
  keylen: number,
  n: number,
  r: number,
  p: number,
): Promise<Buffer | undefined> {
  try {
    // Node's default maxmem (32 MiB) is below what common production parameters need.
    return await scryptAsync(pw, salt, keylen, {
      N: n,
      r,
      p,
      maxmem: Math.min(256 * n * r + 64 * 1024 * 1024, MAX_SCRYPT_BYTES),
    });
  } catch {
    return undefined; // invalid N (not a power of two) or absurd memory: cannot match
  }
}

export async function verifyBcrypt(
  pw: Buffer,
  cost: number,
  salt: string,
  checksum: string,
): Promise<boolean> {
  if (cost < 4 || cost > 31) return false;
  // bcrypt only reads the first 72 bytes; hash-wasm refuses longer input instead of truncating.
  // It also refuses an empty password, which bcrypt hashes as its C string's lone NUL: the key
  // bcrypt cycles is all zero bytes either way, so [0] gives exactly bcrypt("").
  const encoded = await bcrypt({
    password: pw.length === 0 ? Buffer.alloc(1) : pw.subarray(0, 72),
    salt: decodeBcryptSalt(salt),
    costFactor: cost,
    outputType: 'encoded',
  });
  return timingSafeEqual(Buffer.from(encoded.slice(-31)), Buffer.from(checksum));
}

/** bcrypt's own base64 (./A-Za-z0-9, no padding): 22 characters → 16 bytes. */
export function decodeBcryptSalt(text: string): Uint8Array {
  const out = new Uint8Array(16);
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const ch of text) {
    value = (value << 6) | BCRYPT_ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o < 16) out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Firebase's modified scrypt: the scrypt key encrypts the project's signer key with AES-256-CTR. */
async function verifyFirebase(
  pw: Buffer,
  f: Extract<ParsedWorkosHash, { type: 'firebase-scrypt' }>,
): Promise<boolean> {
  if (f.memCost > 20 || f.rounds > 64) return false;
  const key = await scryptKey(pw, Buffer.concat([f.salt, f.saltSeparator]), 32, 2 ** f.memCost, f.rounds, 1);
  if (!key) return false;
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const expected = Buffer.concat([cipher.update(f.signerKey), cipher.final()]);
  return expected.length === f.hash.length && timingSafeEqual(expected, f.hash);
}
