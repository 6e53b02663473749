import { SPLIT_NAME_FIELDS, splitNameColumn } from './reshape.js';
import type { Preset } from './types.js';

/** Better Auth's core schema: `user`, and `account` rows per sign-in method. */
export const betterAuth: Preset = {
  name: 'better-auth',
  system: 'Better Auth',
  source: 'database',
  quoted: true,
  summary: 'user + account (providerId credential: scrypt salt:key; others: OAuth)',
  params: [],
  // "user" is reserved in PostgreSQL and Better Auth's adapters create camelCase names: quote them.
  query:
    'SELECT u."id", u."name", u."email", u."emailVerified", ' +
    '(SELECT a."password" FROM "account" a WHERE a."userId" = u."id" AND a."providerId" = \'credential\' LIMIT 1) AS "password", ' +
    '(SELECT a."providerId" FROM "account" a WHERE a."userId" = u."id" AND a."providerId" <> \'credential\' ORDER BY a."createdAt" LIMIT 1) AS "provider"{{workosId}} ' +
    'FROM "user" u ORDER BY u."createdAt", u."id"',
  mapping: {
    fields: {
      localId: 'id',
      email: 'email',
      emailVerified: 'emailVerified',
      passwordHash: 'password',
      oauthProvider: 'provider',
      ...SPLIT_NAME_FIELDS,
    },
  },
  reshape: splitNameColumn('name'),
  notes: [
    "Better Auth's scrypt (N=16384, r=16, p=1, 64-byte key) imports as WorkOS scrypt; it NFKC-normalises passwords first, which matters only for passwords with compatibility characters.",
    'On MySQL, replace the double quotes with backticks.',
  ],
};
