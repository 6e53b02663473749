/**
 * `trickle status`: how far login-time migration got, and when the users it has not reached should
 * get a reset instead (the migration guide's Step 6 for the rest, `resets send --lane trickle`).
 */
import type { Journal } from '../../journal/journal.js';
import { importedSource, openImportedJournal } from '../../runner/campaign.js';
import { TrickleTable, DEFAULT_TRICKLE_TABLE, emailKey, type TrickleStatus } from '../store.js';
import { candidatesIn } from './candidates.js';
import { openTrickleState } from './state-db.js';

export interface TrickleStatusOptions {
  state?: string;
  /** The application's database URL holding the trickle table; default: the journal file. */
  db?: string;
  table?: string;
  /** Days after the import during which sign-in alone moves passwords; default 30. */
  resetAfterDays?: number;
  /** Record migrated users in the journal so `resets plan --lane trickle` leaves them out. */
  handOver?: boolean;
  now?: () => number;
}

export interface TrickleStatusReport {
  journal: string;
  where: string;
  /** Users the import put in lane trickle (created in WorkOS without a password). */
  lane: number;
  /** Per state in the trickle table; users never enrolled count as pending. */
  migrated: number;
  remaining: number;
  inFlight: number;
  ineligible: number;
  /** When the import finished, and from when the remaining should get a reset. */
  importedAt: string | null;
  resetFrom: string | null;
  resetDue: boolean;
  /** With handOver: migrated users recorded so resets skip them (this run). */
  handedOver?: number;
}

export async function trickleStatus(options: TrickleStatusOptions = {}): Promise<TrickleStatusReport> {
  const journal = openImportedJournal(options.state, options.handOver ? 'trickle status' : undefined);
  const state = await openTrickleState({ db: options.db, state: journal.path });
  try {
    const table = new TrickleTable(state.store, options.table ?? DEFAULT_TRICKLE_TABLE);
    await table.create();
    const lane = candidatesIn(journal);
    const byStatus = new Map<string, TrickleStatus>();
    for (const c of lane) {
      const row = await table.row(c.email);
      byStatus.set(emailKey(c.email), row?.status ?? 'pending');
    }
    const count = (s: TrickleStatus) => [...byStatus.values()].filter((v) => v === s).length;
    const importedAt = lastImportAt(journal);
    const days = options.resetAfterDays ?? 30;
    const resetFrom = importedAt ? new Date(Date.parse(importedAt) + days * 86_400_000).toISOString() : null;
    const now = (options.now ?? Date.now)();
    const report: TrickleStatusReport = {
      journal: journal.path,
      where: state.where,
      lane: lane.length,
      migrated: count('migrated'),
      remaining: count('pending'),
      inFlight: count('migrating'),
      ineligible: count('ineligible'),
      importedAt,
      resetFrom,
      resetDue: resetFrom !== null && Date.parse(resetFrom) <= now,
    };
    if (options.handOver) {
      const migrated = lane.filter((c) => byStatus.get(emailKey(c.email)) === 'migrated');
      report.handedOver = handOver(
        journal,
        migrated.map((c) => c.email),
      );
    }
    return report;
  } finally {
    await state.close();
    journal.close();
  }
}

function lastImportAt(journal: Journal): string | null {
  const runs = journal.runs().filter((r) => r.command === 'import' && r.finishedAt);
  return runs.at(-1)?.finishedAt ?? null;
}

/**
 * Marks the password reset of each migrated user `skipped` (code trickle_migrated): planning never
 * re-arms a skipped row, so `resets plan --lane trickle` and `resets send` reach only the rest. A
 * reset that already left keeps its state.
 */
function handOver(journal: Journal, emails: string[]): number {
  const source = importedSource(journal);
  const wanted = new Set(emails.map(emailKey));
  const rows = [...journal.rows(source.id)].filter(
    (r) => r.lane === 'trickle' && wanted.has(emailKey(r.email)),
  );
  const open = rows.filter((r) => {
    const a = journal.actions.get(source.id, 'password_reset', r.key);
    return !a || a.status === 'planned' || a.status === 'lazy' || a.status === 'failed';
  });
  journal.actions.plan(
    source.id,
    'password_reset',
    open.map((r) => ({ key: r.key, email: r.email, workosId: r.workosId, lane: r.lane, status: 'planned' })),
  );
  journal.actions.recordResults(
    source.id,
    'password_reset',
    open.map((r) => ({
      key: r.key,
      status: 'skipped',
      errorCode: 'trickle_migrated',
      errorMessage: 'password moved to WorkOS at sign-in',
    })),
  );
  return open.length;
}
