import { SPLIT_NAME_FIELDS, splitNameColumn } from './reshape.js';

const splitNames = splitNameColumn('full_name');
import type { Preset } from './types.js';

/** Supabase Auth's `auth.users` and `auth.identities` (PostgreSQL). */
export const supabase: Preset = {
  name: 'supabase',
  system: 'Supabase Auth',
  source: 'database',
  summary: 'auth.users.encrypted_password (bcrypt), email_confirmed_at → verified, identities → OAuth',
  params: [{ name: 'schema', kind: 'identifier', default: 'auth', description: 'the auth schema' }],
  // PostgreSQL only (jsonb ->>). Soft-deleted users stay behind; the first non-email identity is the
  // provider the user signs in with.
  query:
    'SELECT u.id, u.email, u.encrypted_password, u.email_confirmed_at IS NOT NULL AS email_confirmed, ' +
    "u.raw_user_meta_data->>'full_name' AS full_name, " +
    "(SELECT i.provider FROM {{schema}}.identities i WHERE i.user_id = u.id AND i.provider <> 'email' ORDER BY i.created_at LIMIT 1) AS provider{{workosId}} " +
    'FROM {{schema}}.users u WHERE u.deleted_at IS NULL ORDER BY u.created_at, u.id',
  mapping: {
    fields: {
      localId: 'id',
      email: 'email',
      passwordHash: 'encrypted_password',
      emailVerified: 'email_confirmed',
      oauthProvider: 'provider',
      ...SPLIT_NAME_FIELDS,
    },
  },
  reshape: (record) => {
    // An empty encrypted_password is Supabase's "no password" (OAuth or magic-link users).
    const hash = record.encrypted_password === '' ? undefined : record.encrypted_password;
    return { ...splitNames(record), encrypted_password: hash };
  },
  notes: [
    'Names come from raw_user_meta_data.full_name (what OAuth sign-ups store); change the query if your app keeps others.',
    'Users with deleted_at set are left out.',
  ],
};
