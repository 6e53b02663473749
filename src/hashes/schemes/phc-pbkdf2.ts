/**
 * PBKDF2 in the PHC-style form with the digest in the identifier, `$pbkdf2-sha256$i=N[,l=L]$salt$hash`:
 * what RustCrypto's pbkdf2 crate writes and many homegrown stores copy. Not WorkOS's `$pbkdf2$i=N,d=…`
 * (the digest moves into the parameters) nor passlib's `$pbkdf2-sha256$N$` (iterations bare, ab64).
 */
import { base64Length, fromBase64, fromHex } from '../encoding.js';
import { notImportable, type HashScheme } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { pbkdf2Result } from './kdf-results.js';

const SHAPE = /^\$pbkdf2-(sha1|sha224|sha256|sha384|sha512)\$(i=[^$]*)\$([^$]*)\$([^$]*)$/s;
const DIGEST_BYTES: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

function parseParams(text: string): { i: number; l?: number } | string {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^([il])=(\d{1,10})$/.exec(part);
    if (!m) return `parameter "${part.slice(0, 20)}" is not i=N or l=N`;
    if (m[1]! in out) return `parameter ${m[1]} given twice`;
    out[m[1]!] = Number(m[2]);
  }
  if (out.i === undefined) return 'no iteration count (i=)';
  return { i: out.i, ...(out.l !== undefined ? { l: out.l } : {}) };
}

/**
 * The PHC form's parts are standard base64 without padding. Some stores write hex instead, which
 * base64's alphabet also accepts: read as base64 it gives a key of the wrong length, so hex is
 * taken only when the key's base64 length is wrong and its hex length is right.
 */
function decodeParts(
  saltText: string,
  hashText: string,
  keyBytes: number,
): { salt: Buffer; hash: Buffer; note?: string } | string {
  if (base64Length(hashText) === keyBytes) {
    const salt = fromBase64(saltText);
    const hash = fromBase64(hashText);
    if (salt && hash) return { salt, hash };
    return 'salt is not base64';
  }
  const hash = fromHex(hashText);
  const salt = fromHex(saltText);
  if (hash?.length === keyBytes && salt)
    return {
      salt,
      hash,
      note: 'salt and hash read as hex: their base64 reading gives a key of the wrong length',
    };
  return `hash is neither base64 nor hex of a ${keyBytes}-byte key`;
}

function classifyPhcPbkdf2(hash: string): HashClassification {
  const m = SHAPE.exec(hash);
  const digest = m?.[1] ?? 'sha256';
  const source = `PHC-style $pbkdf2-${digest}$i=`;
  if (!m) return notImportable('malformed', 'expected $pbkdf2-<digest>$i=N[,l=L]$salt$hash', source);
  const phc = parseParams(m[2]!);
  if (typeof phc === 'string') return notImportable('malformed', phc, source);
  const keyBytes = phc.l ?? DIGEST_BYTES[digest]!;
  const parts = decodeParts(m[3]!, m[4]!, keyBytes);
  if (typeof parts === 'string') return notImportable('malformed', parts, source);
  const notes = parts.note ? [parts.note] : [];
  return pbkdf2Result({ digest, iterations: phc.i, salt: parts.salt, hash: parts.hash }, source, notes);
}

export const phcPbkdf2: HashScheme = {
  id: 'phc-pbkdf2',
  detect: ({ hash }) => /^\$pbkdf2-sha\d{1,3}\$i=/.test(hash),
  classify: ({ hash }) => classifyPhcPbkdf2(hash),
  matrix: [
    {
      source: 'PHC-style `$pbkdf2-sha256$i=N,l=L$salt$hash` (and sha512; RustCrypto pbkdf2)',
      recognise: 'prefix with `i=`',
      result: 'pbkdf2 / parameters_out_of_range / unsupported_digest',
      how: '`$pbkdf2$i=N,d=D$salt$hash` (B64 parts kept; hex parts when only hex gives an `l`-byte key); sha1 → `unsupported_digest`',
    },
  ],
};
