/**
 * Bare hex digests (MD5, SHA-1, SHA-256, SHA-512), optionally with a salt column. Only
 * sha1(password ‖ salt) has a WorkOS type: it is exactly ssha once re-encoded.
 */
import { fromBase64, fromHex, utf8 } from '../encoding.js';
import { importable, notImportable, type HashScheme, type SchemeInput } from '../scheme.js';
import { buildSsha } from '../workos-form.js';
import type { HashClassification } from '../types.js';
import { digestRecipe } from '../legacy/recipes.js';
import { withLegacy, type DigestAlgorithm, type SaltOrder } from '../legacy/recipe.js';

const DIGESTS: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };
const ALGORITHMS: Record<number, DigestAlgorithm> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
const HEX = /^[0-9a-fA-F]+$/;

function saltBytes(salt: string, encoding: string | undefined): Buffer | undefined {
  if (encoding === 'hex') return fromHex(salt);
  if (encoding === 'base64') return fromBase64(salt);
  return utf8(salt);
}

function classifyHex({ hash, params }: SchemeInput): HashClassification {
  const name = DIGESTS[hash.length]!;
  const salt = params.salt;
  const algorithm = ALGORITHMS[hash.length]!;
  if (salt === undefined || salt === '') {
    return withLegacy(
      notImportable('unsalted_digest', `unsalted ${name} digest: no WorkOS type`, `hex ${name} (unsalted)`),
      digestRecipe(algorithm, hash, Buffer.alloc(0), 'password-salt'),
    );
  }
  const source = `hex ${name} with salt column`;
  const order = params.saltOrder?.toLowerCase().replace(/[^a-z]/g, '');
  const bytes = saltBytes(salt, params.saltEncoding);
  if (!bytes || bytes.length === 0)
    return notImportable('malformed', `salt is not valid ${params.saltEncoding}`, source);
  const saltOrder: SaltOrder =
    order === 'saltpassword' ? 'salt-password' : order === 'passwordsalt' ? 'password-salt' : 'either';
  const recipe = digestRecipe(algorithm, hash, bytes, saltOrder);
  if (name !== 'SHA-1')
    return withLegacy(
      notImportable('unsupported_digest', `salted ${name}: WorkOS ssha is SHA-1 only`, source),
      recipe,
    );
  if (order === 'saltpassword') {
    return withLegacy(
      notImportable(
        'wrong_salt_order',
        'sha1(salt ‖ password): the salt comes first; WorkOS ssha computes sha1(password ‖ salt)',
        source,
      ),
      recipe,
    );
  }
  const notes =
    order === 'passwordsalt'
      ? []
      : [
          'salt order not declared: assumed sha1(password ‖ salt); prove it with the hash canary or set saltOrder',
        ];
  return importable('ssha', buildSsha(fromHex(hash)!, bytes), source, notes);
}

export const hexDigest: HashScheme = {
  id: 'hex-digest',
  detect: ({ hash }) => DIGESTS[hash.length] !== undefined && HEX.test(hash),
  classify: classifyHex,
  matrix: [
    {
      source: 'hex SHA-1 of password ‖ salt (salt column)',
      recognise: '40 hex + param `salt` (`saltOrder=password-salt`, `saltEncoding`)',
      result: 'ssha',
      how: '`{SSHA}` + base64(digest ‖ salt bytes)',
    },
    {
      source: 'hex SHA-1 of salt ‖ password',
      recognise: '40 hex + `saltOrder=salt-password`',
      result: 'wrong_salt_order',
      how: 'the salt is prepended; ssha appends it',
    },
    {
      source: 'hex MD5 / SHA-256 / SHA-512 with a salt',
      recognise: '32/64/128 hex + param `salt`',
      result: 'unsupported_digest',
      how: 'ssha is SHA-1 only',
    },
    {
      source: 'hex MD5 / SHA-1 / SHA-256 / SHA-512 unsalted',
      recognise: '32/40/64/128 hex',
      result: 'unsalted_digest',
      how: 'no WorkOS type',
    },
  ],
};
