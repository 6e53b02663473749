import { SPLIT_NAME_FIELDS, splitNameColumn } from './reshape.js';
import type { Preset } from './types.js';

/** Laravel's `users` table from its create_users_table migration. */
export const laravel: Preset = {
  name: 'laravel',
  system: 'Laravel',
  source: 'database',
  summary: 'users.password ($2y$ bcrypt or argon2), email_verified_at → verified, name split in two',
  params: [{ name: 'table', kind: 'identifier', default: 'users', description: 'the users table' }],
  query:
    'SELECT u.id, u.name, u.email, u.email_verified_at IS NOT NULL AS email_verified, u.password{{workosId}} FROM {{table}} u ORDER BY u.id',
  mapping: {
    fields: {
      localId: 'id',
      email: 'email',
      emailVerified: 'email_verified',
      passwordHash: 'password',
      ...SPLIT_NAME_FIELDS,
    },
  },
  reshape: splitNameColumn('name'),
  notes: [
    'Laravel keeps one name column: its first word becomes the first name, the rest the last name.',
    "PHP's $2y$ bcrypt is imported as $2b$ (the same algorithm).",
  ],
};
