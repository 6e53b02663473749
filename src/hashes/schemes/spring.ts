/** Spring Security's DelegatingPasswordEncoder `{id}…` strings, including `{id@SpringSecurity_vX}`. */
import { fromBase64, fromHex, utf8 } from '../encoding.js';
import { intParam, notImportable, wrapped, type HashScheme, type SchemeInput } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { classifyArgon2Phc } from './argon2.js';
import { pbkdf2Result, scryptResult } from './kdf-results.js';

const PREFIX = /^\{(bcrypt|argon2|scrypt|pbkdf2|noop|sha256|ldap|MD4|MD5|SHA-1|SHA-256)(@[A-Za-z0-9_.]+)?\}/;

/** `$<hex params word>$<b64 salt>$<b64 key>`; the word is (log2 N) << 16 | r << 8 | p. */
function scrypt(rest: string, source: string): HashClassification {
  const m = /^\$([0-9a-fA-F]+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(rest);
  if (!m) return notImportable('malformed', 'expected {scrypt}$params$salt$hash', source);
  const word = parseInt(m[1]!, 16);
  const salt = fromBase64(m[2]!);
  const key = fromBase64(m[3]!);
  if (!salt || !key) return notImportable('malformed', 'salt or hash is not base64', source);
  const logN = word >>> 16;
  return scryptResult({ n: 2 ** logN, r: (word >> 8) & 0xff, p: word & 0xff, salt, hash: key }, source);
}

/**
 * Pbkdf2PasswordEncoder stores hex(salt ‖ key) and its KDF salt is salt ‖ secret. Defaults per
 * version: v5_5 SHA-1 × 185,000, 8-byte salt; v5_8 SHA-256 × 310,000, 16-byte salt. A custom
 * configuration is described with the springPbkdf2* parameters.
 */
function pbkdf2(
  rest: string,
  version: string | undefined,
  params: Readonly<Record<string, string>>,
  source: string,
) {
  const raw = fromHex(rest);
  if (!raw || raw.length === 0) return notImportable('malformed', '{pbkdf2} payload is not hex', source);
  const custom = params.springPbkdf2Digest;
  const v58 = version?.includes('v5_8') ?? false;
  const digest = (custom ?? (v58 ? 'sha256' : 'sha1')).toLowerCase().replace('-', '');
  const iterations = intParam(params.springPbkdf2Iterations) ?? (v58 ? 310_000 : 185_000);
  const saltLength = intParam(params.springPbkdf2SaltLength) ?? (v58 || custom ? 16 : 8);
  if (raw.length <= saltLength)
    return notImportable('malformed', `{pbkdf2} payload shorter than its ${saltLength}-byte salt`, source);
  const salt = Buffer.concat([raw.subarray(0, saltLength), utf8(params.springPbkdf2Secret ?? '')]);
  return pbkdf2Result({ digest, iterations, salt, hash: raw.subarray(saltLength) }, source);
}

function classifySpring(input: SchemeInput): HashClassification {
  const m = PREFIX.exec(input.hash)!;
  const id = m[1]!;
  const version = m[2];
  const rest = input.hash.slice(m[0].length);
  const source = `Spring {${id}${version ?? ''}}`;
  switch (id) {
    case 'bcrypt':
      return wrapped(
        input.classifyInner(rest),
        source,
        'bcrypt',
        `stripped the {${id}${version ?? ''}} prefix`,
      );
    case 'ldap':
      return wrapped(input.classifyInner(rest), source, undefined, 'stripped the {ldap} prefix');
    case 'argon2':
      return classifyArgon2Phc(rest, source);
    case 'scrypt':
      return scrypt(rest, source);
    case 'pbkdf2':
      return pbkdf2(rest, version, input.params, source);
    case 'noop':
      return notImportable(
        'plaintext',
        '{noop} is the password itself: send it as `password`, not as a hash',
        source,
      );
    default:
      return notImportable(
        'unsupported_digest',
        `{${id}} (salted ${id.toUpperCase()} digest) has no WorkOS type`,
        source,
      );
  }
}

export const spring: HashScheme = {
  id: 'spring',
  detect: ({ hash }) => {
    const m = PREFIX.exec(hash);
    if (!m) return false;
    // {MD5}/{SHA-256} are also LDAP labels; Spring's payloads are hex, LDAP's base64.
    if (/^(MD5|SHA-256)$/.test(m[1]!)) return /^(\{[^}]*\})?[0-9a-f]+$/.test(hash.slice(m[0].length));
    return true;
  },
  classify: classifySpring,
  matrix: [
    { source: 'Spring `{bcrypt}`', recognise: '`{id}` prefix', result: 'bcrypt', how: 'strip the `{id}`' },
    {
      source: 'Spring `{argon2}` / `{argon2@SpringSecurity_v5_8}`',
      recognise: '`{id}` prefix',
      result: 'argon2',
      how: 'strip the `{id}`; argon2 limits apply',
    },
    { source: 'Spring `{ldap}{SSHA}`', recognise: '`{ldap}` prefix', result: 'ssha', how: 'strip `{ldap}`' },
    {
      source: 'Spring `{scrypt}$hex$b64$b64`',
      recognise: 'prefix',
      result: 'scrypt',
      how: 'params word = hex((log2 N) << 16 | r << 8 | p); kl = key length (32); re-encode as B64',
    },
    {
      source: 'Spring `{pbkdf2}`',
      recognise: 'prefix',
      result: 'unsupported_digest / parameters_out_of_range',
      how: 'v5_5 default is SHA-1; v5_8 is SHA-256 × 310,000; custom SHA-256/512 configs via `springPbkdf2Digest`, `springPbkdf2Iterations`, `springPbkdf2SaltLength`, `springPbkdf2Secret` (PHC salt = salt‖secret)',
    },
    {
      source: 'Spring `{noop}`',
      recognise: 'prefix',
      result: 'plaintext',
      how: 'send as `password`, not as a hash',
    },
    {
      source: 'Spring `{sha256}`, `{MD5}`, `{SHA-1}`, `{MD4}`',
      recognise: 'prefix',
      result: 'unsupported_digest',
      how: 'salted digests with no WorkOS type',
    },
  ],
};
