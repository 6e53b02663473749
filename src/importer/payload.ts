import { sentExternalId } from '../journal/identity.js';
import type { PlannedUser } from '../plan/types.js';
import type { CreateUserPayload } from '../workos/users.js';

export { OWNERSHIP_METADATA_KEY } from '../ownership/ownership.js';

export interface PayloadOptions {
  /** Send external_id = the user's id in the old system (default on). */
  externalId: boolean;
  /**
   * A metadata entry proving the user was created by this journal: what lets a later lookup tell
   * "ours, answer lost" from "someone else's", with or without an external id.
   */
  ownershipMarker?: { key: string; value: string };
}

/** The external id a user is sent with: an explicit external_id column wins over the local id. */
export function externalIdOf(planned: PlannedUser): string | undefined {
  return sentExternalId(planned.user);
}

/**
 * The Create User body for one planned user. Only the `import-hash` lane carries a password
 * hash; every other lane is created without a password (reset, OAuth or Magic Auth later).
 */
export function buildCreateUserPayload(planned: PlannedUser, options: PayloadOptions): CreateUserPayload {
  const { user } = planned;
  const payload: CreateUserPayload = { email: user.email };
  if (user.firstName) payload.firstName = user.firstName;
  if (user.lastName) payload.lastName = user.lastName;
  // The WorkOS migration guide: verified in the old system means verified in WorkOS, so nobody re-verifies.
  if (user.emailVerified !== undefined) payload.emailVerified = user.emailVerified;
  const externalId = externalIdOf(planned);
  if (options.externalId && externalId) payload.externalId = externalId;
  const metadata: Record<string, string> = { ...(user.metadata ?? {}) };
  if (options.ownershipMarker) metadata[options.ownershipMarker.key] = options.ownershipMarker.value;
  if (Object.keys(metadata).length > 0) payload.metadata = metadata;
  if (planned.lane === 'import-hash' && planned.hash?.importable) {
    payload.passwordHash = planned.hash.workosHash;
    payload.passwordHashType = planned.hash.type;
  }
  return payload;
}

/** The payload in wire form (snake_case), as the spec's CreateUser schema describes it. */
export function toWire(payload: CreateUserPayload): Record<string, unknown> {
  const wire: Record<string, unknown> = { email: payload.email };
  if (payload.firstName !== undefined) wire.first_name = payload.firstName;
  if (payload.lastName !== undefined) wire.last_name = payload.lastName;
  if (payload.emailVerified !== undefined) wire.email_verified = payload.emailVerified;
  if (payload.externalId !== undefined) wire.external_id = payload.externalId;
  if (payload.metadata !== undefined) wire.metadata = payload.metadata;
  if (payload.passwordHash !== undefined) wire.password_hash = payload.passwordHash;
  if (payload.passwordHashType !== undefined) wire.password_hash_type = payload.passwordHashType;
  return wire;
}
