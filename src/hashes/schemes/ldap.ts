/** RFC 2307 / OpenLDAP `{LABEL}payload` userPassword values. Labels are case-insensitive. */
import { fromBase64 } from '../encoding.js';
import { DIGEST_BYTES, digestRecipe } from '../legacy/recipes.js';
import { withLegacy, type DigestAlgorithm, type LegacyRecipe } from '../legacy/recipe.js';
import { importable, notImportable, wrapped, type HashScheme, type SchemeInput } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { classifyArgon2Phc } from './argon2.js';
import { classifyPasslibPbkdf2 } from './passlib.js';

const LABEL = /^\{([A-Za-z0-9-]+)\}/;
const KNOWN = new Set([
  'SSHA',
  'SHA',
  'SSHA256',
  'SSHA384',
  'SSHA512',
  'SHA256',
  'SHA384',
  'SHA512',
  'MD5',
  'SMD5',
  'CRYPT',
  'PBKDF2',
  'PBKDF2-SHA1',
  'PBKDF2-SHA256',
  'PBKDF2-SHA512',
  'ARGON2',
  'CLEARTEXT',
  'PLAIN',
]);

function ssha(payload: string, label: string): HashClassification {
  const source = 'LDAP {SSHA}';
  const raw = fromBase64(payload);
  if (!raw) return notImportable('malformed', '{SSHA} payload is not base64', source);
  if (raw.length < 20)
    return notImportable('malformed', `{SSHA} payload is ${raw.length} bytes; a SHA-1 digest is 20`, source);
  if (raw.length === 20) {
    return notImportable(
      'unsalted_digest',
      '{SSHA} without salt bytes is plain SHA-1; an empty ssha salt is undocumented',
      source,
    );
  }
  const notes = label === 'SSHA' ? [] : [`label {${label}} upper-cased to {SSHA}`];
  return importable('ssha', `{SSHA}${payload}`, source, notes);
}

const LDAP_DIGESTS: Record<string, DigestAlgorithm> = {
  SHA: 'sha1',
  SHA256: 'sha256',
  SHA512: 'sha512',
  MD5: 'md5',
};

/** `{SHA256}b64(digest)` and `{SSHA256}b64(digest ‖ salt)`: password first, then the salt (as SSHA). */
function ldapDigestRecipe(label: string, payload: string): LegacyRecipe | undefined {
  const salted = label.startsWith('SS') || label === 'SMD5';
  const algorithm = LDAP_DIGESTS[salted ? label.replace(/^S/, '') : label];
  const raw = fromBase64(payload);
  if (!algorithm || !raw) return undefined;
  const size = DIGEST_BYTES[algorithm];
  if (salted ? raw.length <= size : raw.length !== size) return undefined;
  return digestRecipe(algorithm, raw.subarray(0, size), raw.subarray(size), 'password-salt');
}

function classifyLdap(input: SchemeInput): HashClassification {
  const label = LABEL.exec(input.hash)![1]!;
  const upper = label.toUpperCase();
  const payload = input.hash.slice(label.length + 2);
  const source = `LDAP {${upper}}`;
  switch (upper) {
    case 'SSHA':
      return ssha(payload, label);
    case 'SHA':
    case 'SHA256':
    case 'SHA384':
    case 'SHA512':
    case 'MD5':
      return withLegacy(
        notImportable('unsalted_digest', `{${upper}} is an unsalted digest: no WorkOS type`, source),
        ldapDigestRecipe(upper, payload),
      );
    case 'SSHA256':
    case 'SSHA384':
    case 'SSHA512':
    case 'SMD5':
      return withLegacy(
        notImportable('unsupported_digest', `{${upper}}: WorkOS ssha is SHA-1 only`, source),
        ldapDigestRecipe(upper, payload),
      );
    case 'CRYPT':
      return wrapped(input.classifyInner(payload), 'LDAP {CRYPT}', undefined, 'stripped the {CRYPT} label');
    case 'ARGON2':
      return classifyArgon2Phc(payload, 'LDAP {ARGON2}');
    case 'CLEARTEXT':
    case 'PLAIN':
      return notImportable('plaintext', 'cleartext password: send it as `password`, not as a hash', source);
    default: {
      const digest = upper === 'PBKDF2' ? 'sha1' : upper.slice('PBKDF2-'.length).toLowerCase();
      return classifyPasslibPbkdf2(digest, payload, source);
    }
  }
}

export const ldap: HashScheme = {
  id: 'ldap',
  detect: ({ hash }) => {
    const label = LABEL.exec(hash)?.[1];
    return label !== undefined && KNOWN.has(label.toUpperCase());
  },
  classify: classifyLdap,
  matrix: [
    {
      source: 'LDAP `{SSHA}`',
      recognise: '`^\\{SSHA\\}` any case',
      result: 'ssha',
      how: 'unchanged (label upper-cased); digest = first 20 bytes, salt = the rest',
    },
    {
      source: 'LDAP `{SHA}`, `{SHA256}`, `{MD5}` …',
      recognise: 'prefix',
      result: 'unsalted_digest',
      how: 'unsalted digests (SHA-1 would only be ssha with an empty salt, undocumented)',
    },
    {
      source: 'LDAP `{SSHA256}`, `{SSHA512}`, `{SMD5}`',
      recognise: 'prefix',
      result: 'unsupported_digest',
      how: 'salted SHA-2/MD5 variants have no WorkOS type',
    },
    {
      source: 'LDAP `{CRYPT}$2…`',
      recognise: 'prefix',
      result: 'bcrypt',
      how: 'strip the label (other crypt(3) schemes: `unsupported_scheme`)',
    },
    {
      source: 'LDAP `{PBKDF2-SHA256}` / `{PBKDF2-SHA512}`',
      recognise: 'prefix',
      result: 'pbkdf2 / parameters_out_of_range',
      how: "strip the label, passlib layout; pbkdf2 if in range (OpenLDAP/passlib's 29,000 default is not)",
    },
    {
      source: 'LDAP `{CLEARTEXT}`',
      recognise: 'prefix',
      result: 'plaintext',
      how: 'send as `password`, not as a hash',
    },
  ],
};
