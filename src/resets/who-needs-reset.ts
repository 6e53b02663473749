import type { JournalRow } from '../journal/journal.js';

export type ResetCandidacy =
  /** Created by the migration without a password: plan a reset. */
  | 'planned'
  /** Existed in WorkOS before (linked, dual-write): it may hold a password set there. */
  | 'existing'
  /** In a reset lane but not in WorkOS yet: import first. */
  | 'not_imported'
  /** Not in a reset lane. */
  | 'other';

/** Whether a journal row needs a password reset (pure). */
export function resetCandidacy(row: JournalRow, lanes: readonly string[]): ResetCandidacy {
  if (!lanes.includes(row.lane)) return 'other';
  if (row.status !== 'created' && row.status !== 'linked') return 'not_imported';
  if (!row.workosId) return 'not_imported';
  return row.origin === 'created' ? 'planned' : 'existing';
}
