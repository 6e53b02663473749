/** Django's `algorithm$…` password strings. Salts are text: their UTF-8 bytes are the KDF salt. */
import { fromBase64, utf8 } from '../encoding.js';
import { bcryptRecipe, digestRecipe } from '../legacy/recipes.js';
import { withLegacy } from '../legacy/recipe.js';
import { notImportable, wrapped, type HashScheme, type SchemeInput } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { classifyArgon2Phc } from './argon2.js';
import { pbkdf2Result, scryptResult } from './kdf-results.js';

const PREFIX =
  /^(pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5|crypt|unsalted_md5|unsalted_sha1)\$/;

function pbkdf2(rest: string, digest: 'sha256' | 'sha1'): HashClassification {
  const source = `Django pbkdf2_${digest}`;
  const [iterText, salt, hashText, extra] = rest.split('$');
  if (!iterText || !salt || !hashText || extra !== undefined || !/^\d+$/.test(iterText)) {
    return notImportable('malformed', 'expected pbkdf2_sha256$iterations$salt$hash', source);
  }
  const hash = fromBase64(hashText);
  if (!hash) return notImportable('malformed', 'the hash part is not base64', source);
  return pbkdf2Result({ digest, iterations: Number(iterText), salt: utf8(salt), hash }, source);
}

function scrypt(rest: string): HashClassification {
  const source = 'Django scrypt';
  // Django puts the salt between N and r: scrypt$N$salt$r$p$hash.
  const [nText, salt, rText, pText, hashText, extra] = rest.split('$');
  const ints = [nText, rText, pText].map((t) => (t && /^\d+$/.test(t) ? Number(t) : undefined));
  if (ints.includes(undefined) || !salt || !hashText || extra !== undefined) {
    return notImportable('malformed', 'expected scrypt$N$salt$r$p$hash', source);
  }
  const hash = fromBase64(hashText);
  if (!hash) return notImportable('malformed', 'the hash part is not base64', source);
  const [n, r, p] = ints as number[];
  return scryptResult({ n: n!, r: r!, p: p!, salt: utf8(salt), hash }, source);
}

function saltedDigest(algo: 'sha1' | 'md5', rest: string): HashClassification {
  const [salt, hex] = rest.split('$');
  if (salt === undefined || !hex || !/^[0-9a-f]+$/i.test(hex)) {
    return notImportable('malformed', `expected ${algo}$salt$hex`, `Django ${algo}`);
  }
  // Django hashes salt ‖ password, with the salt's text as bytes.
  const recipe = digestRecipe(algo, hex, utf8(salt), 'salt-password');
  if (salt === '') {
    return withLegacy(
      notImportable(
        'unsalted_digest',
        `unsalted ${algo.toUpperCase()} digest: no WorkOS type`,
        `Django unsalted_${algo}`,
      ),
      recipe,
    );
  }
  if (algo === 'md5')
    return withLegacy(
      notImportable('unsupported_digest', 'salted MD5: no WorkOS type', 'Django md5'),
      recipe,
    );
  return withLegacy(
    notImportable(
      'wrong_salt_order',
      'Django sha1 is sha1(salt + password); WorkOS ssha computes sha1(password + salt)',
      'Django sha1',
    ),
    recipe,
  );
}

export const django: HashScheme = {
  id: 'django',
  detect: ({ hash }) => PREFIX.test(hash),
  classify(input: SchemeInput) {
    const algo = PREFIX.exec(input.hash)![1]!;
    const rest = input.hash.slice(algo.length + 1);
    switch (algo) {
      case 'pbkdf2_sha256':
        return pbkdf2(rest, 'sha256');
      case 'pbkdf2_sha1':
        return pbkdf2(rest, 'sha1');
      case 'scrypt':
        return scrypt(rest);
      case 'argon2':
        return classifyArgon2Phc(input.hash.slice('argon2'.length), 'Django argon2');
      case 'bcrypt':
        return wrapped(input.classifyInner(rest), 'Django bcrypt', 'bcrypt', 'stripped the `bcrypt$` prefix');
      case 'bcrypt_sha256':
        return withLegacy(
          notImportable(
            'prehashed',
            'Django bcrypt_sha256 runs bcrypt over hex(sha256(password)); WorkOS bcrypt verifies bcrypt(password)',
            'Django bcrypt_sha256',
          ),
          bcryptRecipe(rest, 'sha256-hex'),
        );
      case 'sha1':
      case 'md5':
        return saltedDigest(algo, rest);
      case 'unsalted_sha1':
      case 'unsalted_md5':
        return withLegacy(
          notImportable('unsalted_digest', 'unsalted digest: no WorkOS type', `Django ${algo}`),
          digestRecipe(
            algo.slice('unsalted_'.length) as 'sha1' | 'md5',
            rest,
            Buffer.alloc(0),
            'password-salt',
          ),
        );
      default:
        return notImportable(
          'unsupported_scheme',
          'Django crypt (DES crypt(3)) has no WorkOS type',
          'Django crypt',
        );
    }
  },
  matrix: [
    {
      source: 'Django `pbkdf2_sha256$N$salt$b64`',
      recognise: 'prefix',
      result: 'pbkdf2 / parameters_out_of_range',
      how: "`$pbkdf2$i=N,d=sha256$B64(utf8 salt text)$B64(decoded hash)` if 600,000 ≤ N ≤ 1,000,000 (Django 3.2's 260,000 and 6.x's 1,200,000+ are out of range)",
    },
    {
      source: 'Django `pbkdf2_sha1$`',
      recognise: 'prefix',
      result: 'unsupported_digest',
      how: 'PBKDF2-HMAC-SHA1',
    },
    {
      source: 'Django `sha1$salt$hex`',
      recognise: 'prefix',
      result: 'wrong_salt_order',
      how: 'sha1(salt + password); ssha is sha1(password + salt)',
    },
    {
      source: 'Django `md5$salt$hex`',
      recognise: 'prefix',
      result: 'unsupported_digest',
      how: 'salted MD5',
    },
    {
      source: 'Django `sha1$$hex`, `md5$$hex`, unsalted',
      recognise: 'empty salt',
      result: 'unsalted_digest',
      how: 'unsalted SHA-1/MD5',
    },
    {
      source: 'Django `argon2$argon2…`',
      recognise: 'prefix',
      result: 'argon2 / parameters_out_of_range',
      how: 'strip the leading `argon2`; old argon2i defaults (m=512, t=2) are out of range',
    },
    { source: 'Django `bcrypt$…`', recognise: 'prefix', result: 'bcrypt', how: 'strip `bcrypt$`' },
    {
      source: 'Django `bcrypt_sha256$…`',
      recognise: 'prefix',
      result: 'prehashed',
      how: 'bcrypt over hex(sha256(password))',
    },
    {
      source: 'Django `scrypt$N$salt$r$p$hash`',
      recognise: 'prefix (salt sits between N and r)',
      result: 'scrypt',
      how: '`$scrypt$v=1$n=N,r=r,p=p,kl=64$B64(utf8 salt)$B64(decoded hash)`',
    },
    { source: 'Django `crypt$`', recognise: 'prefix', result: 'unsupported_scheme', how: 'DES crypt(3)' },
  ],
};
