import type { JournalRow } from '../../journal/journal.js';
import { OffenderList, verdict } from '../checklist.js';
import type { TestLoginResult } from '../test-logins.js';
import type { CheckResult } from '../types.js';

/** Where a failing login's user came from: the lane and source hash family, the first suspects. */
const origin = (row: JournalRow): string =>
  `lane ${row.lane}${row.hashFamily ? `, source hash ${row.hashFamily}` : ''}`;

/**
 * Each test credential against WorkOS. Users whose hash was imported must be accepted: a refusal
 * means the converted hash does not verify their password. Users of other lanes have no password in
 * WorkOS, so their refusal is expected; emails the journal does not know are counted, not failed.
 */
export function checkTestLogins(
  results: readonly TestLoginResult[],
  rowByEmail: ReadonlyMap<string, JournalRow>,
  problems: readonly string[],
): CheckResult {
  const offenders = new OffenderList();
  const counts = {
    credentials: results.length,
    accepted: 0,
    rejected: 0,
    expectedRefusals: 0,
    unknownEmail: 0,
    errors: 0,
  };
  for (const r of results) {
    const row = rowByEmail.get(r.email.trim().toLowerCase());
    const base = {
      email: r.email,
      ...(row?.localId ? { localId: row.localId } : {}),
      ...(row?.workosId ? { workosId: row.workosId } : {}),
    };
    if (!row) {
      counts.unknownEmail++;
      offenders.add({ ...base, reason: 'not in the journal: no imported user has this email' });
      continue;
    }
    const hashImported = row.lane === 'import-hash';
    if (r.verdict === 'accepted') {
      counts.accepted++;
      continue;
    }
    if (r.verdict === 'rejected' && !hashImported) {
      counts.expectedRefusals++;
      continue;
    }
    if (r.verdict === 'rejected') {
      counts.rejected++;
      offenders.add({
        ...base,
        reason: `WorkOS refused the password (${r.code ?? 'invalid_credentials'}): the imported hash does not verify it (${origin(row)})`,
      });
      continue;
    }
    counts.errors++;
    offenders.add({
      ...base,
      reason: `login did not reach the password check (${r.code ?? r.verdict}${r.requestId ? `, request ${r.requestId}` : ''}; ${origin(row)})`,
    });
  }
  const note = problems.length ? `${problems.length} credentials row(s) skipped: ${problems[0]}` : undefined;
  return verdict('test-logins', counts, offenders, counts.rejected + counts.errors, note);
}
