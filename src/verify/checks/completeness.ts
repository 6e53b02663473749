import type { JournalRow } from '../../journal/journal.js';
import { DONE_STATUSES } from '../../journal/statuses.js';
import { sameEmail } from '../../ownership/ownership.js';
import type { WorkosUser } from '../../workos/users.js';
import { OffenderList, verdict } from '../checklist.js';
import type { CheckResult } from '../types.js';

/** What the completeness check read from WorkOS. */
export interface WorkosView {
  /** WorkOS users by id: ours when read one by one, every user when listed. */
  byId: ReadonlyMap<string, WorkosUser>;
  /** True when `byId` is the whole environment (a listing): users we do not know can be named. */
  complete: boolean;
  /** For rows whose id WorkOS does not have: the user found by external id or email instead. */
  elsewhere: ReadonlyMap<string, { user: WorkosUser; via: 'external id' | 'email' }>;
}

const isDone = (row: JournalRow): boolean => DONE_STATUSES.includes(row.status) && row.workosId !== null;

/** Rows the migration means to be in WorkOS: everything but blocked records. */
export const shouldExist = (row: JournalRow): boolean => row.status !== 'blocked';

/** Rows the journal records as in WorkOS, with an id: what lookups by id read. */
export function imported(rows: Iterable<JournalRow>): JournalRow[] {
  return [...rows].filter(isDone);
}

/**
 * Every user that should exist does, matched by the id the journal recorded and checked against
 * its email; a user whose id is gone but whose external id or email WorkOS still has is named with
 * the id WorkOS holds now. Rows never imported (pending, failed, conflict…) fail too: they should
 * exist and do not. WorkOS users nobody in the journal maps to are listed, without failing.
 */
export function checkCompleteness(rows: readonly JournalRow[], view: WorkosView): CheckResult {
  const offenders = new OffenderList();
  let expected = 0;
  let found = 0;
  let missing = 0;
  let notImported = 0;
  let wrongEmail = 0;
  const ours = new Set<string>();
  for (const row of rows) {
    if (!shouldExist(row)) continue;
    expected++;
    const base = { email: row.email, ...(row.localId ? { localId: row.localId } : {}) };
    if (!isDone(row)) {
      notImported++;
      offenders.add({
        ...base,
        reason: `not imported: ${row.status}${row.errorCode ? ` (${row.errorCode})` : ''}; fix and run "workos-migrator retry" or import again`,
      });
      continue;
    }
    const id = row.workosId as string;
    ours.add(id);
    const user = view.byId.get(id);
    if (user && sameEmail(user.email, row.email)) {
      found++;
      continue;
    }
    if (user) {
      wrongEmail++;
      offenders.add({
        ...base,
        workosId: id,
        reason: `WorkOS user ${id} now has email ${user.email}: another account, or the email changed`,
      });
      continue;
    }
    missing++;
    const other = view.elsewhere.get(row.key);
    offenders.add({
      ...base,
      workosId: id,
      reason: other
        ? `not in WorkOS by id ${id}; a user with the same ${other.via} exists as ${other.user.id}: it was deleted and re-created, check before cutover`
        : `not in WorkOS: user ${id} was deleted; re-import it ("workos-migrator retry" after resetting the row, or import again)`,
    });
  }
  let unknownInWorkos = 0;
  if (view.complete) {
    for (const user of view.byId.values()) {
      if (ours.has(user.id)) continue;
      unknownInWorkos++;
      offenders.add({
        email: user.email,
        workosId: user.id,
        ...(user.externalId ? { localId: user.externalId } : {}),
        reason: 'in WorkOS but not in the source: a sign-up since the export, or a user another tool created',
      });
    }
  }
  const counts: Record<string, number> = { expected, found, missing, notImported, wrongEmail };
  if (view.complete) counts.unknownInWorkos = unknownInWorkos;
  return verdict(
    'completeness',
    counts,
    offenders,
    missing + notImported + wrongEmail,
    view.complete
      ? undefined
      : 'WorkOS users the source does not know are not listed (read by id; --read listing lists them)',
  );
}
