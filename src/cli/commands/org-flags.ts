import type { Command } from 'commander';
import type { OrgImportOptions } from '../../organizations/import-steps.js';
import { UsageError } from '../errors.js';

export interface OrgFlags {
  organizations?: string;
  organizationsQuery?: string;
  memberships?: string;
  membershipsQuery?: string;
  roles?: string;
}

/** The organizations side of a source, shared by assess and import. */
export function addOrgOptions(command: Command): Command {
  return command
    .option('--organizations <file|url>', 'organizations source: records { id, name, domains? }')
    .option('--organizations-query <sql>', 'SQL query for a database --organizations source')
    .option(
      '--memberships <file|url>',
      'memberships source: records { userId or email, organizationId, role? }',
    )
    .option('--memberships-query <sql>', 'SQL query for a database --memberships source')
    .option('--roles <slugs>', "the WorkOS environment's role slugs, comma-separated (e.g. member,admin)");
}

export function orgOptionsOf(flags: OrgFlags): OrgImportOptions {
  if (flags.organizationsQuery && !flags.organizations)
    throw new UsageError('--organizations-query needs --organizations (the database URL)');
  if (flags.membershipsQuery && !flags.memberships)
    throw new UsageError('--memberships-query needs --memberships (the database URL)');
  const roles = flags.roles
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (flags.roles !== undefined && !roles?.length)
    throw new UsageError('--roles needs at least one role slug, e.g. --roles member,admin');
  return {
    ...(flags.organizations
      ? { organizations: { source: flags.organizations, query: flags.organizationsQuery } }
      : {}),
    ...(flags.memberships
      ? { memberships: { source: flags.memberships, query: flags.membershipsQuery } }
      : {}),
    ...(roles ? { roles } : {}),
  };
}
