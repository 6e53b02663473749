import type { Journal } from '../journal/journal.js';
import type { OrgResult, OrgRow } from '../journal/organizations.js';
import type { UserStatus } from '../journal/statuses.js';
import { createOnce, type CreateOnceOutcome } from '../runner/create-once.js';
import { RowWriter } from '../runner/campaign.js';
import type { ProgressReporter } from '../runner/progress.js';
import { runPass } from '../runner/run-pass.js';
import { READ, WRITE } from '../workos/limits.js';
import type { CallContext } from '../workos/paced-call.js';
import {
  createMembership,
  createOrganization,
  findMembership,
  findOrganizationByExternalId,
} from '../workos/organizations.js';
import type { MembershipRow } from '../journal/organizations.js';

export interface OrgPassDeps {
  journal: Journal;
  sourceId: number;
  runId: number;
  calls: CallContext;
  journalId: string;
  workers: number;
  progress: ProgressReporter;
  /** Counts this run's results per table and status. */
  count: (table: 'organizations' | 'memberships', status: UserStatus) => void;
}

/** Rows a pass picks up: never sent, or sent without a known outcome (settled by lookup first). */
const OPEN: readonly UserStatus[] = ['pending', 'in_flight', 'unknown'];
const SENT_BEFORE: readonly UserStatus[] = ['in_flight', 'unknown'];
/** Organizations draw on the general limit only; they are not under /user_management (limits.ts). */
const GENERAL = ['general'] as const;

function resultOf<T extends { id: string }>(
  key: string,
  out: CreateOnceOutcome<T>,
  done: (
    value: T,
    by: 'created' | 'found',
  ) => Pick<OrgResult, 'status' | 'origin' | 'errorCode' | 'errorMessage'>,
): OrgResult {
  if (out.ok)
    return {
      key,
      workosId: out.value.id,
      attempts: out.attempts,
      requestId: out.requestId ?? null,
      ...done(out.value, out.by),
    };
  return {
    key,
    status: out.status,
    attempts: out.attempts,
    errorCode: out.code,
    errorMessage: out.message,
    requestId: out.requestId ?? null,
  };
}

async function pass<Row extends { key: string }>(
  deps: OrgPassDeps,
  table: 'organizations' | 'memberships',
  rows: () => IterableIterator<Row>,
  handle: (row: Row, writer: RowWriter<OrgResult>) => Promise<OrgResult | undefined>,
): Promise<void> {
  const { journal, sourceId, runId } = deps;
  const open = journal.orgs.countByStatus(table, sourceId);
  const total = OPEN.reduce((n, s) => n + (open[s] ?? 0), 0);
  if (total === 0 || deps.calls.stop.stopped) return;
  const writer = new RowWriter<OrgResult>(
    (keys) => journal.orgs.markInFlight(table, sourceId, runId, keys),
    (results) => journal.orgs.recordResults(table, sourceId, results),
  );
  deps.progress.start(table, total);
  try {
    await runPass<Row, OrgResult | undefined>({
      workers: deps.workers,
      stop: deps.calls.stop,
      feed: async (push) => {
        // Collected first: the writer updates these rows while the pass runs, and a paged read
        // over a changing status would skip rows.
        const todo = [...rows()];
        for (const row of todo) if (!(await push(row))) return;
      },
      handle: (row) => handle(row, writer),
      record: (r) => {
        deps.progress.tick();
        if (!r) return;
        writer.record(r);
        deps.count(table, r.status);
      },
    });
  } finally {
    writer.flush();
    deps.progress.stop();
  }
}

/**
 * Creates every organization once: external id = its id in the source, and the SDK's idempotency
 * key (stable per journal and organization), so a retried create returns the first one. A row
 * sent before is looked up by external id first; an existing organization with our external id
 * but another name was not made by this migration and is left alone as a conflict.
 */
export function organizationsPass(deps: OrgPassDeps): Promise<void> {
  return pass<OrgRow>(
    deps,
    'organizations',
    () => deps.journal.orgs.organizations(deps.sourceId, OPEN),
    async (row, writer) => {
      const client = deps.calls.client;
      const out = await createOnce(deps.calls, {
        writeBudgets: GENERAL,
        readBudgets: GENERAL,
        sentBefore: SENT_BEFORE.includes(row.status),
        mark: () => writer.markInFlight(row.key),
        create: () =>
          createOrganization(
            client,
            { name: row.name, externalId: row.key, domains: row.domains },
            `${deps.journalId}:organization:${row.key}`,
          ),
        find: () => findOrganizationByExternalId(client, row.key),
        exists: (f) => f.kind === 'external_id_taken',
      });
      return resultOf(row.key, out, (org, by) =>
        by === 'created'
          ? { status: 'created', origin: 'created' }
          : org.name === row.name
            ? { status: 'linked', origin: 'linked' }
            : {
                status: 'conflict',
                errorCode: 'organization_name_differs',
                errorMessage: `WorkOS already has organization ${org.id} with external id ${row.key}, named "${org.name}" instead of "${row.name}": rename one, or remove the external id in WorkOS, then retry`,
              },
      );
    },
  );
}

/**
 * Adds each user to each organization once, with its role, after both exist. A membership sent
 * before (or refused because it exists) is settled by listing the user's memberships in that
 * organization; one found with another role is reported, never changed behind the user's back.
 */
export function membershipsPass(deps: OrgPassDeps): Promise<void> {
  return pass<MembershipRow>(
    deps,
    'memberships',
    () => deps.journal.orgs.memberships(deps.sourceId, OPEN),
    async (row, writer) => {
      const userId = row.userWorkosId;
      const orgId = row.orgWorkosId;
      // Waits for its user and organization: a later run creates it once both are in WorkOS.
      if (
        !userId ||
        !orgId ||
        !['created', 'linked'].includes(row.userStatus) ||
        !['created', 'linked'].includes(row.orgStatus ?? '')
      )
        return undefined;
      const client = deps.calls.client;
      const out = await createOnce(deps.calls, {
        writeBudgets: WRITE,
        readBudgets: READ,
        sentBefore: SENT_BEFORE.includes(row.status),
        mark: () => writer.markInFlight(row.key),
        create: () => createMembership(client, { userId, organizationId: orgId, roleSlug: row.role }),
        find: () => findMembership(client, userId, orgId),
        exists: (f) => f.kind === 'invalid' && /already/i.test(f.message),
      });
      return resultOf(row.key, out, (m, by) => {
        const role = m.role?.slug ?? null;
        if (row.role && role !== row.role)
          return {
            status: 'conflict',
            origin: by === 'created' ? 'created' : 'linked',
            errorCode: 'role_differs',
            errorMessage: `${row.email} is in organization ${row.orgKey} with role ${role ?? '(none)'} in WorkOS, not ${row.role}: change one of them, then verify`,
          };
        return by === 'created'
          ? { status: 'created', origin: 'created' }
          : { status: 'linked', origin: 'linked' };
      });
    },
  );
}
