import { usageError } from '../errors/index.js';
import type { ActionResult, ActionRow, ActionStatus, PlannedAction } from '../journal/actions.js';
import { identityKey } from '../journal/identity.js';
import type { Journal } from '../journal/journal.js';
import { journalSourceLocation } from '../journal/reports.js';
import { planOptionsOf } from '../importer/settings.js';
import { streamSourceUsers } from '../importer/source-users.js';
import type { SourceOverride } from '../plan/types.js';
import {
  actionResultOf,
  ActionWriter,
  campaignSettings,
  importedSource,
  runActionPass,
  type CampaignOptions,
} from '../runner/campaign.js';
import { openSession } from '../runner/session.js';
import { READ, WRITE } from '../workos/limits.js';
import { pacedCall, type CallContext } from '../workos/paced-call.js';

/** The export that says who was verified is `source` (default: the one the journal recorded). */
export interface MarkVerifiedOptions extends CampaignOptions, SourceOverride {
  dryRun?: boolean;
}

export interface CampaignSummary {
  action: string;
  thisRun: Partial<Record<ActionStatus | 'wouldSend', number>>;
  statuses: Partial<Record<ActionStatus, number>>;
  requests: { writes: number; reads: number; rateLimited: number };
  interrupted: boolean;
  exitCode: 0 | 1;
}

export const CAMPAIGN_ATTENTION: readonly ActionStatus[] = [
  'failed',
  'unknown',
  'in_flight',
  'gone',
  'not_allowed',
];

/** Reads the source again and plans every imported user it marks verified (nothing else is kept). */
async function planFromSource(
  journal: Journal,
  sourceId: number,
  options: MarkVerifiedOptions,
): Promise<number> {
  const located = options.source
    ? { source: options.source, query: options.query }
    : journalSourceLocation(journal.path);
  const rows: PlannedAction[] = [];
  await streamSourceUsers(planOptionsOf({ ...options, ...located }), (user) => {
    if (user.emailVerified !== true) return;
    const row = journal.getByKey(sourceId, identityKey(user));
    if (!row?.workosId || (row.status !== 'created' && row.status !== 'linked')) return;
    rows.push({
      key: row.key,
      email: row.email,
      workosId: row.workosId,
      lane: row.lane,
      status: 'planned',
    });
  });
  journal.actions.plan(sourceId, 'mark_verified', rows);
  return rows.length;
}

/**
 * One campaign pass over planned rows: mark in flight durably, call, journal the result. Shared by
 * mark-verified and send-verification; `settle` turns rows left unresolved by an earlier run into
 * results first.
 */
export async function runCampaign(
  options: CampaignOptions & { dryRun?: boolean },
  spec: {
    command: string;
    action: 'mark_verified' | 'verification_email';
    plan: (journal: Journal, sourceId: number) => Promise<number> | number;
    settle: (calls: CallContext, rows: ActionRow[]) => Promise<ActionResult[]>;
    handle: (calls: CallContext, row: ActionRow) => Promise<ActionResult>;
  },
): Promise<CampaignSummary> {
  const session = await openSession({
    target: options,
    state: options.state,
    command: spec.command,
    settings: campaignSettings(options),
    signal: options.signal,
    client: options.client,
    onNotice: options.onNotice,
  });
  const { journal, calls } = session;
  const thisRun: CampaignSummary['thisRun'] = {};
  try {
    const source = importedSource(journal);
    const actions = journal.actions;
    await spec.plan(journal, source.id);
    const runId = journal.startRun(source.id, spec.command);
    const unresolved = [...actions.rowsPaged(source.id, spec.action, ['in_flight', 'unknown'])];
    if (unresolved.length && !options.dryRun)
      actions.recordResults(source.id, spec.action, await spec.settle(calls, unresolved));
    const todo = [...actions.rowsPaged(source.id, spec.action, ['planned', 'failed'])];
    if (options.dryRun) thisRun.wouldSend = todo.length;
    else if (todo.length) {
      const writer = new ActionWriter(journal, source.id, spec.action, runId);
      try {
        await runActionPass(
          calls,
          writer,
          todo,
          (row) => spec.handle(calls, row),
          (r) => (thisRun[r.status] = (thisRun[r.status] ?? 0) + 1),
        );
      } finally {
        writer.flush();
      }
    }
    const statuses = actions.countByStatus(source.id, spec.action);
    const interrupted = Boolean(options.signal?.aborted) || calls.stop.stopped;
    const summary: CampaignSummary = {
      action: spec.action,
      thisRun,
      statuses,
      requests: {
        writes: calls.stats.writes,
        reads: calls.stats.reads,
        rateLimited: calls.stats.rateLimited,
      },
      interrupted,
      exitCode:
        interrupted ||
        CAMPAIGN_ATTENTION.some((s) => (statuses[s] ?? 0) > 0) ||
        (!options.dryRun && (statuses.planned ?? 0) + (statuses.failed ?? 0) > 0)
          ? 1
          : 0,
    };
    journal.finishRun(runId, summary);
    if (calls.breaker.open)
      throw usageError(
        `cannot reach ${calls.client.target.baseUrl}: run the same command again once it answers`,
      );
    return summary;
  } finally {
    session.close();
  }
}

/**
 * `users mark-verified`: users the old system had verified but who were imported unverified get
 * `email_verified: true` (the WorkOS migration guide: do not make them verify again). An update to
 * a value is idempotent, so a row in flight at a crash is simply done again.
 */
export function markVerified(options: MarkVerifiedOptions): Promise<CampaignSummary> {
  return runCampaign(options, {
    command: 'users mark-verified',
    action: 'mark_verified',
    plan: (journal, sourceId) => planFromSource(journal, sourceId, options),
    settle: (_calls, rows) => Promise.resolve(rows.map((r) => ({ key: r.key, status: 'planned' as const }))),
    handle: async (calls, row) => {
      if (!row.workosId) return { key: row.key, status: 'gone', errorCode: 'no_workos_id' };
      const id = row.workosId;
      const found = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
        calls.client.call((sdk) => sdk.userManagement.getUser(encodeURIComponent(id))),
      );
      if (found.ok && found.value.emailVerified)
        return { key: row.key, status: 'skipped', errorCode: 'already_verified', attempts: found.attempts };
      if (!found.ok) return actionResultOf(row.key, found, () => ({ status: 'done' }));
      const out = await pacedCall(calls, { budgets: WRITE, retry: 'idempotent' }, () =>
        calls.client.call((sdk) => sdk.userManagement.updateUser({ userId: id, emailVerified: true })),
      );
      const r = actionResultOf(row.key, out, () => ({ status: 'done' }));
      // An update carries no risk when repeated: an unanswered one is simply planned again.
      return r.status === 'unknown' ? { ...r, status: 'planned' } : r;
    },
  });
}

export function checkFromSource(value: string | boolean | undefined): string | undefined {
  if (value === undefined || value === true) return undefined;
  if (value === false || value === '') throw usageError('--from-source needs the export path, or nothing');
  return value;
}
