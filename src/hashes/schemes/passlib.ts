/** passlib's own pbkdf2 and scrypt strings (adapted base64, `ln` = log2 N). */
import { fromAb64, fromBase64 } from '../encoding.js';
import { notImportable, type HashScheme } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { pbkdf2Result, scryptResult } from './kdf-results.js';

/** `$pbkdf2-sha256$N$ab64salt$ab64hash` (also the body of LDAP's `{PBKDF2-SHA256}`). */
export function classifyPasslibPbkdf2(digest: string, rest: string, source: string): HashClassification {
  const [iterText, saltText, hashText, extra] = rest.split('$');
  if (!iterText || saltText === undefined || !hashText || extra !== undefined || !/^\d+$/.test(iterText)) {
    return notImportable('malformed', 'expected iterations$salt$hash', source);
  }
  const salt = fromAb64(saltText);
  const hash = fromAb64(hashText);
  if (!salt || !hash) return notImportable('malformed', 'salt or hash is not passlib adapted base64', source);
  return pbkdf2Result({ digest, iterations: Number(iterText), salt, hash }, source);
}

function classifyPasslibScrypt(hash: string): HashClassification {
  const source = 'passlib $scrypt$ln=';
  const m = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/.]+)\$([A-Za-z0-9+/.]+)$/.exec(hash);
  if (!m) return notImportable('malformed', 'expected $scrypt$ln=L,r=R,p=P$salt$hash', source);
  const ln = Number(m[1]);
  if (ln < 1 || ln > 40)
    return notImportable('parameters_out_of_range', `scrypt ln=${ln} is not a usable log2 N`, source);
  const salt = fromBase64(m[4]!.replace(/\./g, '+'));
  const key = fromBase64(m[5]!.replace(/\./g, '+'));
  if (!salt || !key) return notImportable('malformed', 'salt or hash is not base64', source);
  return scryptResult({ n: 2 ** ln, r: Number(m[2]), p: Number(m[3]), salt, hash: key }, source, [
    `ln=${ln} → n=${2 ** ln}`,
  ]);
}

export const passlib: HashScheme = {
  id: 'passlib',
  detect: ({ hash }) => /^\$pbkdf2(-sha(1|256|512))?\$\d/.test(hash) || hash.startsWith('$scrypt$ln='),
  classify({ hash }) {
    if (hash.startsWith('$scrypt$')) return classifyPasslibScrypt(hash);
    // `s`: the rest may hold a line break (a damaged export); it must reach the parser, which calls it
    // malformed, instead of failing this match that detect() passed.
    const m = /^\$pbkdf2(?:-(sha1|sha256|sha512))?\$(.*)$/s.exec(hash)!;
    const digest = m[1] ?? 'sha1';
    const source = m[1] ? `passlib $pbkdf2-${digest}$` : 'passlib $pbkdf2$ (SHA-1)';
    return classifyPasslibPbkdf2(digest, m[2]!, source);
  },
  matrix: [
    {
      source: 'passlib `$pbkdf2-sha256$N$ab64$ab64` (and sha512)',
      recognise: 'prefix',
      result: 'pbkdf2 / parameters_out_of_range',
      how: "ab64-decode then B64; pbkdf2 if in range (passlib's 29,000/25,000 defaults are not)",
    },
    {
      source: 'passlib `$pbkdf2$N$` / `$pbkdf2-sha1$`',
      recognise: 'prefix without `i=`',
      result: 'unsupported_digest',
      how: 'PBKDF2-HMAC-SHA1 (not WorkOS `$pbkdf2$i=`)',
    },
    {
      source: 'passlib `$scrypt$ln=L,r=R,p=P$salt$hash`',
      recognise: 'prefix',
      result: 'scrypt',
      how: 'n = 2^L, kl = decoded hash length',
    },
  ],
};
