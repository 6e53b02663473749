/** bcrypt in its modular-crypt forms ($2a$, $2b$, $2y$, $2x$) and passlib's pre-hashed bcrypt-sha256. */
import { checkBcrypt } from '../limits.js';
import { bcryptRecipe, passlibBcryptSha256Recipe } from '../legacy/recipes.js';
import { withLegacy } from '../legacy/recipe.js';
import { importable, isFlagSet, notImportable, type HashScheme, type SchemeInput } from '../scheme.js';
import { BCRYPT_RE } from '../workos-form.js';
import type { HashClassification } from '../types.js';

const ANY_BCRYPT = /^\$2[abxy]?\$/;

function classifyBcrypt({ hash, params }: SchemeInput): HashClassification {
  const prefix = /^\$(2[abxy]?)\$/.exec(hash)?.[1] ?? '2';
  const source = `bcrypt ($${prefix}$)`;
  if (prefix === '2x') {
    return withLegacy(
      notImportable(
        'legacy_buggy_variant',
        "$2x$ marks crypt_blowfish's pre-2011 sign-extension bug: for passwords with non-ASCII bytes the hash differs from correct bcrypt",
        source,
      ),
      bcryptRecipe(hash, 'ascii-only'),
    );
  }
  if (prefix === '2') {
    return notImportable(
      'unsupported_scheme',
      'the original $2$ bcrypt predates $2a$ and has no WorkOS type',
      source,
    );
  }
  const m = BCRYPT_RE.exec(hash);
  if (!m) {
    return notImportable(
      'malformed',
      'bcrypt needs $2x$, a two-digit cost and 53 characters of ./A-Za-z0-9',
      source,
    );
  }
  const limit = checkBcrypt(Number(m[2]));
  if (limit) return notImportable(limit.reason, limit.detail, source);
  if (isFlagSet(params.pepper)) {
    return withLegacy(
      notImportable(
        'peppered',
        'a pepper was appended to the password before bcrypt (e.g. Devise config.pepper); WorkOS has no pepper input',
        source,
      ),
      // Only a real pepper value can be checked; a yes/no flag says a pepper exists, not what it is.
      /^(true|yes|1)$/i.test(params.pepper!.trim()) ? undefined : bcryptRecipe(hash, 'pepper', params.pepper),
    );
  }
  if (prefix === '2y' && params.bcryptRewrite2y !== 'false') {
    return importable('bcrypt', `$2b$${hash.slice(4)}`, source, [
      'prefix $2y$ rewritten to $2b$ (same algorithm)',
    ]);
  }
  return importable('bcrypt', hash, source);
}

export const bcrypt: HashScheme = {
  id: 'bcrypt',
  detect: ({ hash }) => ANY_BCRYPT.test(hash) || hash.startsWith('$bcrypt-sha256$'),
  classify(input) {
    if (input.hash.startsWith('$bcrypt-sha256$')) {
      return withLegacy(
        notImportable(
          'prehashed',
          'passlib bcrypt_sha256 runs bcrypt over HMAC-SHA256(password); WorkOS bcrypt verifies bcrypt(password)',
          'passlib $bcrypt-sha256$',
        ),
        passlibBcryptSha256Recipe(input.hash),
      );
    }
    return classifyBcrypt(input);
  },
  matrix: [
    {
      source: 'bcrypt `$2a$`/`$2b$` (Rails, Auth0, Go, Supabase, Node)',
      recognise: '`^\\$2[ab]\\$\\d\\d\\$[./A-Za-z0-9]{53}$`',
      result: 'bcrypt',
      how: 'unchanged',
    },
    {
      source: 'bcrypt `$2y$` (PHP, Laravel, Symfony, Drupal 10.1+)',
      recognise: '`$2y$`',
      result: 'bcrypt',
      how: 'prefix rewritten to `$2b$` (same algorithm; `bcryptRewrite2y=false` keeps it)',
    },
    {
      source: 'bcrypt `$2x$`',
      recognise: '`$2x$`',
      result: 'legacy_buggy_variant',
      how: "crypt_blowfish's pre-2011 bug differs from bcrypt for non-ASCII passwords",
    },
    {
      source: 'Devise with `config.pepper`',
      recognise: '`$2a$` + param `pepper`',
      result: 'peppered',
      how: 'the pepper is appended before bcrypt and WorkOS has no pepper input',
    },
    {
      source: 'passlib `$bcrypt-sha256$`',
      recognise: 'prefix',
      result: 'prehashed',
      how: 'bcrypt over HMAC-SHA256 of the password',
    },
  ],
};
