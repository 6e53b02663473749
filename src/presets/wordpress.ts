import type { Preset } from './types.js';

/** WordPress's `wp_users`, with names from `wp_usermeta`. */
export const wordpress: Preset = {
  name: 'wordpress',
  system: 'WordPress',
  source: 'database',
  summary: 'wp_users.user_pass (phpass $P$, 6.8+ $wp$ bcrypt, plugin bcrypt), names from wp_usermeta',
  params: [
    { name: 'prefix', kind: 'identifier', default: 'wp_', description: 'the table prefix ($table_prefix)' },
  ],
  query:
    'SELECT u.ID, u.user_login, u.user_email, u.user_pass, u.display_name, ' +
    "(SELECT m.meta_value FROM {{prefix}}usermeta m WHERE m.user_id = u.ID AND m.meta_key = 'first_name' LIMIT 1) AS first_name, " +
    "(SELECT m.meta_value FROM {{prefix}}usermeta m WHERE m.user_id = u.ID AND m.meta_key = 'last_name' LIMIT 1) AS last_name{{workosId}} " +
    'FROM {{prefix}}users u ORDER BY u.ID',
  mapping: {
    fields: {
      localId: 'ID',
      email: 'user_email',
      passwordHash: 'user_pass',
      firstName: 'first_name',
      lastName: 'last_name',
    },
    metadataFields: { userLogin: 'user_login' },
  },
  notes: [
    'phpass ($P$, iterated MD5) and WordPress 6.8+ $wp$ (bcrypt over an HMAC of the password) have no WorkOS type: those users need a reset. Plain $2y$ hashes from security plugins import as bcrypt.',
    'WordPress does not record verified emails: users are imported unverified.',
  ],
};
