import { MigratorError, usageError } from '../errors/index.js';
import type { ActionStatus } from '../journal/actions.js';
import type { Journal } from '../journal/journal.js';
import { UNRESOLVED_STATUSES } from '../journal/statuses.js';
import {
  actionResultOf,
  ActionWriter,
  openCampaignSession,
  requireJournalFile,
  runActionPass,
  type CampaignOptions,
} from '../runner/campaign.js';
import { progressReporter, type PassProgress } from '../runner/progress.js';
import { resolveTarget } from '../workos/client.js';
import { WRITE } from '../workos/limits.js';
import { pacedCall, unreachableMessage } from '../workos/paced-call.js';
import { targetIdentity } from '../workos/target-identity.js';
import { deleteUser } from '../workos/users.js';
import { checkSameEnvironment, selectRun } from './select-run.js';

export interface UndoOptions extends CampaignOptions {
  /** The run to undo (see `status`). */
  run?: number;
  /** The latest import or retry run. */
  last?: boolean;
  /** A production (sk_live_) key is refused without this. */
  allowProduction?: boolean;
  /**
   * Asked once the users to delete are known and before any is deleted; false stops with
   * nothing deleted. Absent: no question (the library caller decided).
   */
  confirm?: (plan: UndoPlan) => Promise<boolean>;
  onProgress?: (p: PassProgress) => void;
}

export interface UndoPlan {
  runId: number;
  runStartedAt: string;
  target: string;
  /** Users the run created that are still to delete. */
  toDelete: number;
}

export interface UndoSummary {
  runId: number;
  target: string;
  /** What this undo did: deleted, already gone (404), failed, unknown (no answer; the next run resends). */
  thisRun: Partial<Record<'deleted' | 'alreadyGone' | 'failed' | 'unknown', number>>;
  /** Every delete planned for this run, by status (done = deleted). */
  statuses: Partial<Record<ActionStatus, number>>;
  /** Users of the journal an undo never deletes: linked (they existed), dual-write (the app made them). */
  untouched: { linked: number; dualWrite: number; otherRuns: number };
  /**
   * Users the run sent whose outcome it never learnt (in flight or unknown): they may be in WorkOS
   * without the journal knowing their id. The same import, run again, settles them by lookup.
   */
  unsettled: number;
  requests: { writes: number; rateLimited: number };
  interrupted: boolean;
  /** False when the confirmation was refused: nothing was deleted. */
  confirmed: boolean;
  exitCode: 0 | 1;
}

const SENDABLE: readonly ActionStatus[] = ['planned', 'failed', 'in_flight', 'unknown'];
const SETTLED: readonly ActionStatus[] = ['done', 'gone'];

function untouched(journal: Journal, sourceId: number, runId: number): UndoSummary['untouched'] {
  const out = { linked: 0, dualWrite: 0, otherRuns: 0 };
  for (const r of journal.rows(sourceId, ['created', 'linked'])) {
    if (r.origin === 'dual-write') out.dualWrite++;
    else if (r.origin === 'linked') out.linked++;
    else if (r.createdRun !== runId) out.otherRuns++;
  }
  return out;
}

/**
 * Takes back one import run, for rehearsals: deletes exactly the WorkOS users that run created
 * (the journal's origin and created_run say which), never one that was linked or that the
 * application's dual-write created. Each delete is journaled (user_actions, action user_delete,
 * keyed by the WorkOS id): a killed undo resumes where it stopped, and a delete sent twice is a
 * 404 (already gone), never a second user. Deleted rows go back to pending, so importing again
 * creates them again.
 */
export async function runUndo(options: UndoOptions): Promise<UndoSummary> {
  const target = resolveTarget(options);
  if (target.isLive && !options.allowProduction)
    throw usageError(
      'the API key is a production key (sk_live_): undo deletes users; pass --yes-delete-production-users if you really mean to delete them from the live environment',
    );
  requireJournalFile(options.state);
  const session = await openCampaignSession(options, 'undo');
  const { journal, calls } = session;
  try {
    const run = selectRun(journal.runs(), options);
    checkSameEnvironment(run, targetIdentity(calls.client.target));
    const sourceId = run.sourceId;
    const actions = journal.actions;
    const mode = `run:${run.id}`;
    const ofRun = () => actions.all(sourceId, 'user_delete').filter((r) => r.mode === mode);
    // Deletes an earlier undo finished but had not yet written back to the users table.
    journal.forgetDeleted(
      sourceId,
      ofRun()
        .filter((r) => SETTLED.includes(r.status))
        .map((r) => r.workosId as string),
    );
    actions.plan(
      sourceId,
      'user_delete',
      journal.createdBy(sourceId, run.id).map((r) => ({
        key: r.workosId as string,
        email: r.email,
        workosId: r.workosId,
        lane: r.lane,
        mode,
        status: 'planned' as const,
      })),
    );
    const todo = ofRun().filter((r) => SENDABLE.includes(r.status));
    const plan: UndoPlan = {
      runId: run.id,
      runStartedAt: run.startedAt,
      target: calls.client.target.baseUrl,
      toDelete: todo.length,
    };
    const thisRun: UndoSummary['thisRun'] = {};
    const confirmed = todo.length === 0 || !options.confirm || (await options.confirm(plan));
    const undoRunId = journal.startRun(sourceId, 'undo');
    if (confirmed && todo.length > 0) {
      const writer = new ActionWriter(journal, sourceId, 'user_delete', undoRunId);
      const progress = progressReporter(options.onProgress, calls.stats);
      const settled: string[] = [];
      progress.start('deleting users', todo.length);
      try {
        await runActionPass(
          calls,
          writer,
          todo,
          async (row) => {
            // A delete is idempotent (the id names one user, forever): lost answers are retried.
            const out = await pacedCall(calls, { budgets: WRITE, retry: 'idempotent' }, () =>
              deleteUser(calls.client, row.key),
            );
            return actionResultOf(row.key, out, () => ({ status: 'done' }), {
              gone: 'already gone from WorkOS (404): nothing to delete',
            });
          },
          (r) => {
            if (SETTLED.includes(r.status)) settled.push(r.key);
            const k = r.status === 'done' ? 'deleted' : r.status === 'gone' ? 'alreadyGone' : r.status;
            if (k === 'deleted' || k === 'alreadyGone' || k === 'failed' || k === 'unknown')
              thisRun[k] = (thisRun[k] ?? 0) + 1;
            progress.tick();
          },
        );
      } finally {
        writer.flush();
        journal.forgetDeleted(sourceId, settled);
        progress.stop();
      }
    }
    const statuses: UndoSummary['statuses'] = {};
    for (const r of ofRun()) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const interrupted = Boolean(options.signal?.aborted) || calls.stop.stopped;
    const left = SENDABLE.reduce((n, s) => n + (statuses[s] ?? 0), 0);
    const unsettled = [...journal.rows(sourceId, UNRESOLVED_STATUSES)].filter(
      (r) => r.runId === run.id,
    ).length;
    const summary: UndoSummary = {
      runId: run.id,
      target: plan.target,
      thisRun,
      statuses,
      untouched: untouched(journal, sourceId, run.id),
      unsettled,
      requests: { writes: calls.stats.writes, rateLimited: calls.stats.rateLimited },
      interrupted,
      confirmed,
      exitCode: left > 0 || unsettled > 0 || interrupted || !confirmed ? 1 : 0,
    };
    journal.finishRun(undoRunId, summary);
    if (calls.breaker.open)
      throw new MigratorError(
        'unreachable',
        `${unreachableMessage(calls)}. The undo stopped: ${left} user(s) not deleted yet. Run the same command again once ${plan.target} answers; it resumes where it stopped`,
      );
    return summary;
  } finally {
    session.close();
  }
}
