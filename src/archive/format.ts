import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt,
  type CipherGCM,
  type DecipherGCM,
} from 'node:crypto';
import { MigratorError } from '../errors/index.js';

/**
 * The archive file, byte by byte (all integers big-endian):
 *
 *   0   8  magic "WMARCHIV"
 *   8   1  format version (1)
 *   9   4  scrypt N (cost; a power of two)
 *  13   4  scrypt r (block size)
 *  17   4  scrypt p (parallelism)
 *  21  16  scrypt salt
 *  37  12  AES-256-GCM IV
 *  49   …  ciphertext (UTF-8 NDJSON: a header line, then one line per user)
 *  end 16  GCM authentication tag
 *
 * The key is scrypt(passphrase, salt, 32 bytes). The 49 header bytes are the GCM additional data,
 * so a changed parameter fails the tag check like a changed byte of ciphertext or a wrong
 * passphrase: nothing is ever output from an archive whose tag does not check.
 */
export const MAGIC = Buffer.from('WMARCHIV', 'ascii');
export const VERSION = 1;
export const HEADER_BYTES = 49;
export const TAG_BYTES = 16;

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation (N = 2^17, r = 8, p = 1): 128 MiB and a fraction of a second per open. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };

/** Bounds a file's parameters must keep, so a crafted header cannot make us allocate gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export interface ArchiveHeader {
  kdf: KdfParams;
  salt: Buffer;
  iv: Buffer;
}

export function encodeHeader(h: ArchiveHeader): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(b, 0);
  b.writeUInt8(VERSION, 8);
  b.writeUInt32BE(h.kdf.N, 9);
  b.writeUInt32BE(h.kdf.r, 13);
  b.writeUInt32BE(h.kdf.p, 17);
  h.salt.copy(b, 21);
  h.iv.copy(b, 37);
  return b;
}

const notAnArchive = (path: string, why: string): MigratorError =>
  new MigratorError('usage', `${path} is not a workos-migrator archive (${why})`);

/** The header of a file of `fileSize` bytes whose first HEADER_BYTES are `b`. */
export function decodeHeader(b: Buffer, fileSize: number, path: string): ArchiveHeader {
  if (fileSize < HEADER_BYTES + TAG_BYTES || b.length < HEADER_BYTES) throw notAnArchive(path, 'too short');
  if (!b.subarray(0, 8).equals(MAGIC)) throw notAnArchive(path, 'no archive magic');
  const version = b.readUInt8(8);
  if (version !== VERSION)
    throw new MigratorError(
      'usage',
      `${path} is an archive of format ${version}; this version reads ${VERSION}`,
    );
  const kdf = { N: b.readUInt32BE(9), r: b.readUInt32BE(13), p: b.readUInt32BE(17) };
  const powerOfTwo = kdf.N > 1 && (kdf.N & (kdf.N - 1)) === 0;
  if (!powerOfTwo || kdf.N > MAX_N || kdf.r < 1 || kdf.r > MAX_R || kdf.p < 1 || kdf.p > MAX_P)
    throw notAnArchive(path, 'key-derivation parameters out of range');
  return { kdf, salt: Buffer.from(b.subarray(21, 37)), iv: Buffer.from(b.subarray(37, 49)) };
}

export function newHeader(kdf: KdfParams = DEFAULT_KDF): ArchiveHeader {
  return { kdf, salt: randomBytes(16), iv: randomBytes(12) };
}

export function deriveKey(passphrase: string, h: ArchiveHeader): Promise<Buffer> {
  const { N, r, p } = h.kdf;
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      h.salt,
      32,
      { N, r, p, maxmem: 256 * N * r + (1 << 20) },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export function cipherFor(key: Buffer, h: ArchiveHeader, headerBytes: Buffer): CipherGCM {
  const c = createCipheriv('aes-256-gcm', key, h.iv);
  c.setAAD(headerBytes);
  return c;
}

export function decipherFor(key: Buffer, h: ArchiveHeader, headerBytes: Buffer, tag: Buffer): DecipherGCM {
  const d = createDecipheriv('aes-256-gcm', key, h.iv);
  d.setAAD(headerBytes);
  d.setAuthTag(tag);
  return d;
}

/** Passphrases shorter than this are refused: scrypt slows guessing, it cannot save "1234". */
export const MIN_PASSPHRASE = 12;
