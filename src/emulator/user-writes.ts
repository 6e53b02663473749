import { ApiError, badRequest, validationError, withErrors } from './errors.js';
import { recordEvent } from './events.js';
import { formatUser } from './format.js';
import { newId } from './ids.js';
import { checkImportedHash, hashPlaintext, isWorkosHashType, passwordStrengthProblems } from './passwords.js';
import { nowIso, optionalString } from './request-body.js';
import type { StoredUser } from './store.js';
import type { World } from './world.js';

/** Spec limits (authority over the docs' stricter 10 pairs / 64 chars, see docs/workos-contract.md#metadata-and-external-id-limits). */
export const METADATA_MAX_KEYS = 50;
export const METADATA_MAX_KEY_LENGTH = 40;
export const METADATA_MAX_VALUE_LENGTH = 600;
export const EXTERNAL_ID_MAX_LENGTH = 128;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalidMetadata(why: string): ApiError {
  return badRequest('invalid_metadata', `Invalid metadata: ${why}.`);
}

/** Validates `metadata`; on update, `null` values delete keys (docs) and the result is merged. */
export function resolveMetadata(
  value: unknown,
  current: Record<string, string>,
  merge: boolean,
): Record<string, string> {
  if (value === undefined) return current;
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidMetadata('it must be an object of string values');
  const entries = Object.entries(value as Record<string, unknown>);
  const next: Record<string, string> = merge && entries.length > 0 ? { ...current } : {};
  for (const [key, v] of entries) {
    if (key.length > METADATA_MAX_KEY_LENGTH)
      throw invalidMetadata(`key '${key.slice(0, 50)}' is longer than ${METADATA_MAX_KEY_LENGTH} characters`);
    if (v === null && merge) {
      delete next[key];
      continue;
    }
    if (typeof v !== 'string') throw invalidMetadata(`the value of '${key}' must be a string`);
    if (v.length > METADATA_MAX_VALUE_LENGTH)
      throw invalidMetadata(`the value of '${key}' is longer than ${METADATA_MAX_VALUE_LENGTH} characters`);
    next[key] = v;
  }
  if (Object.keys(next).length > METADATA_MAX_KEYS)
    throw invalidMetadata(`more than ${METADATA_MAX_KEYS} keys`);
  return next;
}

/** The password group: `password`, or `password_hash` + `password_hash_type`, never both. */
export async function resolvePassword(
  body: Record<string, unknown>,
): Promise<StoredUser['password'] | undefined> {
  const { password, password_hash: hash, password_hash_type: type } = body;
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(password) && has(hash))
    throw badRequest(
      'password_and_password_hash_provided',
      'Provide either password or password_hash, not both.',
    );
  if (has(password) && has(type))
    throw badRequest(
      'password_and_password_hash_type_provided',
      'password_hash_type goes with password_hash; it cannot be combined with password.',
    );
  if (has(password)) {
    if (typeof password !== 'string') throw validationError("'password' must be a string.");
    const problems = passwordStrengthProblems(password);
    if (problems.length)
      throw withErrors('password_strength_error', 'Password does not meet strength requirements.', problems);
    return hashPlaintext(password);
  }
  if (has(hash) || has(type)) {
    if (typeof hash !== 'string' || hash === '')
      throw validationError("'password_hash' is required when 'password_hash_type' is given.");
    if (!has(type)) throw validationError("'password_hash_type' is required when 'password_hash' is given.");
    if (!isWorkosHashType(type))
      throw validationError(
        "'password_hash_type' must be one of bcrypt, firebase-scrypt, ssha, scrypt, pbkdf2, argon2.",
      );
    const checked = checkImportedHash(hash, type);
    // The reason comes from the registry and never contains the hash itself.
    if (!checked.ok)
      throw badRequest(
        'invalid_password_hash',
        `The password_hash is not a valid ${type} hash: ${checked.reason}.`,
      );
    return { hash: checked.hash, type };
  }
  return undefined;
}

function resolveExternalId(world: World, value: unknown, selfId?: string): string | null | undefined {
  const externalId = optionalString({ external_id: value }, 'external_id', EXTERNAL_ID_MAX_LENGTH);
  if (typeof externalId === 'string') {
    const owner = world.store.userByExternalId(externalId);
    if (owner && owner.id !== selfId)
      throw badRequest('external_id_already_used', 'The external_id is already assigned to another user.');
  }
  return externalId;
}

function resolveBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw validationError(`'${field}' must be a boolean.`);
  return v;
}

function duplicateEmail(world: World): ApiError {
  if (world.config.duplicateEmail === '409')
    return new ApiError(409, {
      code: 'user_already_exists',
      message: 'A user with this email already exists.',
    });
  return withErrors('user_creation_error', 'Could not create user.', [
    { code: 'email_not_available', message: 'This email is not available.' },
  ]);
}

/** Creates a user from a create-user body; shared by the API route, seeding and sign-up flows. */
export async function createUser(
  world: World,
  body: Record<string, unknown>,
  options: { allowCaseVariant?: boolean } = {},
): Promise<StoredUser> {
  const email = body.email;
  if (typeof email !== 'string' || email === '')
    throw validationError("'email' is required and must be a string.");
  if (!EMAIL_SHAPE.test(email)) throw validationError(`'email' is not a valid email address.`);
  const firstName = optionalString(body, 'first_name');
  const lastName = optionalString(body, 'last_name');
  const emailVerified = resolveBoolean(body, 'email_verified');
  const metadata = resolveMetadata(body.metadata, {}, false);
  const externalId = resolveExternalId(world, body.external_id);
  const password = await resolvePassword(body);
  // Uniqueness is checked (again) after the only await, so two racing creates cannot both pass.
  resolveExternalId(world, body.external_id);
  const taken = world.store.userByEmail(email);
  if (taken && !(options.allowCaseVariant && taken.email !== email)) throw duplicateEmail(world);
  const now = nowIso();
  const user: StoredUser = {
    id: newId('user'),
    email,
    email_verified: emailVerified ?? false,
    first_name: firstName ?? null,
    last_name: lastName ?? null,
    profile_picture_url: null,
    external_id: externalId ?? null,
    last_sign_in_at: null,
    locale: null,
    metadata,
    created_at: now,
    updated_at: now,
    ...(password ? { password } : {}),
  };
  world.store.putUser(user);
  recordEvent(world.store, 'user.created', formatUser(user));
  world.store.changed();
  return user;
}

export async function updateUser(
  world: World,
  user: StoredUser,
  body: Record<string, unknown>,
): Promise<StoredUser> {
  const next: StoredUser = { ...user };
  const email = optionalString(body, 'email');
  if (typeof email === 'string' && email !== user.email) {
    if (!EMAIL_SHAPE.test(email)) throw badRequest('invalid_email', `'email' is not a valid email address.`);
    const owner = world.store.userByEmail(email);
    if (owner && owner.id !== user.id)
      throw badRequest('email_not_available', 'This email is not available.');
    if (email.toLowerCase() !== user.email.toLowerCase()) next.email_verified = false;
    next.email = email;
  }
  const firstName = optionalString(body, 'first_name');
  if (firstName !== undefined) next.first_name = firstName;
  const lastName = optionalString(body, 'last_name');
  if (lastName !== undefined) next.last_name = lastName;
  const locale = optionalString(body, 'locale');
  if (locale !== undefined) next.locale = locale;
  const emailVerified = resolveBoolean(body, 'email_verified');
  if (emailVerified === false && user.email_verified && next.email === user.email)
    throw badRequest(
      'email_already_verified',
      'The email is already verified and cannot be marked unverified.',
    );
  if (emailVerified !== undefined) next.email_verified = emailVerified;
  if (body.external_id !== undefined)
    next.external_id = resolveExternalId(world, body.external_id, user.id) ?? null;
  next.metadata = resolveMetadata(body.metadata, user.metadata, true);
  const password = await resolvePassword(body);
  if (password) next.password = password;
  // Re-check after the await: another request may have taken the email or external_id meanwhile.
  if (body.external_id !== undefined) resolveExternalId(world, body.external_id, user.id);
  const owner = world.store.userByEmail(next.email);
  if (owner && owner.id !== user.id) throw badRequest('email_not_available', 'This email is not available.');
  next.updated_at = nowIso();
  world.store.putUser(next);
  recordEvent(world.store, 'user.updated', formatUser(next));
  world.store.changed();
  return next;
}
