import { usageError } from '../errors/index.js';
import { objects, prop, SPLIT_NAME_FIELDS, splitNameColumn } from './reshape.js';

const splitNames = splitNameColumn('displayName');
import type { Preset } from './types.js';

/** `firebase auth:export users.json --format=json` with the project's password hash parameters. */
export const firebase: Preset = {
  name: 'firebase',
  system: 'Firebase Authentication',
  source: 'file',
  summary: 'auth:export JSON (users[], modified scrypt) + the project hash config',
  params: [
    {
      name: 'hash-config',
      kind: 'file',
      required: true,
      description:
        "the project's password hash parameters as the console shows them (hash_config { base64_signer_key: …, base64_salt_separator: …, rounds: 8, mem_cost: 14 }) or as JSON",
    },
  ],
  layout: { format: 'json', usersAt: 'users' },
  mapping: {
    fields: {
      localId: 'localId',
      email: 'email',
      emailVerified: 'emailVerified',
      passwordHash: 'passwordHash',
      ...SPLIT_NAME_FIELDS,
      oauthProvider: 'provider',
    },
    constants: { passwordAlgorithm: 'firebase-scrypt' },
    hashParamFields: { salt: 'salt' },
  },
  hashParams: (ctx, files) => {
    const config = parseHashConfig(files['hash-config'] ?? '');
    const missing = Object.entries(CONFIG_NAMES).filter(([key]) => config[key] === undefined);
    // Refused before the first user: without these every hash would read as malformed.
    if (missing.length > 0)
      throw usageError(
        `--param hash-config=${ctx.params['hash-config']} lacks ${missing.map(([, name]) => name).join(', ')}: copy the whole hash_config block from the Firebase console`,
      );
    return config;
  },
  reshape: (record) => {
    // "password" is Firebase's own email/password provider; the first other one is the social sign-in.
    const social = objects(record.providerUserInfo).find((p) => p.providerId !== 'password');
    const provider = prop(social, 'providerId');
    return {
      ...splitNames(record),
      provider: typeof provider === 'string' ? provider.replace(/\.com$/, '') : undefined,
    };
  },
  notes: [
    'The hash config is in the Firebase console: Authentication → Users → ⋮ → Password hash parameters.',
    'Phone-only and anonymous users have no email: they are blocked until one is added.',
  ],
};

/** The hash parameters a Firebase project has, by the name the console gives them. */
const CONFIG_NAMES: Record<string, string> = {
  firebaseSignerKey: 'base64_signer_key',
  firebaseSaltSeparator: 'base64_salt_separator',
  firebaseRounds: 'rounds',
  firebaseMemCost: 'mem_cost',
};

const CONFIG_KEYS: Record<string, string> = {
  base64_signer_key: 'firebaseSignerKey',
  signerkey: 'firebaseSignerKey',
  base64_salt_separator: 'firebaseSaltSeparator',
  saltseparator: 'firebaseSaltSeparator',
  rounds: 'firebaseRounds',
  mem_cost: 'firebaseMemCost',
  memorycost: 'firebaseMemCost',
};

/** The console's `hash_config { key: value, … }` block or a JSON object, to hash parameters. */
export function parseHashConfig(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/"?([A-Za-z_0-9]+)"?\s*:\s*"?([^\s,"}]+)"?/g)) {
    const key = CONFIG_KEYS[m[1]!.toLowerCase()];
    if (key) out[key] = m[2]!;
  }
  return out;
}
