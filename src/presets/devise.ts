import type { Preset } from './types.js';

/** Rails with Devise: the `users` table its devise_create_users migration makes. */
export const devise: Preset = {
  name: 'devise',
  system: 'Ruby on Rails with Devise',
  source: 'database',
  summary: 'users.encrypted_password (bcrypt), confirmed_at → verified, optional pepper',
  params: [
    { name: 'table', kind: 'identifier', default: 'users', description: 'the Devise model table' },
    {
      name: 'pepper',
      kind: 'text',
      description:
        'set when config.pepper is set in config/initializers/devise.rb (any value; it is never printed): peppered hashes cannot be imported',
    },
  ],
  // confirmed_at exists only with :confirmable; drop that column from the query without it.
  query:
    'SELECT u.id, u.email, u.encrypted_password, u.confirmed_at IS NOT NULL AS confirmed{{workosId}} FROM {{table}} u ORDER BY u.id',
  mapping: {
    fields: {
      localId: 'id',
      email: 'email',
      passwordHash: 'encrypted_password',
      emailVerified: 'confirmed',
    },
  },
  // Only whether a pepper exists matters (the registry cannot undo it): its value never leaves here.
  hashParams: ({ params }): Record<string, string> =>
    params.pepper && !/^(false|0|no)$/i.test(params.pepper) ? { pepper: 'true' } : {},
  notes: [
    'Devise keeps no names: add first_name/last_name to the query if your users table has them.',
    'With config.pepper, Devise appends the pepper to the password before bcrypt; WorkOS has no pepper input, so those users need a reset.',
  ],
};
