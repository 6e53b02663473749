import type { CreateUserOptions, User } from '@workos-inc/node';
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
