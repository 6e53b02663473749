import { MigratorError } from '../errors/index.js';
import { parse as parseYaml } from 'yaml';

/** MigrationUser fields a mapping can fill from a record. */
export const MAPPED_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'emailVerified',
  'localId',
  'externalId',
  'workosUserId',
  'passwordHash',
  'passwordAlgorithm',
  'oauthProvider',
  'metadata',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/**
 * How an export's shape becomes MigrationUser fields. Paths are dotted (`profile.name.first`); a
 * literal key containing dots still matches first, so flat CSV headers like `user.email` work too.
 */
export interface FieldMapping {
  /** Field → the record path holding it. Unlisted fields fall back to the built-in aliases. */
  fields: Partial<Record<MappedField, string>>;
  /** Field → a value used for every user (e.g. `passwordAlgorithm: firebase-scrypt`). */
  constants: Partial<Record<MappedField, string | boolean>>;
  /** Hash inputs that apply to every user: a Firebase project's signer key, salt separator, rounds, mem_cost. */
  hashParams: Record<string, string>;
  /** Per-user hash inputs: parameter name → record path (a salt column…). */
  hashParamFields: Record<string, string>;
  /** Metadata key → record path, merged over any `metadata` object the record has. */
  metadataFields: Record<string, string>;
}

/** The seed's camelCase names and their snake_case twins, tried in order. */
export const DEFAULT_ALIASES: Record<MappedField, readonly string[]> = {
  email: ['email', 'email_address', 'emailAddress'],
  firstName: ['firstName', 'first_name', 'given_name'],
  lastName: ['lastName', 'last_name', 'family_name'],
  emailVerified: ['emailVerified', 'email_verified'],
  localId: ['localId', 'local_id', 'id', 'localID', 'uid'],
  externalId: ['externalId', 'external_id'],
  workosUserId: ['workosUserId', 'workos_user_id', 'workosId', 'workos_id'],
  passwordHash: ['passwordHash', 'password_hash'],
  passwordAlgorithm: [
    'passwordAlgorithm',
    'password_algorithm',
    'passwordHashType',
    'password_hash_type',
    'hashAlgorithm',
    'hash_algorithm',
  ],
  oauthProvider: ['oauthProvider', 'oauth_provider', 'provider'],
  metadata: ['metadata'],
};

/** Per-user hash inputs picked up without a mapping file (Firebase exports carry a `salt` column). */
export const DEFAULT_HASH_PARAM_ALIASES: Record<string, readonly string[]> = {
  salt: ['salt', 'passwordSalt', 'password_salt'],
};

export const EMPTY_MAPPING: FieldMapping = {
  fields: {},
  constants: {},
  hashParams: {},
  hashParamFields: {},
  metadataFields: {},
};

/** A mapping file that cannot be used; the message names the file and the key. */
export class MappingError extends MigratorError {
  override name = 'MappingError';
  constructor(message: string, options?: ErrorOptions) {
    super('mapping', message, options);
  }
}

const TOP_LEVEL = new Set(['fields', 'constants', 'hashParams', 'hashParamFields', 'metadata']);

/** Parses a YAML or JSON mapping file's text (YAML is a superset of JSON). Pure: the caller reads the file. */
export function parseMapping(text: string, fileName: string): FieldMapping {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new MappingError(`${fileName}: not valid YAML/JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) return EMPTY_MAPPING;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new MappingError(`${fileName}: expected a mapping with keys ${[...TOP_LEVEL].join(', ')}`);
  }
  const root = doc as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL.has(key)) {
      throw new MappingError(`${fileName}: unknown key "${key}"; allowed: ${[...TOP_LEVEL].join(', ')}`);
    }
  }
  const fields = withFieldAliases(stringTable(root.fields, fileName, 'fields'));
  const constants = withFieldAliases(scalarTable(root.constants, fileName, 'constants'));
  for (const key of [...Object.keys(fields), ...Object.keys(constants)]) {
    if (!(MAPPED_FIELDS as readonly string[]).includes(key)) {
      throw new MappingError(
        `${fileName}: "${key}" is not a user field; use one of ${MAPPED_FIELDS.join(', ')}`,
      );
    }
  }
  const hashParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(scalarTable(root.hashParams, fileName, 'hashParams')))
    hashParams[k] = String(v);
  return {
    fields: fields as FieldMapping['fields'],
    constants: constants as FieldMapping['constants'],
    hashParams,
    hashParamFields: stringTable(root.hashParamFields, fileName, 'hashParamFields'),
    metadataFields: stringTable(root.metadata, fileName, 'metadata'),
  };
}

/** `workosId` is what people call the column dual-write fills; the field is `workosUserId`. */
function withFieldAliases<T>(table: Record<string, T>): Record<string, T> {
  if (!Object.hasOwn(table, 'workosId')) return table;
  const { workosId, ...rest } = table;
  return { workosUserId: workosId!, ...rest };
}

function scalarTable(value: unknown, fileName: string, key: string): Record<string, string | boolean> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MappingError(`${fileName}: "${key}" must be a table of name: value`);
  }
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
    else throw new MappingError(`${fileName}: ${key}.${k} must be a string, number or boolean`);
  }
  return out;
}

function stringTable(value: unknown, fileName: string, key: string): Record<string, string> {
  const table = scalarTable(value, fileName, key);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(table)) {
    if (typeof v !== 'string' || v === '') {
      throw new MappingError(`${fileName}: ${key}.${k} must be a record path such as "profile.email"`);
    }
    out[k] = v;
  }
  return out;
}
