/**
 * Hashes in the form WorkOS accepts: parsing (syntax only) and building. Parameter ranges live in
 * limits.ts so that verification can still check a well-formed hash that WorkOS would refuse.
 */
import { deserialize } from '@phc/format';
import {
  fromAnyBase64,
  fromBase64,
  isCanonicalBase64,
  isUnpaddedBase64,
  toB64,
  toBase64Padded,
} from './encoding.js';
import type { WorkosHashType } from './types.js';

export type Argon2Variant = 'argon2id' | 'argon2i' | 'argon2d';
export type Pbkdf2Digest = 'sha256' | 'sha512';

/** A user's Firebase hash with the project parameters needed to check it. */
export interface FirebaseParts {
  hash: Buffer;
  salt: Buffer;
  signerKey: Buffer;
  saltSeparator: Buffer;
  rounds: number;
  memCost: number;
}

export type ParsedWorkosHash =
  | { type: 'bcrypt'; prefix: '2a' | '2b' | '2y'; cost: number; salt: string; checksum: string }
  | { type: 'scrypt'; n: number; r: number; p: number; kl: number; salt: Buffer; hash: Buffer }
  | { type: 'pbkdf2'; digest: string; iterations: number; salt: Buffer; hash: Buffer }
  | {
      type: 'argon2';
      variant: Argon2Variant;
      version: number;
      m: number;
      t: number;
      p: number;
      salt: Buffer;
      hash: Buffer;
    }
  | { type: 'ssha'; digest: Buffer; salt: Buffer }
  | ({ type: 'firebase-scrypt' } & FirebaseParts);

/** A parse failure: `detail` names what is wrong and never quotes the hash. */
export interface ParseError {
  error: string;
}

export const BCRYPT_RE = /^\$(2[aby])\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;

export function parseWorkosHash(hash: string, type: WorkosHashType): ParsedWorkosHash | ParseError {
  switch (type) {
    case 'bcrypt':
      return parseBcrypt(hash);
    case 'scrypt':
      return parseScrypt(hash);
    case 'pbkdf2':
      return parsePbkdf2(hash);
    case 'argon2':
      return parseArgon2(hash);
    case 'ssha':
      return parseSsha(hash);
    case 'firebase-scrypt':
      return parseFirebaseScrypt(hash);
  }
}

function parseBcrypt(hash: string): ParsedWorkosHash | ParseError {
  const m = BCRYPT_RE.exec(hash);
  if (!m)
    return { error: 'not a bcrypt string ($2a$/$2b$/$2y$, two-digit cost, 53 characters of salt+hash)' };
  return {
    type: 'bcrypt',
    prefix: m[1] as '2a' | '2b' | '2y',
    cost: Number(m[2]),
    salt: m[3]!,
    checksum: m[4]!,
  };
}

/** PHC decode through @phc/format, plus the checks it leaves to callers. */
function phc(hash: string, id: string): ReturnType<typeof deserialize> | ParseError {
  if (!hash.startsWith(`$${id}$`)) return { error: `does not start with $${id}$` };
  let obj: ReturnType<typeof deserialize>;
  try {
    obj = deserialize(hash);
  } catch {
    return { error: `not a valid PHC string for ${id}` };
  }
  if (!obj.salt || !obj.hash || obj.hash.length === 0 || obj.salt.length === 0) {
    return { error: `PHC string for ${id} lacks a salt or a hash` };
  }
  const parts = hash.split('$');
  const [saltText, hashText] = parts.slice(-2) as [string, string];
  if (!isUnpaddedBase64(saltText) || !isUnpaddedBase64(hashText)) {
    return { error: 'salt and hash must be unpadded standard base64' };
  }
  return obj;
}

/**
 * The PHC shapes buildPbkdf2 and buildArgon2 emit, exactly: decimal parameters without leading zeros
 * (at most 15 digits, so they are safe integers), in the builders' order. A string of that shape with
 * canonical base64 is its own conversion; recognising it saves a parse and a re-serialise per user.
 */
const CANONICAL_PBKDF2 =
  /^\$pbkdf2\$i=(0|[1-9]\d{0,14}),d=(sha256|sha512)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
const CANONICAL_ARGON2 =
  /^\$(argon2id|argon2i|argon2d)\$v=19\$m=(0|[1-9]\d{0,14}),t=(0|[1-9]\d{0,14}),p=(0|[1-9]\d{0,14})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** The digest and iterations of a pbkdf2 string that buildPbkdf2 would write back unchanged. */
export function canonicalPbkdf2(hash: string): { digest: Pbkdf2Digest; iterations: number } | undefined {
  const m = CANONICAL_PBKDF2.exec(hash);
  if (!m || !isCanonicalBase64(m[3]!) || !isCanonicalBase64(m[4]!)) return undefined;
  return { digest: m[2] as Pbkdf2Digest, iterations: Number(m[1]) };
}

/** The parameters of an argon2 string that buildArgon2 would write back unchanged. */
export function canonicalArgon2(
  hash: string,
): { variant: Argon2Variant; m: number; t: number; p: number } | undefined {
  const m = CANONICAL_ARGON2.exec(hash);
  if (!m || !isCanonicalBase64(m[5]!) || !isCanonicalBase64(m[6]!)) return undefined;
  return { variant: m[1] as Argon2Variant, m: Number(m[2]), t: Number(m[3]), p: Number(m[4]) };
}

function intParam(params: Record<string, string | number> | undefined, key: string): number | undefined {
  const v = params?.[key];
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function parseScrypt(hash: string): ParsedWorkosHash | ParseError {
  const obj = phc(hash, 'scrypt');
  if ('error' in obj) return obj;
  if (obj.version !== 1) return { error: 'scrypt PHC needs v=1' };
  const [n, r, p, kl] = ['n', 'r', 'p', 'kl'].map((k) => intParam(obj.params, k));
  if (n === undefined || r === undefined || p === undefined) return { error: 'scrypt PHC needs n, r and p' };
  const keyLength = kl ?? obj.hash!.length;
  if (keyLength !== obj.hash!.length) {
    return { error: `kl=${keyLength} but the hash is ${obj.hash!.length} bytes` };
  }
  return { type: 'scrypt', n, r, p, kl: keyLength, salt: obj.salt!, hash: obj.hash! };
}

function parsePbkdf2(hash: string): ParsedWorkosHash | ParseError {
  const obj = phc(hash, 'pbkdf2');
  if ('error' in obj) return obj;
  const iterations = intParam(obj.params, 'i');
  const digest = obj.params?.d;
  if (iterations === undefined || typeof digest !== 'string') return { error: 'pbkdf2 PHC needs i and d' };
  return { type: 'pbkdf2', digest, iterations, salt: obj.salt!, hash: obj.hash! };
}

function parseArgon2(hash: string): ParsedWorkosHash | ParseError {
  const variant = /^\$(argon2id|argon2i|argon2d)\$/.exec(hash)?.[1] as Argon2Variant | undefined;
  if (!variant) return { error: 'does not start with $argon2id$, $argon2i$ or $argon2d$' };
  const obj = phc(hash, variant);
  if ('error' in obj) return obj;
  const [m, t, p] = ['m', 't', 'p'].map((k) => intParam(obj.params, k));
  if (m === undefined || t === undefined || p === undefined) return { error: 'argon2 PHC needs m, t and p' };
  // A PHC string without v= is argon2 1.0 (0x10), per the reference implementation.
  return { type: 'argon2', variant, version: obj.version ?? 16, m, t, p, salt: obj.salt!, hash: obj.hash! };
}

function parseSsha(hash: string): ParsedWorkosHash | ParseError {
  if (!/^\{ssha\}/i.test(hash)) return { error: 'does not start with {SSHA}' };
  const raw = fromBase64(hash.slice(6));
  if (!raw) return { error: '{SSHA} payload is not base64' };
  if (raw.length <= 20) return { error: '{SSHA} payload has no salt after the 20-byte SHA-1 digest' };
  return { type: 'ssha', digest: raw.subarray(0, 20), salt: raw.subarray(20) };
}

function parseFirebaseScrypt(hash: string): ParsedWorkosHash | ParseError {
  if (!hash.startsWith('$firebase-scrypt$')) return { error: 'does not start with $firebase-scrypt$' };
  const body = hash.slice('$firebase-scrypt$'.length);
  const fields: Record<string, string> = {};
  if (body.startsWith('hash=')) {
    // WorkOS migration tool layout: $firebase-scrypt$hash=…$salt=…$sk=…$ss=…$r=…$m=…
    for (const part of body.split('$')) {
      const eq = part.indexOf('=');
      if (eq <= 0) return { error: 'firebase-scrypt fields must be name=value' };
      fields[part.slice(0, eq)] = part.slice(eq + 1);
    }
  } else {
    // Docs layout: $firebase-scrypt$r=…,m=…,sk=…,ss=…$salt$hash
    const [paramText, salt, h] = body.split('$');
    if (paramText === undefined || salt === undefined || h === undefined) {
      return { error: 'firebase-scrypt needs parameters, salt and hash' };
    }
    for (const kv of paramText.split(',')) {
      const eq = kv.indexOf('=');
      if (eq <= 0) return { error: 'firebase-scrypt parameters must be name=value' };
      fields[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    fields.salt = salt;
    fields.hash = h;
  }
  const decoded: Record<string, Buffer | undefined> = {};
  for (const key of ['hash', 'salt', 'sk', 'ss']) {
    const text = fields[key];
    if (text === undefined) return { error: `firebase-scrypt lacks ${key}` };
    decoded[key] = fromAnyBase64(text);
    if (!decoded[key]) return { error: `firebase-scrypt ${key} is not base64` };
  }
  const rounds = Number(fields.r);
  const memCost = Number(fields.m);
  if (!Number.isInteger(rounds) || !Number.isInteger(memCost) || rounds < 1 || memCost < 1) {
    return { error: 'firebase-scrypt needs integer r (rounds) and m (mem_cost)' };
  }
  return {
    type: 'firebase-scrypt',
    hash: decoded.hash!,
    salt: decoded.salt!,
    signerKey: decoded.sk!,
    saltSeparator: decoded.ss!,
    rounds,
    memCost,
  };
}

/**
 * A PHC string, written directly rather than through @phc/format's serialize: the callers' ids and
 * parameter names are constants and their values numbers or digest names, which serialize would
 * only re-validate, once per user of a million-user export. Same text: `$id[$v=V]$k=v,…$salt$hash`
 * with unpadded standard base64.
 */
function phcString(
  id: string,
  version: number | undefined,
  params: string,
  salt: Buffer,
  hash: Buffer,
): string {
  const v = version === undefined ? '' : `$v=${version}`;
  return `$${id}${v}$${params}$${toB64(salt)}$${toB64(hash)}`;
}

export function buildScrypt(o: { n: number; r: number; p: number; salt: Buffer; hash: Buffer }): string {
  return phcString('scrypt', 1, `n=${o.n},r=${o.r},p=${o.p},kl=${o.hash.length}`, o.salt, o.hash);
}

export function buildPbkdf2(o: {
  digest: Pbkdf2Digest;
  iterations: number;
  salt: Buffer;
  hash: Buffer;
}): string {
  return phcString('pbkdf2', undefined, `i=${o.iterations},d=${o.digest}`, o.salt, o.hash);
}

/** Re-emits parameters in libargon2's m,t,p order whatever order the source used. */
export function buildArgon2(o: {
  variant: Argon2Variant;
  m: number;
  t: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}): string {
  return phcString(o.variant, 19, `m=${o.m},t=${o.t},p=${o.p}`, o.salt, o.hash);
}

export function buildSsha(digest: Buffer, salt: Buffer): string {
  return `{SSHA}${toBase64Padded(Buffer.concat([digest, salt]))}`;
}

export type FirebaseLayout = 'workos-tool' | 'docs';

/** Emits the WorkOS migration tool's layout by default; the docs' PHC-like layout on request. */
export function buildFirebaseScrypt(o: FirebaseParts, layout: FirebaseLayout = 'workos-tool'): string {
  if (layout === 'docs') {
    return (
      `$firebase-scrypt$r=${o.rounds},m=${o.memCost},sk=${toB64(o.signerKey)},ss=${toB64(o.saltSeparator)}` +
      `$${toB64(o.salt)}$${toB64(o.hash)}`
    );
  }
  const b = toBase64Padded;
  return (
    `$firebase-scrypt$hash=${b(o.hash)}$salt=${b(o.salt)}$sk=${b(o.signerKey)}$ss=${b(o.saltSeparator)}` +
    `$r=${o.rounds}$m=${o.memCost}`
  );
}
