import type { Journal } from '../journal/journal.js';
import { hasOrgData, orgCounts, orgsNeedAttention, type OrgCounts } from '../journal/org-reports.js';
import type { UserStatus } from '../journal/statuses.js';
import { factorsPass, type FactorPassDeps } from './factor-pass.js';
import { membershipsPass, organizationsPass, type OrgPassDeps } from './org-pass.js';
import type { OrgPlan } from './org-planner.js';
import type { SideSource } from './plan-source.js';

/** What `import` takes for organizations, memberships and roles (parsed once by the CLI). */
export interface OrgImportOptions {
  /** A separate organizations source (`--organizations`). */
  organizations?: SideSource;
  /** A separate memberships source (`--memberships`). */
  memberships?: SideSource;
  /** The target environment's role slugs (`--roles`): memberships with another role are not sent. */
  roles?: readonly string[];
}

export interface OrgSummary extends OrgCounts {
  thisRun: {
    organizations: Partial<Record<UserStatus, number>>;
    memberships: Partial<Record<UserStatus, number>>;
    factors: Partial<Record<string, number>>;
  };
}

export { orgsNeedAttention };

/** Writes what the organizations planner found into the journal (the planning step of import). */
export function planOrganizationsIntoJournal(
  journal: Journal,
  sourceId: number,
  runId: number,
  plan: OrgPlan,
): void {
  journal.orgs.planOrganizations(sourceId, runId, plan.organizations);
  journal.orgs.planMemberships(sourceId, runId, plan.memberships);
  journal.orgs.blockMembershipsOfBlockedUsers(sourceId);
}

export function orgSummary(journal: Journal, sourceId: number, thisRun: OrgSummary['thisRun']): OrgSummary {
  return { ...orgCounts(journal, sourceId), thisRun };
}

/**
 * The import's steps after the users, in the guide's order: organizations, then memberships with
 * their roles, then authenticator factors. Each is a pass over journal rows that a resumed run
 * continues; each stops with the run (Ctrl-C, unreachable).
 */
export async function runOrganizationSteps(
  deps: Omit<OrgPassDeps, 'count'> &
    Pick<FactorPassDeps, 'planOptions' | 'streamUsers'> & {
      /** Users with a secret in the source: without any, the factor step needs no pass over it. */
      totpUsers: number;
    },
): Promise<OrgSummary['thisRun']> {
  const thisRun: OrgSummary['thisRun'] = { organizations: {}, memberships: {}, factors: {} };
  const count = (table: 'organizations' | 'memberships', status: UserStatus) =>
    (thisRun[table][status] = (thisRun[table][status] ?? 0) + 1);
  const base = { ...deps, count };
  await organizationsPass(base);
  if (!deps.calls.stop.stopped) await membershipsPass(base);
  if (!deps.calls.stop.stopped && deps.totpUsers > 0)
    await factorsPass({
      ...deps,
      count: (status) => (thisRun.factors[status] = (thisRun.factors[status] ?? 0) + 1),
    });
  return thisRun;
}

/** `retry`: organizations and memberships with these outcomes, and failed factors, are tried again. */
export function retryOrganizations(
  journal: Journal,
  sourceId: number,
  statuses: readonly UserStatus[],
): void {
  journal.orgs.resetToPending('organizations', sourceId, statuses);
  journal.orgs.resetToPending('memberships', sourceId, statuses);
  if (statuses.includes('failed')) journal.actions.replan(sourceId, 'totp_factor', ['failed']);
}

/** Adds the organizations side to an import's summary when the source has any; it counts in the exit code. */
export function attachOrgSummary(
  summary: { organizations?: OrgSummary; exitCode: 0 | 1 },
  orgs: OrgSummary,
): void {
  if (!hasOrgData(orgs)) return;
  summary.organizations = orgs;
  if (orgsNeedAttention(orgs) > 0) summary.exitCode = 1;
}
