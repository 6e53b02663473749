import { objects, prop } from './reshape.js';
import type { Preset } from './types.js';

/** A Keycloak realm export (`kc.sh export`, or the admin console's partial export with users). */
export const keycloak: Preset = {
  name: 'keycloak',
  system: 'Keycloak',
  source: 'file',
  summary:
    'realm export JSON: users[] with credentials[] (pbkdf2-sha256/-sha512, argon2) and federatedIdentities',
  params: [],
  layout: { format: 'json', usersAt: 'users' },
  mapping: {
    fields: {
      localId: 'id',
      email: 'email',
      firstName: 'firstName',
      lastName: 'lastName',
      emailVerified: 'emailVerified',
      passwordHash: 'password_credential',
      oauthProvider: 'identity_provider',
    },
    metadataFields: { username: 'username' },
  },
  // The hash registry reads a credential as the JSON of its secretData and credentialData; the
  // first password credential is the one Keycloak checks (credentials are ordered by priority).
  reshape: (record) => {
    const password = objects(record.credentials).find((c) => c.type === 'password');
    const identity = objects(record.federatedIdentities)[0];
    return {
      ...record,
      password_credential: password
        ? JSON.stringify({ secretData: password.secretData, credentialData: password.credentialData })
        : undefined,
      identity_provider: prop(identity, 'identityProvider'),
    };
  },
  notes: [
    'Keycloak up to version 23 hashes with pbkdf2-sha256 at 27,500 iterations, below the WorkOS range: those users need a reset. Version 24+ (pbkdf2-sha512, 210,000) and argon2 (25+) import.',
    'Export with users in the realm file (kc.sh export --realm NAME --users realm_file) or give each realm-users-N.json file in turn.',
  ],
};
