import type { Journal } from '../journal/journal.js';
import type { MembershipRow, OrgRow } from '../journal/organizations.js';
import { DONE_STATUSES } from '../journal/statuses.js';
import { runPass } from '../runner/run-pass.js';
import { READ } from '../workos/limits.js';
import { pacedCall, type CallContext } from '../workos/paced-call.js';
import { findOrganizationByExternalId, listMembershipsPage } from '../workos/organizations.js';
import { OffenderList, titleOf } from '../verify/checklist.js';
import type { CheckResult, Offender } from '../verify/types.js';

export type { CheckResult };

/**
 * Completeness and role parity of organizations and memberships: every organization the journal
 * planned is in WorkOS under its external id, and every membership is there with the role the
 * old system gave. A role changed in WorkOS since the import names the user, the organization
 * and both roles. Blocked rows (data problems assess reported) are counted, not offenders.
 */
export async function checkOrganizations(ctx: {
  journal: Journal;
  sourceId: number;
  calls: CallContext;
}): Promise<CheckResult> {
  const { journal, sourceId, calls } = ctx;
  const counts = {
    organizations: 0,
    memberships: 0,
    missing: 0,
    roleMismatches: 0,
    notImported: 0,
    blocked: 0,
  };
  // The first offenders as every verify check keeps them; the counts stay complete.
  const offenders = new OffenderList();
  const offend = (o: Offender) => offenders.add(o);
  const who = (m: MembershipRow) => ({
    email: m.email,
    ...(m.localId ? { localId: m.localId } : {}),
    ...(m.userWorkosId ? { workosId: m.userWorkosId } : {}),
  });
  const read = <T>(fn: () => Promise<import('../workos/client.js').CallResult<T>>) =>
    pacedCall(calls, { budgets: READ, retry: 'idempotent' }, fn);

  const checkOne = async (org: OrgRow): Promise<void> => {
    counts.organizations++;
    const members = journal.orgs.membershipsOf(sourceId, org.key);
    if (org.status === 'blocked') {
      counts.blocked += 1 + members.length;
      return;
    }
    if (!DONE_STATUSES.includes(org.status) || !org.workosId) {
      counts.notImported++;
      offend({
        reason: `organization ${org.key} (${org.name}) is ${org.status} in the journal, not in WorkOS`,
      });
      return;
    }
    const found = await read(() => findOrganizationByExternalId(calls.client, org.key));
    if (!found.ok) throw new Error(`could not read organization ${org.key}: ${found.failure.message}`);
    if (!found.value || found.value.id !== org.workosId) {
      counts.missing++;
      offend({ reason: `organization ${org.key} (${org.name}) is not in WorkOS as ${org.workosId}` });
      return;
    }
    const inWorkos = new Map<string, string | null>();
    let after: string | undefined;
    do {
      const page = await read(() => listMembershipsPage(calls.client, org.workosId as string, after));
      if (!page.ok) throw new Error(`could not list members of ${org.key}: ${page.failure.message}`);
      for (const m of page.value.data) inWorkos.set(m.userId, m.role?.slug ?? null);
      after = page.value.after ?? undefined;
    } while (after);
    for (const m of members) {
      counts.memberships++;
      if (m.status === 'blocked') {
        counts.blocked++;
        continue;
      }
      if (!m.userWorkosId || !DONE_STATUSES.includes(m.status)) {
        counts.notImported++;
        offend({
          ...who(m),
          reason: `membership in ${org.key} is ${m.status} in the journal, not in WorkOS`,
        });
        continue;
      }
      if (!inWorkos.has(m.userWorkosId)) {
        counts.missing++;
        offend({ ...who(m), reason: `not a member of organization ${org.key} (${org.name}) in WorkOS` });
        continue;
      }
      const role = inWorkos.get(m.userWorkosId) ?? null;
      if (m.role && role !== m.role) {
        counts.roleMismatches++;
        offend({
          ...who(m),
          reason: `role in organization ${org.key} is ${role ?? '(none)'} in WorkOS, ${m.role} in the source`,
        });
      }
    }
  };
  const orgs: OrgRow[] = [...journal.orgs.organizations(sourceId)];
  // A few organizations at a time: each is two or more reads, and one after another is latency-bound.
  await runPass<OrgRow, void>({
    workers: 8,
    stop: calls.stop,
    feed: async (push) => {
      for (const org of orgs) if (!(await push(org))) return;
    },
    handle: (org) => checkOne(org),
    record: () => undefined,
  });
  const failed = counts.missing + counts.roleMismatches + counts.notImported;
  return {
    id: 'memberships',
    title: titleOf('memberships'),
    status: orgs.length === 0 ? 'SKIP' : failed > 0 ? 'FAIL' : 'PASS',
    counts,
    offenders: offenders.items,
    ...(orgs.length === 0 ? { note: 'the source has no organizations' } : {}),
    ...(counts.blocked
      ? { note: `${counts.blocked} blocked by data problems assess reported (errors export lists them)` }
      : {}),
  };
}
