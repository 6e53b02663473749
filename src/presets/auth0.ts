import { objects, prop } from './reshape.js';
import type { Preset } from './types.js';

/** An Auth0 bulk user export (NDJSON), joined with the password-hash export Auth0 support provides. */
export const auth0: Preset = {
  name: 'auth0',
  system: 'Auth0',
  source: 'file',
  summary: 'bulk user export NDJSON + the password-hash export (bcrypt) joined by user id',
  params: [
    {
      name: 'hashes',
      kind: 'file',
      description:
        'the password-hash export (NDJSON, one {"_id":{"$oid":…},"passwordHash":…} per user) from an Auth0 support request; without it every database user needs a reset',
    },
  ],
  layout: { format: 'ndjson' },
  mapping: {
    fields: {
      localId: 'user_id',
      email: 'email',
      emailVerified: 'email_verified',
      firstName: 'given_name',
      lastName: 'family_name',
      passwordHash: 'password_hash',
      oauthProvider: 'provider',
    },
  },
  // The hash export names a user by the id after "auth0|" in the user export's user_id.
  join: {
    param: 'hashes',
    keyOf: (row) => {
      const id = prop(row, '_id');
      const oid = prop(id, '$oid') ?? id;
      return typeof oid === 'string' ? oid : undefined;
    },
    userKey: (record) => {
      const id = record.user_id;
      return typeof id === 'string' && id.startsWith('auth0|') ? id.slice('auth0|'.length) : undefined;
    },
  },
  reshape: (record, ctx) => {
    const id = typeof record.user_id === 'string' ? record.user_id : '';
    const key = auth0.join!.userKey(record);
    const hash = key === undefined ? undefined : prop(ctx.joined?.get(key), 'passwordHash');
    // A social user's user_id is "<connection>|<id>" (google-oauth2|…); the identities list says the same.
    const connection = id.includes('|')
      ? id.slice(0, id.indexOf('|'))
      : prop(objects(record.identities)[0], 'provider');
    return {
      ...record,
      password_hash: typeof hash === 'string' ? hash : undefined,
      provider: connection === 'auth0' || connection === 'email' ? undefined : connection,
    };
  },
  notes: [
    'Request the password-hash export from Auth0 support; it covers database-connection users only.',
    'Export users with the fields user_id, email, email_verified, given_name, family_name (Management API export job, format json).',
  ],
};
