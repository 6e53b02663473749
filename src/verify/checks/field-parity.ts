import type { JournalRow } from '../../journal/journal.js';
import { compareUser, type ComparableUser } from '../../reconcile/drift.js';
import type { WorkosUser } from '../../workos/users.js';
import { OffenderList, verdict } from '../checklist.js';
import type { CheckResult } from '../types.js';

const show = (v: string | boolean | null): string => (v === null ? '(none)' : JSON.stringify(v));

/**
 * Each imported user's email, names and email_verified as the source says them now (the same
 * comparison as reconcile), and the external id as the journal recorded it being sent. Users the
 * source no longer has are counted, not failed: nothing says what they should be.
 */
export function checkFieldParity(
  rows: readonly JournalRow[],
  sourceByKey: ReadonlyMap<string, ComparableUser>,
  workos: ReadonlyMap<string, WorkosUser>,
  options: { externalId: boolean },
): CheckResult {
  const offenders = new OffenderList();
  let compared = 0;
  let matching = 0;
  let differing = 0;
  let notInSource = 0;
  for (const row of rows) {
    const user = row.workosId ? workos.get(row.workosId) : undefined;
    if (!user) continue;
    const base = { email: row.email, workosId: user.id, ...(row.localId ? { localId: row.localId } : {}) };
    const source = sourceByKey.get(row.key);
    if (!source) {
      notInSource++;
      continue;
    }
    compared++;
    const drift: string[] = compareUser(source, {
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      emailVerified: user.emailVerified,
    }).map((d) => `${d.field}: source ${show(d.source)}, WorkOS ${show(d.workos)}`);
    if (options.externalId && row.externalId && user.externalId !== row.externalId)
      drift.push(`external_id: sent ${show(row.externalId)}, WorkOS ${show(user.externalId ?? null)}`);
    if (drift.length === 0) {
      matching++;
      continue;
    }
    differing++;
    offenders.add({ ...base, reason: `${drift.join('; ')} (fix with "workos-migrator reconcile --fix")` });
  }
  return verdict(
    'field-parity',
    { compared, matching, differing, notInSource },
    offenders,
    differing,
    notInSource ? `${notInSource} imported user(s) are no longer in the source: not compared` : undefined,
  );
}
