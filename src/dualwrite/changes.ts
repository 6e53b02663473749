import { usageError } from '../errors/index.js';
import { classifyHash } from '../hashes/registry.js';
import type { WorkosHashType } from '../hashes/types.js';

/** The user as the application stores it at sign-up. */
export interface MirrorUser {
  /** The application's own id of the user: the outbox's key, and the external_id sent to WorkOS. */
  localId: string | number;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  emailVerified?: boolean;
  /** The plaintext password, at sign-up or on change. Kept in the outbox only until delivered. */
  password?: string;
  /** Or the hash the application stored, in its own format: converted here into the WorkOS form. */
  passwordHash?: string;
  /** The algorithm name, when the hash string does not say it (as `assess` reads it). */
  passwordAlgorithm?: string;
  /** Hash inputs that do not live in the hash string (a salt column, Firebase parameters). */
  hashParams?: Record<string, string>;
}

/** What changed; fields left out stay as they are in WorkOS. */
export type MirrorChanges = Partial<Omit<MirrorUser, 'localId'>>;

export type ChangeOp = 'create' | 'update' | 'delete';

/** The part of a change that may be kept and shown: no password, no hash. */
export interface ChangePayload {
  email?: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
}

/** The part that is deleted from the row once delivered. */
export interface ChangeSecret {
  password?: string;
  passwordHash?: string;
  passwordHashType?: WorkosHashType;
}

export interface OutboxChange {
  localId: string;
  op: ChangeOp;
  payload: ChangePayload;
  secret?: ChangeSecret;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function localIdOf(call: string, localId: unknown): string {
  const id = typeof localId === 'number' && Number.isFinite(localId) ? String(localId) : localId;
  if (typeof id !== 'string' || id.trim() === '' || id.length > 255)
    throw usageError(
      `${call}: localId must be the application's id of the user (a non-empty string or number, at most 255 characters)`,
    );
  return id;
}

function emailOf(call: string, email: unknown): string {
  if (typeof email !== 'string' || !EMAIL.test(email.trim()))
    throw usageError(`${call}: email must be an email address; got ${JSON.stringify(email)}`);
  return email.trim();
}

function nameOf(call: string, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value !== 'string') throw usageError(`${call}: ${field} must be a string`);
  return value;
}

/**
 * The password part of a change, with a hash converted by the project's hash registry (the same
 * rules as the import), so WorkOS receives a `password_hash_type` it can verify.
 */
function secretOf(call: string, input: MirrorChanges): ChangeSecret | undefined {
  const { password, passwordHash } = input;
  if (password !== undefined && passwordHash !== undefined)
    throw usageError(`${call}: give password or passwordHash, not both (WorkOS takes one of them)`);
  if (password !== undefined) {
    if (typeof password !== 'string' || password === '')
      throw usageError(`${call}: password must be a non-empty string`);
    return { password };
  }
  if (passwordHash === undefined) return undefined;
  if (typeof passwordHash !== 'string' || passwordHash === '')
    throw usageError(`${call}: passwordHash must be a non-empty string`);
  const c = classifyHash({
    hash: passwordHash,
    ...(input.passwordAlgorithm ? { algorithm: input.passwordAlgorithm } : {}),
    ...(input.hashParams ? { params: input.hashParams } : {}),
  });
  if (!c.importable)
    throw usageError(
      `${call}: WorkOS cannot import this password hash (${c.reason}${c.detail ? `: ${c.detail}` : ''}); ` +
        `pass the plaintext password the user just chose (password: …) instead, or leave it out and the user will reset it`,
    );
  return { passwordHash: c.workosHash, passwordHashType: c.type };
}

function emailVerifiedOf(call: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw usageError(`${call}: emailVerified must be true or false`);
  return value;
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function createChange(user: MirrorUser): OutboxChange {
  const call = `mirrorCreate(${JSON.stringify(String(user?.localId))})`;
  const localId = localIdOf(call, user?.localId);
  const payload = defined<ChangePayload>({
    email: emailOf(call, user.email),
    firstName: nameOf(call, 'firstName', user.firstName),
    lastName: nameOf(call, 'lastName', user.lastName),
    emailVerified: emailVerifiedOf(call, user.emailVerified),
  });
  return { localId, op: 'create', payload, secret: secretOf(call, user) };
}

export function updateChange(localIdIn: string | number, changes: MirrorChanges): OutboxChange {
  const call = `mirrorUpdate(${JSON.stringify(String(localIdIn))})`;
  const localId = localIdOf(call, localIdIn);
  const c = changes ?? {};
  const payload = defined<ChangePayload>({
    email: c.email === undefined ? undefined : emailOf(call, c.email),
    firstName: nameOf(call, 'firstName', c.firstName),
    lastName: nameOf(call, 'lastName', c.lastName),
    emailVerified: emailVerifiedOf(call, c.emailVerified),
  });
  const secret = secretOf(call, c);
  if (Object.keys(payload).length === 0 && !secret)
    throw usageError(
      `${call}: nothing to mirror; pass at least one of email, firstName, lastName, emailVerified, password, passwordHash`,
    );
  return { localId, op: 'update', payload, secret };
}

export function deleteChange(localIdIn: string | number): OutboxChange {
  return {
    localId: localIdOf(`mirrorDelete(${JSON.stringify(String(localIdIn))})`, localIdIn),
    op: 'delete',
    payload: {},
  };
}
