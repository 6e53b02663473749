import type { ActionStatus } from '../journal/actions.js';
import { openSession } from '../runner/session.js';
import {
  campaignSettings,
  importedSource,
  openImportedJournal,
  type CampaignOptions,
} from '../runner/campaign.js';
import { readEventsSince } from '../workos/events.js';

export interface ResetStatus {
  journal: string;
  /** Planned users by status (done = a reset email was sent). */
  statuses: Partial<Record<ActionStatus, number>>;
  sent: number;
  pending: number;
  lazy: number;
  failed: number;
  /** Users who set their new password (password_reset.succeeded events), when WorkOS was asked. */
  completed?: number;
  /** Why `completed` is missing. */
  completedUnavailable?: string;
  failures: Array<{ email: string; status: ActionStatus; reason: string | null }>;
}

export interface ResetStatusOptions extends CampaignOptions {
  /** Count completed resets from WorkOS events (needs the target); default true. */
  events?: boolean;
}

/** Sent, pending and failed from the journal; completed from WorkOS's `password_reset.succeeded` events. */
export async function getResetStatus(options: ResetStatusOptions = {}): Promise<ResetStatus> {
  const journal = openImportedJournal(options.state);
  let status: ResetStatus;
  let sentRows: Array<{ workosId: string | null; doneAt: string | null }>;
  try {
    const source = importedSource(journal);
    const statuses = journal.actions.countByStatus(source.id, 'password_reset');
    const all = journal.actions.all(source.id, 'password_reset');
    sentRows = all.filter((r) => r.status === 'done');
    status = {
      journal: journal.path,
      statuses,
      sent: statuses.done ?? 0,
      pending: (statuses.planned ?? 0) + (statuses.in_flight ?? 0) + (statuses.unknown ?? 0),
      lazy: statuses.lazy ?? 0,
      failed: (statuses.failed ?? 0) + (statuses.gone ?? 0) + (statuses.not_allowed ?? 0),
      failures: all
        .filter((r) => ['failed', 'gone', 'not_allowed', 'unknown'].includes(r.status))
        .map((r) => ({ email: r.email, status: r.status, reason: r.errorMessage })),
    };
  } finally {
    journal.close();
  }
  if (options.events === false || sentRows.length === 0) return status;
  const session = await openSession({
    target: options,
    state: status.journal,
    command: 'resets status',
    lock: false,
    settings: campaignSettings(options),
    signal: options.signal,
    client: options.client,
  });
  try {
    const ours = new Set(sentRows.map((r) => r.workosId).filter((x): x is string => Boolean(x)));
    const since = new Date(
      Math.min(...sentRows.map((r) => Date.parse(r.doneAt ?? '')).filter(Number.isFinite)) - 60_000,
    );
    const done = new Set<string>();
    const failure = await readEventsSince(session.calls, ['password_reset.succeeded'], since, (e) => {
      const userId = (e.data as { userId?: string }).userId;
      if (userId && ours.has(userId)) done.add(userId);
    });
    if (failure) status.completedUnavailable = failure.message;
    else status.completed = done.size;
  } finally {
    session.close();
  }
  return status;
}
