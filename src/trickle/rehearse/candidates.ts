import type { Journal } from '../../journal/journal.js';
import { importedSource, openImportedJournal } from '../../runner/campaign.js';

export interface TrickleCandidate {
  email: string;
  workosUserId: string;
}

/** Trickle-lane users the import created in WorkOS without a password (pure over journal rows). */
export function candidatesIn(journal: Journal): TrickleCandidate[] {
  const source = importedSource(journal);
  const out: TrickleCandidate[] = [];
  for (const row of journal.rows(source.id)) {
    if (row.lane !== 'trickle' || !row.workosId) continue;
    if (row.status !== 'created' && row.status !== 'linked') continue;
    out.push({ email: row.email, workosUserId: row.workosId });
  }
  return out;
}

/**
 * The users `import --trickle` left to login-time migration, to enroll in the application's
 * trickle table once, from the migration machine: `migrator.enroll(trickleCandidates())`.
 */
export function trickleCandidates(options: { state?: string } = {}): TrickleCandidate[] {
  const journal = openImportedJournal(options.state);
  try {
    return candidatesIn(journal);
  } finally {
    journal.close();
  }
}
