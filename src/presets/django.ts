import type { Preset } from './types.js';

/** Django's django.contrib.auth `auth_user` (or a custom user model's table with the same columns). */
export const django: Preset = {
  name: 'django',
  system: 'Django (django.contrib.auth)',
  source: 'database',
  summary: 'auth_user: password with its hasher prefix (pbkdf2_sha256$…, argon2$…, bcrypt$…, !unusable)',
  params: [
    {
      name: 'table',
      kind: 'identifier',
      default: 'auth_user',
      description: 'the user table (a custom AUTH_USER_MODEL is usually <app>_user)',
    },
  ],
  query:
    'SELECT u.id, u.username, u.email, u.first_name, u.last_name, u.password, u.is_active, u.date_joined{{workosId}} FROM {{table}} u ORDER BY u.id',
  mapping: {
    fields: {
      localId: 'id',
      email: 'email',
      firstName: 'first_name',
      lastName: 'last_name',
      passwordHash: 'password',
    },
    metadataFields: { username: 'username' },
  },
  notes: [
    'The hasher prefix says how each password was hashed; one table often holds several (users who never logged in since a hasher change keep the old one).',
    'Passwords starting with "!" are unusable (set_unusable_password, SSO-only users): those users need a reset or another sign-in method.',
    'Django does not require an email: users with a blank email are blocked until one is filled in.',
    'Django has no email-verified flag: users are imported unverified (users send-verification, or mark-verified if your app checked emails).',
  ],
};
