import { MigratorError, usageError } from '../errors/index.js';
import type { ActionResult, ActionRow, ActionStatus } from '../journal/actions.js';
import { progressReporter, type PassProgress } from '../runner/progress.js';
import { runPass } from '../runner/run-pass.js';
import {
  actionResultOf,
  ActionWriter,
  campaignSettings,
  campaignWorkers,
  importedSource,
  type CampaignOptions,
  openCampaignSession,
} from '../runner/campaign.js';
import { WRITE } from '../workos/limits.js';
import { pacedCall, unreachableMessage } from '../workos/paced-call.js';
import { settleByEvents } from './settle.js';

export interface SendResetsOptions extends CampaignOptions {
  /** Only these lanes (default: every planned one). */
  lanes?: readonly string[];
  /** Send at most this many in this run. */
  limit?: number;
  /** Count what would be sent; no request leaves. */
  dryRun?: boolean;
  /** Plan `unknown` rows again: their users may get a second email. */
  resendUnknown?: boolean;
  /** How long WorkOS may take to show a reset's event; default 60 s, 0 against the emulator. */
  eventLagMs?: number;
  onProgress?: (p: PassProgress) => void;
}

export interface SendResetsSummary {
  dryRun: boolean;
  /** What this run did: sent, gone, not_allowed, failed, unknown; settled = earlier sends found in events. */
  thisRun: Partial<Record<ActionStatus | 'settled' | 'wouldSend', number>>;
  /** Every planned user of the journal, by status. */
  statuses: Partial<Record<ActionStatus, number>>;
  requests: { writes: number; reads: number; rateLimited: number };
  interrupted: boolean;
  exitCode: 0 | 1;
}

const ATTENTION: readonly ActionStatus[] = ['failed', 'unknown', 'in_flight', 'gone', 'not_allowed'];

/**
 * The reset campaign: one `POST /user_management/password_reset` per planned user, paced by the
 * write budget and 3 per 60 s per email, each row marked in flight durably before its request
 * leaves, so across crashes and resumed runs nobody gets two. Earlier sends without an answer are
 * settled from WorkOS events first (settle.ts).
 */
export async function sendResets(options: SendResetsOptions): Promise<SendResetsSummary> {
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0))
    throw usageError(`--limit must be a positive whole number; got ${options.limit}`);
  const settings = campaignSettings(options);
  const session = await openCampaignSession(options, 'resets send', settings);
  const { journal, calls } = session;
  const thisRun: SendResetsSummary['thisRun'] = {};
  const count = (k: keyof SendResetsSummary['thisRun']) => (thisRun[k] = (thisRun[k] ?? 0) + 1);
  try {
    const source = importedSource(journal);
    const actions = journal.actions;
    const all = actions.countByStatus(source.id, 'password_reset');
    if (Object.keys(all).length === 0)
      throw usageError(
        `no password resets planned in ${journal.path}: run "workos-migrator resets plan" first`,
      );
    const lanes = options.lanes;
    const inLanes = (r: ActionRow) => !lanes || lanes.includes(r.lane);
    const runId = journal.startRun(source.id, 'resets send');
    const writer = new ActionWriter(journal, source.id, 'password_reset', runId);
    const eventLagMs = options.eventLagMs ?? (calls.client.target.isEmulator ? 0 : 60_000);
    const settle = async (statuses: readonly ActionStatus[]) => {
      const rows = [...actions.rowsPaged(source.id, 'password_reset', statuses)].filter(inLanes);
      const results = await settleByEvents(calls, rows, 'password_reset.created', eventLagMs);
      for (const r of results) if (r.status === 'done') count('settled');
      actions.recordResults(source.id, 'password_reset', results);
    };

    if (options.resendUnknown && !options.dryRun) actions.replan(source.id, 'password_reset', ['unknown']);
    if (!options.dryRun) await settle(['in_flight', 'unknown']);

    const sendable: readonly ActionStatus[] = ['planned', 'failed'];
    const counts = actions.countByStatus(source.id, 'password_reset');
    const total = Math.min(options.limit ?? Infinity, (counts.planned ?? 0) + (counts.failed ?? 0));
    if (options.dryRun) {
      thisRun.wouldSend = [...actions.rowsPaged(source.id, 'password_reset', sendable)]
        .filter(inLanes)
        .slice(0, options.limit ?? Infinity).length;
    } else if (total > 0) {
      const progress = progressReporter(options.onProgress, calls.stats);
      progress.start('sending resets', total);
      let fed = 0;
      try {
        await runPass<ActionRow, ActionResult>({
          workers: campaignWorkers(calls.pacer),
          stop: calls.stop,
          feed: async (push) => {
            // Snapshot the keys first: the journal changes under a paged read as rows are marked.
            const keys = [...actions.rowsPaged(source.id, 'password_reset', sendable)].filter(inLanes);
            for (const row of keys) {
              if (fed >= (options.limit ?? Infinity)) return;
              fed++;
              if (!(await push(row))) return;
            }
          },
          handle: async (row) => {
            await writer.markInFlight(row.key);
            const out = await pacedCall(
              calls,
              { budgets: WRITE, key: { budget: 'passwordReset', key: row.email }, retry: 'once' },
              // The answer carries the reset token: only its id is kept, nothing else is read.
              () => calls.client.call((sdk) => sdk.userManagement.createPasswordReset({ email: row.email })),
            );
            return actionResultOf(row.key, out, (reset) => ({ status: 'done', refId: reset.id }), {
              gone: 'the user is no longer in WorkOS (404): nothing was sent',
              notAllowedCodes: ['password_reset_not_allowed', 'email_password_auth_disabled'],
            });
          },
          record: (r) => {
            writer.record(r);
            count(r.status === 'done' ? 'done' : r.status);
            progress.tick();
          },
        });
      } finally {
        writer.flush();
        progress.stop();
      }
      // A lost answer in this run: WorkOS's events say at once whether it was created.
      if (!calls.stop.stopped && (thisRun.unknown ?? 0) > 0) await settle(['unknown']);
    }

    const statuses = actions.countByStatus(source.id, 'password_reset');
    const interrupted = Boolean(options.signal?.aborted) || calls.stop.stopped;
    const leftOver =
      options.limit === undefined && !options.dryRun && (statuses.planned ?? 0) + (statuses.failed ?? 0) > 0;
    const summary: SendResetsSummary = {
      dryRun: Boolean(options.dryRun),
      thisRun,
      statuses,
      requests: {
        writes: calls.stats.writes,
        reads: calls.stats.reads,
        rateLimited: calls.stats.rateLimited,
      },
      interrupted,
      exitCode: ATTENTION.some((s) => (statuses[s] ?? 0) > 0) || leftOver || interrupted ? 1 : 0,
    };
    journal.finishRun(runId, summary);
    if (calls.breaker.open)
      throw new MigratorError(
        'unreachable',
        `${unreachableMessage(calls)}. The reset campaign stopped: ${statuses.planned ?? 0} user(s) not sent yet stay planned. ` +
          `Run "workos-migrator resets send" again once ${calls.client.target.baseUrl} answers; nobody is sent a second email`,
      );
    return summary;
  } finally {
    session.close();
  }
}
