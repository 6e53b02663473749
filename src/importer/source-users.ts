import { classifyHash } from '../hashes/index.js';
import type { HashClassification } from '../hashes/types.js';
import type { MigrationUser } from '../model/user.js';
import { mapSourceUsers } from '../assess/index.js';
import type { PlanOptions } from '../plan/types.js';

/**
 * Re-reads the source for the send passes. Lanes already sit in the journal (the planning pass put
 * them there), so this takes the planning pass's own per-record steps (mapSourceUsers: field
 * mapping, normalised email and provider) without the planner and its duplicate index, whose memory
 * grows with the source. Records the source cannot read were journaled as blocked while planning.
 */
export async function streamSourceUsers(
  options: PlanOptions,
  sink: (user: MigrationUser) => void | Promise<void>,
): Promise<void> {
  await mapSourceUsers(options, ({ user }) => sink(user));
}

/** The same classification the planner made for this user (the registry is a pure function). */
export function classifyUserHash(user: MigrationUser): HashClassification | undefined {
  return user.passwordHash
    ? classifyHash({ hash: user.passwordHash, algorithm: user.passwordAlgorithm, params: user.hashParams })
    : undefined;
}
