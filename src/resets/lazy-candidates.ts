import { importedSource, openImportedJournal } from '../runner/campaign.js';

/**
 * The users `resets plan --when lazy` left to the application: migrated without a WorkOS password,
 * to be enrolled in the lazy reset's table (`lazy.enroll(lazyResetCandidates())`).
 */
export function lazyResetCandidates(options: { state?: string } = {}): Array<{
  email: string;
  workosUserId: string | null;
}> {
  const journal = openImportedJournal(options.state);
  try {
    const source = importedSource(journal);
    return journal.actions
      .all(source.id, 'password_reset')
      .filter((r) => r.status === 'lazy')
      .map((r) => ({ email: r.email, workosUserId: r.workosId }));
  } finally {
    journal.close();
  }
}
