import { campaignSettings, importedSource, type CampaignOptions } from '../runner/campaign.js';
import { openSession } from '../runner/session.js';
import { WRITE } from '../workos/limits.js';

/**
 * Organization routes are not under /user_management: the general limit, and for deletes also
 * WorkOS's 50 per minute per API key (limits.ts). One process uses one key, so one pacer key.
 */
const GENERAL = ['general'] as const;
const ORG_DELETE = { budget: 'organizationDelete', key: 'this API key' } as const;
import { pacedCall, type CallContext } from '../workos/paced-call.js';
import { deleteMembership, deleteOrganization } from '../workos/organizations.js';
import type { CallResult } from '../workos/client.js';
import type { OrgTable } from '../journal/organizations.js';
import type { Journal } from '../journal/journal.js';

export interface UndoOrganizationsResult {
  memberships: number;
  organizations: number;
  /** Rows WorkOS would not delete, with the reason: they stay as they are in the journal. */
  failed: Array<{ object: 'organization' | 'membership'; key: string; reason: string }>;
}

/**
 * Deletes what the migration created on the organizations side — memberships first, then the
 * organizations — and never an organization or membership it only linked (it existed before).
 * `runId` limits it to what one run created. Each deleted row goes back to `pending` in the
 * journal, so a later import would create it again.
 */
export async function undoOrganizations(
  ctx: { journal: Journal; sourceId: number; calls: CallContext },
  runId?: number,
): Promise<UndoOrganizationsResult> {
  const { journal, sourceId, calls } = ctx;
  const result: UndoOrganizationsResult = { memberships: 0, organizations: 0, failed: [] };
  const undo = async (
    table: OrgTable,
    rows: Iterable<{ key: string; workosId: string | null; origin: string | null; runId: number | null }>,
    del: (id: string) => Promise<CallResult<void>>,
  ): Promise<number> => {
    const ours = [...rows].filter(
      (r) => r.origin === 'created' && r.workosId && (runId === undefined || r.runId === runId),
    );
    const done: string[] = [];
    for (const r of ours) {
      if (calls.stop.stopped) break;
      // A delete of something already gone is what we wanted: idempotent, so retried like a read.
      const out = await pacedCall(
        calls,
        {
          budgets: table === 'memberships' ? WRITE : GENERAL,
          ...(table === 'organizations' ? { key: ORG_DELETE } : {}),
          retry: 'idempotent',
        },
        () => del(r.workosId as string),
      );
      if (out.ok || (!out.ok && out.failure.kind === 'not_found')) done.push(r.key);
      else
        result.failed.push({
          object: table === 'memberships' ? 'membership' : 'organization',
          key: r.key,
          reason: out.failure.message,
        });
    }
    journal.orgs.markUndone(table, sourceId, done);
    return done.length;
  };
  result.memberships = await undo('memberships', journal.orgs.memberships(sourceId, ['created']), (id) =>
    deleteMembership(calls.client, id),
  );
  result.organizations = await undo(
    'organizations',
    journal.orgs.organizations(sourceId, ['created']),
    (id) => deleteOrganization(calls.client, id),
  );
  return result;
}

/** The same as a library call with its own session (the `undo` command gathers it with the users'). */
export async function runUndoOrganizations(
  options: CampaignOptions & { runId?: number },
): Promise<UndoOrganizationsResult> {
  const session = await openSession({
    target: options,
    state: options.state,
    command: 'undo organizations',
    settings: campaignSettings(options),
    signal: options.signal,
    client: options.client,
  });
  try {
    const source = importedSource(session.journal);
    return await undoOrganizations(
      { journal: session.journal, sourceId: source.id, calls: session.calls },
      options.runId,
    );
  } finally {
    session.close();
  }
}
