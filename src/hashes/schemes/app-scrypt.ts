/**
 * Raw scrypt keys whose parameters live in the application, not in the string: Better Auth's
 * `saltHex:keyHex`, and `salt:key` / `salt$key` pairs from Node crypto.scrypt or Go x/crypto with
 * the app's parameters given as scryptN/scryptR/scryptP (scryptKeyLength to double-check).
 */
import { fromBase64, fromHex, utf8 } from '../encoding.js';
import { intParam, notImportable, type HashScheme, type SchemeInput } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { scryptResult } from './kdf-results.js';

const BETTER_AUTH = /^[0-9a-f]{32}:(?:[0-9a-f]{64}|[0-9a-f]{128})$/;
const PAIR = /^([A-Za-z0-9+/=]+)[:$]([A-Za-z0-9+/=]+)$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

function decode(text: string, encoding: string | undefined): Buffer | undefined {
  if (encoding === 'utf8' || encoding === 'utf-8') return utf8(text);
  if (encoding === 'hex' || (encoding === undefined && HEX.test(text))) return fromHex(text);
  return fromBase64(text);
}

function betterAuth(hash: string): HashClassification {
  const [saltText, keyHex] = hash.split(':') as [string, string];
  const key = fromHex(keyHex)!;
  const notes = [
    'Better Auth NFKC-normalises passwords before hashing; passwords that change under NFKC verify only if WorkOS normalises too (unverified)',
  ];
  if (key.length === 32) notes.push('32-byte key (a 2024 Better Auth release): kl=32');
  // The salt is the 32-character hex text itself, not the 16 bytes it spells.
  return scryptResult(
    { n: 16384, r: 16, p: 1, salt: utf8(saltText), hash: key },
    'Better Auth scrypt',
    notes,
  );
}

function appScrypt({ hash, params }: SchemeInput): HashClassification {
  const source = 'scrypt key with app parameters';
  const n = intParam(params.scryptN);
  const r = intParam(params.scryptR) ?? 8;
  const p = intParam(params.scryptP) ?? 1;
  if (n === undefined) return notImportable('malformed', 'scryptN must be an integer', source);
  const pair = PAIR.exec(hash);
  const saltText = pair ? pair[1]! : params.salt;
  const keyText = pair ? pair[2]! : hash;
  if (saltText === undefined) {
    return notImportable('malformed', 'no salt: expected salt:key or salt$key, or a salt parameter', source);
  }
  const saltEncoding = params.saltEncoding ?? (pair ? undefined : 'utf8');
  const salt = decode(saltText, saltEncoding);
  const key = decode(keyText, undefined);
  if (!salt || !key) return notImportable('malformed', 'salt or key is neither hex nor base64', source);
  const kl = intParam(params.scryptKeyLength);
  if (kl !== undefined && kl !== key.length) {
    return notImportable(
      'malformed',
      `scryptKeyLength=${kl} but the stored key is ${key.length} bytes`,
      source,
    );
  }
  return scryptResult({ n, r, p, salt, hash: key }, source);
}

export const appScryptScheme: HashScheme = {
  id: 'app-scrypt',
  detect: ({ hash, params }) =>
    params.scryptN !== undefined
      ? PAIR.test(hash) || (params.salt !== undefined && /^[A-Za-z0-9+/=]+$/.test(hash))
      : BETTER_AUTH.test(hash),
  classify: (input) => (input.params.scryptN === undefined ? betterAuth(input.hash) : appScrypt(input)),
  matrix: [
    {
      source: 'Better Auth `saltHex:keyHex`',
      recognise: '`^[0-9a-f]{32}:[0-9a-f]{128}$` (or 64 for 32-byte keys)',
      result: 'scrypt',
      how: "N=16384, r=16, p=1, kl = key length; the salt is the 32-char hex text's ASCII bytes; Better Auth NFKC-normalises the password first (noted)",
    },
    {
      source: 'Node `crypto.scrypt` / Go x/crypto raw keys',
      recognise: '`salt:key` or `salt$key` + params `scryptN`, `scryptR`, `scryptP` (`saltEncoding`)',
      result: 'scrypt',
      how: "from the app's known parameters; hex or base64 parts decoded",
    },
  ],
};
