/** Werkzeug's `method$salt$hex` strings (Flask). Salts are text: their UTF-8 bytes are the KDF salt. */
import { fromHex, utf8 } from '../encoding.js';
import { intParam, notImportable, type HashScheme, type SchemeInput } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { pbkdf2Result, scryptResult } from './kdf-results.js';

const PBKDF2 = /^pbkdf2(?::(\w+))?(?::(\d+))?\$/;
const SCRYPT = /^scrypt:(\d+):(\d+):(\d+)\$/;
// md5$/sha1$ are also Django's shapes; Django wins unless the export declares werkzeug.
const LEGACY = /^(md5|sha1|sha224|sha256|sha384|sha512)\$[^$]*\$[0-9a-f]+$/;

function split(hash: string, source: string): { salt: Buffer; key: Buffer } | HashClassification {
  const [, salt, hex, extra] = hash.split('$');
  if (salt === undefined || !hex || extra !== undefined)
    return notImportable('malformed', 'expected method$salt$hex', source);
  const key = fromHex(hex);
  if (!key || key.length === 0) return notImportable('malformed', 'the hash part is not hex', source);
  return { salt: utf8(salt), key };
}

function pbkdf2({ hash, params }: SchemeInput): HashClassification {
  const m = PBKDF2.exec(hash)!;
  const digest = (m[1] ?? 'sha256').toLowerCase();
  const source = `Werkzeug pbkdf2:${digest}`;
  const parts = split(hash, source);
  if ('importable' in parts) return parts;
  const iterations = m[2] !== undefined ? Number(m[2]) : intParam(params.werkzeugIterations);
  if (digest !== 'sha256' && digest !== 'sha512' && (digest !== 'sha1' || iterations === undefined)) {
    return notImportable(
      'unsupported_digest',
      `PBKDF2-HMAC-${digest.toUpperCase()}: WorkOS pbkdf2 accepts only sha256 or sha512`,
      source,
    );
  }
  if (iterations === undefined) {
    return notImportable(
      'parameters_out_of_range',
      'no iteration count stored: Werkzeug used its own version default (50,000–1,000,000); set the werkzeugIterations parameter if you know it',
      source,
    );
  }
  return pbkdf2Result({ digest, iterations, salt: parts.salt, hash: parts.key }, source);
}

function scrypt(hash: string): HashClassification {
  const source = 'Werkzeug scrypt';
  const m = SCRYPT.exec(hash)!;
  const parts = split(hash, source);
  if ('importable' in parts) return parts;
  return scryptResult(
    { n: Number(m[1]), r: Number(m[2]), p: Number(m[3]), salt: parts.salt, hash: parts.key },
    source,
  );
}

export const werkzeug: HashScheme = {
  id: 'werkzeug',
  detect: ({ hash }) =>
    PBKDF2.test(hash) || SCRYPT.test(hash) || LEGACY.test(hash) || hash.startsWith('plain$'),
  classify(input) {
    if (PBKDF2.test(input.hash)) return pbkdf2(input);
    if (SCRYPT.test(input.hash)) return scrypt(input.hash);
    if (input.hash.startsWith('plain$')) {
      return notImportable(
        'plaintext',
        'Werkzeug "plain" stores the password itself: send it as `password`',
        'Werkzeug plain',
      );
    }
    return notImportable(
      'unsupported_digest',
      'Werkzeug < 2.3 salted HMAC digest: no WorkOS type',
      'Werkzeug legacy digest',
    );
  },
  matrix: [
    {
      source: 'Werkzeug `pbkdf2:D:N$salt$hex`',
      recognise: 'prefix',
      result: 'pbkdf2 / parameters_out_of_range',
      how: '`$pbkdf2$i=N,d=D$B64(utf8 salt)$B64(hex-decoded)` if in range; no `:N` means "that version\'s default" (ambiguous unless `werkzeugIterations` is given); `pbkdf2:sha1` → `unsupported_digest`',
    },
    {
      source: 'Werkzeug `scrypt:N:r:p$salt$hex`',
      recognise: 'prefix',
      result: 'scrypt',
      how: 'n=N, r, p, kl=64; salt as utf8 text; hash hex-decoded',
    },
    {
      source: 'Werkzeug < 2.3 `sha256$salt$hex`',
      recognise: 'prefix',
      result: 'unsupported_digest',
      how: 'salted HMAC digest',
    },
  ],
};
