import type { CreateUserOptions, UpdateUserOptions, User } from '@workos-inc/node';
import type { WorkosHashType } from '../hashes/types.js';
import type { CallResult, WorkosClient } from './client.js';

/** Create-user input as we build it; `passwordHashType` includes pbkdf2, which the SDK type lacks. */
export interface CreateUserPayload {
  email: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
  externalId?: string;
  metadata?: Record<string, string>;
  passwordHash?: string;
  passwordHashType?: WorkosHashType;
  /** A plaintext password (dual-write at sign-up); never together with a hash. */
  password?: string;
}

/** Update-user input; fields left out stay as they are. */
export interface UpdateUserPayload {
  email?: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
  password?: string;
  passwordHash?: string;
  passwordHashType?: WorkosHashType;
}

export type WorkosUser = User;

export function createUser(client: WorkosClient, payload: CreateUserPayload): Promise<CallResult<User>> {
  // SDK 8.13's PasswordHashType omits 'pbkdf2' although the API accepts it (docs/workos-contract.md#password-hash-type-pbkdf2).
  return client.call((sdk) => sdk.userManagement.createUser(payload as CreateUserOptions));
}

/** Null when no user has this external id. The id is URL-encoded here because the SDK does not. */
export async function findUserByExternalId(
  client: WorkosClient,
  externalId: string,
): Promise<CallResult<User | null>> {
  const result = await client.call((sdk) =>
    sdk.userManagement.getUserByExternalId(encodeURIComponent(externalId)),
  );
  if (!result.ok && result.failure.kind === 'not_found') return { ok: true, value: null, info: result.info };
  return result;
}

/** Null when no user has this email (WorkOS compares emails case-insensitively). */
export async function findUserByEmail(client: WorkosClient, email: string): Promise<CallResult<User | null>> {
  const result = await client.call((sdk) => sdk.userManagement.listUsers({ email, limit: 1 }));
  if (!result.ok) return result;
  return { ok: true, value: result.value.data[0] ?? null, info: result.info };
}

/** Null when the id does not exist (any more). */
export async function findUserById(client: WorkosClient, id: string): Promise<CallResult<User | null>> {
  const result = await client.call((sdk) => sdk.userManagement.getUser(encodeURIComponent(id)));
  if (!result.ok && result.failure.kind === 'not_found') return { ok: true, value: null, info: result.info };
  return result;
}

/** PUT semantics with omitted fields kept (docs/workos-contract.md#users): sending it twice changes nothing more. */
export function updateUser(
  client: WorkosClient,
  id: string,
  payload: UpdateUserPayload,
): Promise<CallResult<User>> {
  // Same pbkdf2 cast as createUser; the id is encoded because the SDK puts it in the path as is.
  return client.call((sdk) =>
    sdk.userManagement.updateUser({ ...payload, userId: encodeURIComponent(id) } as UpdateUserOptions),
  );
}

/** Deleting a user that is already gone is a not_found failure; callers decide whether that is done. */
export function deleteUser(client: WorkosClient, id: string): Promise<CallResult<void>> {
  return client.call((sdk) => sdk.userManagement.deleteUser(encodeURIComponent(id)));
}

/** One page of users, oldest first (reconcile's listing). */
export async function listUsersPage(
  client: WorkosClient,
  after: string | undefined,
): Promise<CallResult<{ data: User[]; after: string | null }>> {
  const r = await client.call((sdk) => sdk.userManagement.listUsers({ limit: 100, order: 'asc', after }));
  if (!r.ok) return r;
  return { ok: true, value: { data: r.value.data, after: r.value.listMetadata.after ?? null }, info: r.info };
}
