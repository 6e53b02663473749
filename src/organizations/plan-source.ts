// The I/O half of organization planning: streams the user source (and the optional organizations
// and memberships sources) into the pure OrgPlanner.
import { mapSourceUsers } from '../assess/map-source-users.js';
import { identityKey } from '../journal/identity.js';
import type { MigrationUser, Problem } from '../model/user.js';
import type { PlanOptions } from '../plan/types.js';
import { isSourceError, readSource, type SourceFormat } from '../sources/index.js';
import { OrgPlanner, type OrgPlan } from './org-planner.js';

/** A separate source: a file or database URL, with its query for databases. */
export interface SideSource {
  source: string;
  query?: string;
  format?: SourceFormat;
}

export interface OrgSourceOptions {
  /** The user source, as planned (its users' `organizations` lists are read). */
  users: Pick<PlanOptions, 'source' | 'format' | 'query' | 'map'>;
  /** Records `{ id, name, domains? }` (domains as a list or comma-separated text). */
  organizations?: SideSource;
  /** Records `{ userId | email, organizationId, role? }`: userId is the user's id in your system. */
  memberships?: SideSource;
  /** Role slugs the target environment has (`--roles`); unknown roles are reported and not sent. */
  roles?: readonly string[];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const first = (r: Record<string, unknown>, names: readonly string[]): string | undefined => {
  for (const n of names) {
    const v = text(r[n]);
    if (v) return v;
  }
  return undefined;
};

/**
 * Reads every organization and membership the sources describe. A membership row names its user
 * by id or email; both are matched the way journal rows are keyed (identity.ts), so a membership
 * reaches the same row its user was planned into.
 */
export async function planOrganizationSources(
  options: OrgSourceOptions,
): Promise<OrgPlan & { users: number; totpUsers: number }> {
  const collector = orgCollector(options);
  await mapSourceUsers(options.users, ({ user }) => collector.onUser(user));
  return collector.finish();
}

/**
 * The same collection fed by a pass that already streams the users (assess's planning pass):
 * `onUser` for each mapped user, then `finish` reads the side sources and plans.
 */
export function orgCollector(options: Omit<OrgSourceOptions, 'users'>): {
  onUser: (user: MigrationUser) => void;
  finish: () => Promise<OrgPlan & { users: number; totpUsers: number }>;
} {
  const planner = new OrgPlanner(options.roles);
  const byId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  const indexUsers = Boolean(options.memberships);
  let users = 0;
  let totpUsers = 0;
  const onUser = (user: MigrationUser): void => {
    users++;
    if (user.totpSecret) totpUsers++;
    const key = identityKey(user);
    if (indexUsers) {
      if (user.localId) byId.set(user.localId, key);
      if (user.externalId) byId.set(user.externalId, key);
      if (user.email) byEmail.set(user.email.trim().toLowerCase(), key);
    }
    if (user.organizations?.length) planner.addUserEntries(user.organizations, key, user.row, user.location);
  };
  const finish = async () => {
    const extra: Problem[] = [];
    const unreadable = (e: { row: number; location: string; code: string; message: string }, what: string) =>
      extra.push({
        row: e.row,
        location: e.location,
        field: what,
        code: e.code,
        message: `${what} source: ${e.message}`,
        severity: 'warning',
      });
    if (options.organizations)
      for await (const item of readSource(options.organizations)) {
        if (isSourceError(item)) {
          unreadable(item, 'organizations');
          continue;
        }
        const v = item.value;
        const raw = v.domains;
        const domains = typeof raw === 'string' ? raw.split(/[,\s]+/).filter(Boolean) : raw;
        const org = planner.parseEntry({ ...v, domains }, item.row, item.location, 'organization');
        if (org) planner.addOrganization(org, item.row, item.location);
      }
    if (options.memberships)
      for await (const item of readSource(options.memberships)) {
        if (isSourceError(item)) {
          unreadable(item, 'memberships');
          continue;
        }
        const v = item.value;
        const userRef = first(v, ['userId', 'user_id', 'localId', 'local_id']);
        const email = first(v, ['email', 'userEmail', 'user_email']);
        const orgId = first(v, ['organizationId', 'organization_id', 'orgId', 'org_id']);
        const role = first(v, ['role', 'roleSlug', 'role_slug']);
        const userKey = (userRef && byId.get(userRef)) ?? (email && byEmail.get(email.toLowerCase()));
        const where = `membership at ${item.location}`;
        if (!orgId) {
          extra.push({
            row: item.row,
            location: item.location,
            field: 'organizationId',
            code: 'invalid_membership',
            message: `${where} has no organizationId`,
            severity: 'warning',
          });
          continue;
        }
        if (!userKey) {
          extra.push({
            row: item.row,
            location: item.location,
            field: 'userId',
            code: 'unknown_user',
            message: `${where} names a user the user source does not have (${userRef ? `id ${userRef}` : 'no id or email'}): fix the row or add the user`,
            severity: 'warning',
          });
          continue;
        }
        planner.addMembership({
          userKey,
          orgId,
          ...(role ? { role } : {}),
          row: item.row,
          location: item.location,
        });
      }
    const plan = planner.finish();
    return { ...plan, problems: [...plan.problems, ...extra], users, totpUsers };
  };
  return { onUser, finish };
}
