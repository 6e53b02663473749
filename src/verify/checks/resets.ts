import type { ActionRow } from '../../journal/actions.js';
import type { JournalRow } from '../../journal/journal.js';
import { RESET_LANES } from '../../resets/guide.js';
import { resetCandidacy } from '../../resets/who-needs-reset.js';
import { OffenderList, verdict } from '../checklist.js';
import type { CheckResult } from '../types.js';

const WAITING = new Set(['planned', 'in_flight', 'unknown']);
const REFUSED = new Set(['failed', 'gone', 'not_allowed']);

/**
 * Every imported user who needs a password reset (Step 6) has one: sent, or left to the
 * application (lazy). A user without a planned reset, one not sent yet and one WorkOS refused all
 * fail. Returns undefined when no reset was ever planned: the caller says SKIP.
 */
export function checkResets(
  rows: readonly JournalRow[],
  actions: readonly ActionRow[],
): CheckResult | undefined {
  if (actions.length === 0) return undefined;
  const byKey = new Map(actions.map((a) => [a.key, a]));
  const offenders = new OffenderList();
  const counts = { needed: 0, sent: 0, lazy: 0, notSent: 0, failed: 0, notPlanned: 0 };
  for (const row of rows) {
    if (resetCandidacy(row, RESET_LANES) !== 'planned') continue;
    counts.needed++;
    const a = byKey.get(row.key);
    const base = {
      email: row.email,
      ...(row.localId ? { localId: row.localId } : {}),
      ...(row.workosId ? { workosId: row.workosId } : {}),
    };
    // Lane trickle moves the password at sign-in (Step 8): left to the application until
    // `trickle status` hands the rest over to a reset, like a lazy reset.
    if (!a && row.lane === 'trickle') counts.lazy++;
    else if (!a) {
      counts.notPlanned++;
      offenders.add({
        ...base,
        reason:
          'needs a password reset but none is planned: run "workos-migrator resets plan" and "resets send"',
      });
    } else if (a.status === 'done') counts.sent++;
    else if (a.status === 'lazy' || a.status === 'skipped') counts.lazy++;
    else if (WAITING.has(a.status)) {
      counts.notSent++;
      offenders.add({
        ...base,
        reason: `reset ${a.status === 'planned' ? 'planned but not sent' : `${a.status}, not confirmed`}: run "workos-migrator resets send"`,
      });
    } else if (REFUSED.has(a.status)) {
      counts.failed++;
      offenders.add({ ...base, reason: `reset ${a.status}: ${a.errorMessage ?? a.errorCode ?? 'refused'}` });
    }
  }
  return verdict('resets', counts, offenders, counts.notPlanned + counts.notSent + counts.failed);
}
