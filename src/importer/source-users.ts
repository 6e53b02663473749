import { classifyHash } from '../hashes/index.js';
import type { HashClassification } from '../hashes/types.js';
import { createRecordMapper } from '../model/record-mapper.js';
import type { MigrationUser } from '../model/user.js';
import { validateUser } from '../model/validate-user.js';
import { loadMapping } from '../assess/plan-source.js';
import type { PlanOptions } from '../plan/types.js';
import { isSourceError, readSource } from '../sources/index.js';

/**
 * Re-reads the source for the send passes. Lanes already sit in the journal (the planning pass
 * put them there), so this skips the planner and its duplicate index, whose memory grows with the
 * source; it keeps the two steps that shape what is sent: the field mapping, and validateUser's
 * normalisation of the email (the journal stores the normalised one).
 */
export async function streamSourceUsers(
  options: PlanOptions,
  sink: (user: MigrationUser) => void | Promise<void>,
): Promise<void> {
  const mapper = createRecordMapper(await loadMapping(options.map));
  for await (const item of readSource({
    source: options.source,
    format: options.format,
    query: options.query,
  })) {
    if (isSourceError(item)) continue;
    const { user } = mapper(item.value, item.row, item.location);
    validateUser(user);
    await sink(user);
  }
}

/** The same classification the planner made for this user (the registry is a pure function). */
export function classifyUserHash(user: MigrationUser): HashClassification | undefined {
  return user.passwordHash
    ? classifyHash({ hash: user.passwordHash, algorithm: user.passwordAlgorithm, params: user.hashParams })
    : undefined;
}
