import { sentExternalId } from '../model/external-id.js';

export { sentExternalId };
/**
 * Which journal row a source record belongs to. Rows are keyed by who the user is, not where the
 * record sits: a database export whose rows shifted (one deleted, one inserted) must still match
 * every user to their own row, or a resumed import would skip the user who moved into a settled
 * position. The id we send as external_id identifies a user best; the email when there is none;
 * the position only for records too broken to have either (they are blocked anyway).
 */
export interface IdentitySource {
  row: number;
  email: string;
  localId?: string | null;
  externalId?: string | null;
}

export function identityKey(user: IdentitySource): string {
  const id = sentExternalId(user);
  if (id) return `id:${id}`;
  const email = user.email.trim().toLowerCase();
  if (email) return `email:${email}`;
  return `row:${user.row}`;
}

/**
 * The key of a second record with the same identity in one source (a duplicate, which the planner
 * blocks): keyed by its position as well, so it never overwrites the first one's row.
 */
export function duplicateKey(key: string, row: number): string {
  return `${key}#row:${row}`;
}
