/** crypt(3)-style strings from PHP apps and Unix systems that have no WorkOS type. */
import { bcryptRecipe, phpassRecipe } from '../legacy/recipes.js';
import { withLegacy, type LegacyRecipe } from '../legacy/recipe.js';
import { notImportable, type HashScheme } from '../scheme.js';

interface Legacy {
  re: RegExp;
  source: string;
  prehashed?: boolean;
  detail: string;
  /** How a login can check the password locally, when it can. */
  recipe?: (hash: string) => LegacyRecipe | undefined;
}

const LEGACY: Legacy[] = [
  {
    re: /^\$wp\$/,
    source: 'WordPress 6.8+ $wp$',
    prehashed: true,
    detail:
      "WordPress 6.8 runs bcrypt over base64(HMAC-SHA384('wp-sha384', password)); WorkOS bcrypt verifies bcrypt(password)",
    recipe: (hash) => bcryptRecipe(hash.slice('$wp'.length), 'wp-hmac-sha384'),
  },
  {
    re: /^U\$[PHS]\$/,
    source: 'Drupal 7 U$ (upgraded Drupal 6 MD5)',
    prehashed: true,
    detail: 'Drupal 7 re-hashed the Drupal 6 md5(password), so the input was already a digest',
  },
  {
    re: /^\$[PH]\$/,
    source: 'phpass $P$/$H$ (WordPress, phpBB)',
    detail: 'iterated MD5 (phpass portable hashes) has no WorkOS type',
    recipe: phpassRecipe,
  },
  {
    re: /^\$S\$/,
    source: 'Drupal 7 $S$',
    detail: 'iterated SHA-512 with custom base64 has no WorkOS type',
    recipe: phpassRecipe,
  },
  { re: /^\$(1|apr1|md5)\$/, source: 'md5-crypt $1$', detail: 'MD5-crypt has no WorkOS type' },
  { re: /^\$[56]\$/, source: 'sha-crypt $5$/$6$', detail: 'SHA-256/512-crypt has no WorkOS type' },
  {
    re: /^\$(y|gy|7)\$/,
    source: 'yescrypt / crypt scrypt',
    detail: 'yescrypt and crypt(3) scrypt have no WorkOS type',
  },
  { re: /^\$sha1\$/, source: 'NetBSD sha1-crypt', detail: 'HMAC-SHA1 crypt has no WorkOS type' },
];

export const cryptLegacy: HashScheme = {
  id: 'crypt-legacy',
  detect: ({ hash }) => LEGACY.some((l) => l.re.test(hash)),
  classify({ hash }) {
    const l = LEGACY.find((x) => x.re.test(hash))!;
    return withLegacy(
      notImportable(l.prehashed ? 'prehashed' : 'unsupported_scheme', l.detail, l.source),
      l.recipe?.(hash),
    );
  },
  matrix: [
    {
      source: 'WordPress `$P$` (phpass), phpBB `$H$`',
      recognise: 'prefix',
      result: 'unsupported_scheme',
      how: 'iterated MD5',
    },
    {
      source: 'WordPress 6.8+ `$wp$2y$`',
      recognise: 'prefix',
      result: 'prehashed',
      how: 'bcrypt over HMAC-SHA384 of the password (plain `$2y$` from plugins is bcrypt)',
    },
    {
      source: 'Drupal 7 `$S$` (Drupal 10.1+ `$2y$` is bcrypt)',
      recognise: 'prefix',
      result: 'unsupported_scheme',
      how: 'iterated SHA-512 with custom base64',
    },
    {
      source: 'Drupal 7 `U$P$`',
      recognise: 'prefix',
      result: 'prehashed',
      how: 'phpass over a Drupal 6 MD5 digest',
    },
    {
      source: 'crypt(3) `$1$`, `$5$`, `$6$`, `$y$`',
      recognise: 'prefix',
      result: 'unsupported_scheme',
      how: 'MD5/SHA-crypt/yescrypt have no WorkOS type',
    },
  ],
};
