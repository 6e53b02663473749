import type { Journal } from './journal.js';
import { checkFormat, openExisting, requireSource, writeRows, type ExportOptions } from './reports.js';
import type { ActionStatus } from './actions.js';
import { NEEDS_ATTENTION_STATUSES, needsAttention, type UserStatus } from './statuses.js';

/** Organizations, memberships (and per role) and TOTP factors, as the journal has them. */
export interface OrgCounts {
  organizations: Partial<Record<UserStatus, number>>;
  memberships: Partial<Record<UserStatus, number>>;
  /** Memberships per role, as planned. */
  roles: Record<string, number>;
  factors: Partial<Record<ActionStatus, number>>;
}

export function orgCounts(journal: Journal, sourceId: number): OrgCounts {
  return {
    organizations: journal.orgs.countByStatus('organizations', sourceId),
    memberships: journal.orgs.countByStatus('memberships', sourceId),
    roles: journal.orgs.countByRole(sourceId),
    factors: journal.actions.countByStatus(sourceId, 'totp_factor'),
  };
}

/** Factor rows a later run must settle or a person must look at; `skipped` ones are listed by errors export, not counted. */
const FACTOR_ATTENTION: readonly ActionStatus[] = ['in_flight', 'unknown', 'failed'];

/** How many organization-side rows keep the migration from being complete. */
export function orgsNeedAttention(c: OrgCounts): number {
  return (
    needsAttention(c.organizations) +
    needsAttention(c.memberships) +
    FACTOR_ATTENTION.reduce((n, k) => n + (c.factors[k] ?? 0), 0)
  );
}

/** Whether the journal has anything of the organizations side at all. */
export const hasOrgData = (c: OrgCounts): boolean =>
  Object.keys(c.organizations).length + Object.keys(c.memberships).length + Object.keys(c.factors).length > 0;

/** One line of `errors export`: a user row, or an organization, membership or factor that needs a look. */
export interface ErrorLine {
  row: number | null;
  localId: string | null;
  email: string;
  lane: string | null;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  attempts: number;
  object: 'user' | 'organization' | 'membership' | 'totp_factor';
}

/** Factor rows to act on: `skipped` users must enrol again, the others need a later run or a look. */
const FACTOR_LISTED = ['skipped', 'failed', 'unknown', 'in_flight'] as const;

/** Organizations, memberships and factors that need attention, in that order. */
export function* orgErrorLines(journal: Journal, sourceId: number): Generator<ErrorLine> {
  for (const o of journal.orgs.organizations(sourceId, NEEDS_ATTENTION_STATUSES))
    yield {
      row: o.firstRow,
      localId: o.key,
      email: '',
      lane: null,
      status: o.status,
      errorCode: o.errorCode,
      errorMessage: `organization ${o.key} (${o.name}): ${o.errorMessage ?? ''}`,
      requestId: o.requestId,
      attempts: o.attempts,
      object: 'organization',
    };
  for (const m of journal.orgs.memberships(sourceId, NEEDS_ATTENTION_STATUSES))
    yield {
      row: m.row,
      localId: m.localId,
      email: m.email,
      lane: null,
      status: m.status,
      errorCode: m.errorCode,
      errorMessage: `membership in organization ${m.orgKey}${m.role ? ` as ${m.role}` : ''}: ${m.errorMessage ?? ''}`,
      requestId: m.requestId,
      attempts: m.attempts,
      object: 'membership',
    };
  for (const f of journal.actions.rowsPaged(sourceId, 'totp_factor', FACTOR_LISTED))
    yield {
      row: null,
      localId: f.key.startsWith('id:') ? f.key.slice(3) : null,
      email: f.email,
      lane: f.lane,
      status: f.status,
      errorCode: f.errorCode,
      errorMessage: f.errorMessage,
      requestId: f.requestId,
      attempts: f.attempts,
      object: 'totp_factor',
    };
}

/** External id (the organization's id in your system) → WorkOS organization id, for every one created or linked. */
export async function exportOrganizationMapping(options: ExportOptions = {}): Promise<{ rows: number }> {
  const format = checkFormat(options.format);
  const journal = openExisting(options.state);
  try {
    const source = requireSource(journal);
    const rows = await writeRows(
      journal.orgs.organizations(source.id, ['created', 'linked']),
      [
        ['external_id', (r) => r.key],
        ['name', (r) => r.name],
        ['workos_organization_id', (r) => r.workosId],
        ['status', (r) => r.status],
      ],
      format,
      options.out ?? process.stdout,
    );
    return { rows };
  } finally {
    journal.close();
  }
}
