import { usageError } from '../errors/index.js';
import { duplicateKey, identityKey } from '../journal/identity.js';
import type { Journal, JournalRow, RowResult } from '../journal/journal.js';
import { UNRESOLVED_STATUSES } from '../journal/statuses.js';
import type { MigrationUser } from '../model/user.js';
import type { PlannedUser, PlanOptions } from '../plan/types.js';
import { runPass } from '../runner/run-pass.js';
import type { ProgressReporter } from '../runner/progress.js';
import { classifyUserHash, streamSourceUsers } from './source-users.js';
import { importUser, type WorkItem } from './user-import.js';
import { resolveUnresolved, type ImportContext } from './resolve.js';

class StopStreaming extends Error {}

export interface PassDeps {
  journal: Journal;
  sourceId: number;
  runId: number;
  ctx: ImportContext;
  workers: number;
  progress: ProgressReporter;
  /** Every result, as it arrives: journaled and counted. */
  record: (result: RowResult) => void;
}

/** The journal row this streamed record was planned as, by identity (a duplicate by its position too). */
function plannedRowOf(journal: Journal, sourceId: number, user: MigrationUser): JournalRow | undefined {
  const key = identityKey(user);
  const row = journal.getByKey(sourceId, key);
  if (row && row.row === user.row) return row;
  return journal.getByKey(sourceId, duplicateKey(key, user.row)) ?? row;
}

/**
 * Settles rows sent before whose answer never arrived (in flight at a crash, unknown), by lookup,
 * before any new create: from the journal alone, so it needs no second read of the source.
 */
export async function resolvePass(deps: PassDeps): Promise<void> {
  const { journal, sourceId } = deps;
  const counts = journal.countByStatus(sourceId);
  const total = UNRESOLVED_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (total === 0) return;
  deps.progress.start('resolving', total);
  await runPass<JournalRow, RowResult>({
    workers: deps.workers,
    stop: deps.ctx.calls.stop,
    feed: async (push) => {
      for (const row of journal.rowsPaged(sourceId, UNRESOLVED_STATUSES)) if (!(await push(row))) return;
    },
    handle: (row) => resolveUnresolved(deps.ctx, row),
    record: (r) => {
      deps.record(r);
      deps.progress.tick();
    },
  });
  deps.progress.stop();
}

/**
 * Streams the source again (hashes are never stored) and creates every pending user this run may
 * send, at the pace the workers drain: memory stays flat however large the source is.
 */
export async function sendPass(
  deps: PassDeps,
  source: { planOptions: PlanOptions; streamUsers?: typeof streamSourceUsers },
  select: { selected: (user: MigrationUser) => boolean; limit: number; total: number },
): Promise<void> {
  const { journal, sourceId, runId } = deps;
  if (select.total === 0) return;
  deps.progress.start('importing', select.total);
  const stream = source.streamUsers ?? streamSourceUsers;
  await runPass<WorkItem, RowResult>({
    workers: deps.workers,
    stop: deps.ctx.calls.stop,
    feed: async (push) => {
      let fed = 0;
      try {
        await stream(source.planOptions, async (user) => {
          if (fed >= select.limit) throw new StopStreaming();
          const row = plannedRowOf(journal, sourceId, user);
          if (!row || row.status !== 'pending' || row.lane === 'blocked' || !select.selected(user)) return;
          if (row.seenRun === runId && row.email.toLowerCase() !== user.email.toLowerCase()) {
            // Changed between this run's planning and its send (a live table edited meanwhile):
            // never send a user whose identity no longer matches what was planned.
            throw usageError(
              `the user at ${user.location} of the source changed since this run planned it (email differs); run the import again to plan it afresh`,
            );
          }
          fed++;
          const hash = row.lane === 'import-hash' ? classifyUserHash(user) : undefined;
          const planned: PlannedUser = hash
            ? { user, lane: row.lane, hash, problems: [] }
            : { user, lane: row.lane, problems: [] };
          if (!(await push({ planned, row }))) throw new StopStreaming();
        });
      } catch (err) {
        if (!(err instanceof StopStreaming)) throw err;
      }
    },
    handle: (item) => importUser(deps.ctx, item),
    record: (r) => {
      deps.record(r);
      deps.progress.tick();
    },
  });
  deps.progress.stop();
}
