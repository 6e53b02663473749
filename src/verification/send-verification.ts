import type { PlannedAction } from '../journal/actions.js';
import type { Journal } from '../journal/journal.js';
import { settleByEvents } from '../resets/settle.js';
import { actionResultOf } from '../runner/campaign.js';
import { WRITE } from '../workos/limits.js';
import { pacedCall } from '../workos/paced-call.js';
import { runCampaign, type CampaignSummary, type MarkVerifiedOptions } from './mark-verified.js';

export interface SendVerificationOptions extends Omit<
  MarkVerifiedOptions,
  'source' | 'format' | 'query' | 'map'
> {
  /** Plan `unknown` rows again: their users may get a second email. */
  resendUnknown?: boolean;
  /** How long WorkOS may take to list the verification's event; default 60 s, 0 against the emulator. */
  eventLagMs?: number;
}

/**
 * Every imported user not covered otherwise: not marked verified from the source, and not due a
 * password reset (confirming one verifies the email). WorkOS answers `email_already_verified` for
 * the rest, which is recorded as skipped.
 */
function planOthers(journal: Journal, sourceId: number): number {
  const covered = new Set<string>();
  for (const r of journal.actions.all(sourceId, 'mark_verified'))
    if (r.status === 'done' || r.status === 'skipped') covered.add(r.key);
  for (const r of journal.actions.all(sourceId, 'password_reset'))
    if (r.status !== 'gone' && r.status !== 'not_allowed') covered.add(r.key);
  const rows: PlannedAction[] = [];
  for (const row of journal.rows(sourceId, ['created', 'linked'])) {
    if (!row.workosId || covered.has(row.key) || journal.actions.get(sourceId, 'verification_email', row.key))
      continue;
    rows.push({ key: row.key, email: row.email, workosId: row.workosId, lane: row.lane, status: 'planned' });
  }
  journal.actions.plan(sourceId, 'verification_email', rows);
  return rows.length;
}

/**
 * `users send-verification`: `POST /user_management/users/:id/email_verification/send` at most once
 * per user, paced 3 per 60 s per user; an answer lost is settled from `email_verification.created`
 * events, like a password reset's.
 */
export function sendVerificationEmails(options: SendVerificationOptions): Promise<CampaignSummary> {
  let lag = options.eventLagMs;
  return runCampaign(options, {
    command: 'users send-verification',
    action: 'verification_email',
    plan: (journal, sourceId) => {
      if (options.resendUnknown && !options.dryRun)
        journal.actions.replan(sourceId, 'verification_email', ['unknown']);
      return planOthers(journal, sourceId);
    },
    settle: (calls, rows) => {
      lag ??= calls.client.target.isEmulator ? 0 : 60_000;
      return settleByEvents(calls, rows, 'email_verification.created', lag);
    },
    handle: async (calls, row) => {
      const userId = row.workosId as string;
      const out = await pacedCall(
        calls,
        { budgets: WRITE, key: { budget: 'verificationSend', key: userId }, retry: 'once' },
        () => calls.client.call((sdk) => sdk.userManagement.sendVerificationEmail({ userId })),
      );
      return actionResultOf(row.key, out, () => ({ status: 'done' }), {
        gone: 'the user is no longer in WorkOS (404): nothing was sent',
        skipCodes: ['email_already_verified'],
      });
    },
  });
}
