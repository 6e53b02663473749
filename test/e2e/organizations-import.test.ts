import { join } from 'node:path';
import type { Organization, OrganizationMembership } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Journal } from '../../src/journal/journal.js';
import { seededRandom } from '../support/seeded-random.js';
import {
  emulatorSecrets,
  listAllUsers,
  runCli,
  scanForSecrets,
  sdkFor,
  startCli,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

const USERS = 2000;
const ORGS = 200;
const ROLES = ['member', 'admin', 'owner'];
const random = seededRandom(Number(process.env.ORGS_SEED ?? 20261203));

type OrgUser = SourceUser & {
  organizations: Array<{ id: string; name: string; domains?: string[]; role: string }>;
};

/** Each user in one organization, every seventh in a second one; roles drawn from the three. */
function makeUsers(): OrgUser[] {
  const org = (n: number, role: string) => ({
    id: `team-${n}`,
    name: `Team ${n}`,
    ...(n % 4 === 0 ? { domains: [`team${n}.example.com`] } : {}),
    role,
  });
  const pick = () => ROLES[Math.floor(random() * ROLES.length)] as string;
  return Array.from({ length: USERS }, (_, i) => ({
    id: `org-user-${i}`,
    email: `org.user${i}@example.com`,
    firstName: 'O',
    lastName: String(i),
    emailVerified: true,
    organizations: [org(i % ORGS, pick()), ...(i % 7 === 0 ? [org((i * 3 + 1) % ORGS, pick())] : [])],
  }));
}

describe('organizations, memberships and roles: 2,000 users in 200 organizations, five kills, 5% 5xx', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const users = makeUsers();
  const expected = new Map<string, string>(); // `${email} ${orgExternalId}` → role
  for (const u of users) for (const o of u.organizations) expected.set(`${u.email} ${o.id}`, o.role);
  let source = '';
  // Limits scaled ×20 (the emulator's and the pacing flags alike): the same exactly-once story, half the wait.
  const limitFlags = ['--write-limit', '1000/1s', '--read-limit', '2000/1s', '--general-limit', '12000/6s'];
  const args = (): string[] => [
    'import',
    source,
    '--state',
    state,
    '--emulator',
    emu.url,
    ...limitFlags,
    '--rate',
    '100%',
    '--roles',
    ROLES.join(','),
    '--json',
  ];
  const posts = (route: string): number => emu.control.counters().requests[`POST ${route}`] ?? 0;

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 20 }, roles: ROLES });
    source = writeSource(dir, users);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    for (const path of [
      '/user_management/users',
      '/organizations',
      '/user_management/organization_memberships',
    ])
      emu.control.addFault({ method: 'POST', path, kind: '5xx', status: 503, probability: 0.05 });
    // And answers lost after the create committed: settled by lookup (external id, the user's memberships).
    for (const path of ['/organizations', '/user_management/organization_memberships'])
      emu.control.addFault({ method: 'POST', path, kind: 'commit_then_drop', probability: 0.01 });
    // And answers slow enough that a kill in these phases finds creates in flight.
    for (const path of ['/organizations', '/user_management/organization_memberships'])
      emu.control.addFault({ method: 'POST', path, kind: 'latency', latencyMs: 10 });
  });
  afterAll(async () => {
    await emu.close();
  });

  async function listMemberships(orgId: string): Promise<OrganizationMembership[]> {
    const sdk = sdkFor(emu);
    const out: OrganizationMembership[] = [];
    let after: string | undefined;
    do {
      const page = await sdk.userManagement.listOrganizationMemberships({
        organizationId: orgId,
        limit: 100,
        after,
        order: 'asc',
      });
      out.push(...page.data);
      after = page.listMetadata.after ?? undefined;
    } while (after);
    return out;
  }

  it('ends with exactly 200 organizations and every membership with its role; a second run creates nothing', async () => {
    // Kills at seeded moments of each phase, counted in requests the emulator saw: two while the
    // users are created, one in the organizations, two in the memberships.
    const schedule: Array<[string, number]> = [
      ['/user_management/users', 200 + Math.floor(random() * 600)],
      ['/user_management/users', 1100 + Math.floor(random() * 600)],
      ['/organizations', 20 + Math.floor(random() * 120)],
      ['/user_management/organization_memberships', 100 + Math.floor(random() * 600)],
      ['/user_management/organization_memberships', 1000 + Math.floor(random() * 800)],
    ];
    const kills: string[] = [];
    const inFlightAfterKill: number[] = [];
    for (const [route, at] of schedule) {
      const run = startCli(args(), emu);
      let exited = false;
      void run.done.then(() => (exited = true));
      while (!exited && posts(route) < at) await new Promise((r) => setTimeout(r, 2));
      run.child.kill('SIGKILL');
      const result = await run.done;
      kills.push(result.signal === 'SIGKILL' ? `${route}@${at}` : `exited ${result.code}`);
      const j = Journal.open(state);
      const src = j.currentSource();
      if (src)
        inFlightAfterKill.push(
          (j.orgs.countByStatus('organizations', src.id).in_flight ?? 0) +
            (j.orgs.countByStatus('memberships', src.id).in_flight ?? 0),
        );
      j.close();
    }
    expect(
      kills.filter((k) => !k.startsWith('exited')),
      kills.join(', '),
    ).toHaveLength(5);
    // The kills in the organization phases must have caught creates mid-flight.
    expect(
      inFlightAfterKill.some((n) => n > 0),
      inFlightAfterKill.join(','),
    ).toBe(true);

    const fired = emu.control.counters().faults;
    expect(
      fired.filter((f) => f.kind === '5xx').every((f) => f.fired > 0),
      JSON.stringify(fired),
    ).toBe(true);
    expect(
      fired.filter((f) => f.kind === 'commit_then_drop').reduce((n, f) => n + f.fired, 0),
    ).toBeGreaterThan(0);

    const final = await runCli(args(), emu);
    expect(final.code, final.stderr + final.stdout.slice(0, 2000)).toBe(0);
    const summary = JSON.parse(final.stdout) as {
      statuses: Record<string, number>;
      organizations: { organizations: Record<string, number>; memberships: Record<string, number> };
    };
    expect(summary.statuses.created).toBe(USERS);
    expect(summary.organizations.organizations).toEqual({ created: ORGS });
    expect(summary.organizations.memberships).toEqual({ created: expected.size });

    // What WorkOS has, read through the SDK: 200 organizations, one per external id.
    const sdk = sdkFor(emu);
    const orgs: Organization[] = [];
    let after: string | undefined;
    do {
      const page = await sdk.organizations.listOrganizations({ limit: 100, order: 'asc', after });
      orgs.push(...page.data);
      after = page.listMetadata.after ?? undefined;
    } while (after);
    expect(orgs).toHaveLength(ORGS);
    expect(new Set(orgs.map((o) => o.externalId)).size).toBe(ORGS);
    const emailById = new Map<string, string>();
    const allUsers = await listAllUsers(emu);
    expect(allUsers).toHaveLength(USERS);
    for (const u of allUsers) emailById.set(u.id, u.email);
    const actual = new Map<string, string>();
    for (const o of orgs)
      for (const m of await listMemberships(o.id)) {
        const key = `${emailById.get(m.userId)} ${o.externalId}`;
        expect(actual.has(key), `membership ${key} twice`).toBe(false);
        actual.set(key, m.role.slug);
      }
    expect(actual.size).toBe(expected.size);
    expect([...expected].filter(([k, role]) => actual.get(k) !== role)).toEqual([]);

    // A second run finds everything done and sends no create of any kind.
    const before = [
      '/user_management/users',
      '/organizations',
      '/user_management/organization_memberships',
    ].map(posts);
    const again = await runCli(args(), emu);
    expect(again.code, again.stderr).toBe(0);
    expect(
      ['/user_management/users', '/organizations', '/user_management/organization_memberships'].map(posts),
    ).toEqual(before);
  }, 240_000);

  it('verify passes, then fails naming the user whose role was changed in WorkOS', async () => {
    const verify = () =>
      runCli(
        ['organizations', 'verify', '--state', state, '--emulator', emu.url, ...limitFlags, '--json'],
        emu,
      );
    const ok = await verify();
    expect(ok.code, ok.stderr).toBe(0);
    const pass = JSON.parse(ok.stdout) as { status: string; counts: Record<string, number> };
    expect(pass.status).toBe('PASS');
    expect(pass.counts.memberships).toBe(expected.size);

    const victim = users[42] as OrgUser;
    const sdk = sdkFor(emu);
    const org = await sdk.organizations.getOrganizationByExternalId(victim.organizations[0]?.id as string);
    const user = (await sdk.userManagement.listUsers({ email: victim.email })).data[0];
    const [membership] = (
      await sdk.userManagement.listOrganizationMemberships({ organizationId: org.id, userId: user?.id })
    ).data;
    const other = ROLES.find((r) => r !== victim.organizations[0]?.role) as string;
    await sdk.userManagement.updateOrganizationMembership(membership?.id as string, { roleSlug: other });

    const bad = await verify();
    expect(bad.code).toBe(1);
    const fail = JSON.parse(bad.stdout) as {
      status: string;
      counts: Record<string, number>;
      offenders: Array<{ email?: string; reason: string }>;
    };
    expect(fail.status).toBe('FAIL');
    expect(fail.counts.roleMismatches).toBe(1);
    expect(fail.offenders).toHaveLength(1);
    expect(fail.offenders[0]?.email).toBe(victim.email);
    expect(fail.offenders[0]?.reason).toContain(other);
    const human = await runCli(
      ['organizations', 'verify', '--state', state, '--emulator', emu.url, ...limitFlags],
      emu,
    );
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(victim.email);
    // The migration's checklist carries the same check: `verify` fails on it, naming the user.
    const checklist = await runCli(
      ['verify', '--state', state, '--emulator', emu.url, ...limitFlags, '--json'],
      emu,
    );
    expect(checklist.code).toBe(1);
    const memberships = (
      JSON.parse(checklist.stdout) as {
        checks: Array<{ id: string; status: string; offenders: Array<{ email?: string }> }>;
      }
    ).checks.find((c) => c.id === 'memberships');
    expect(memberships?.status).toBe('FAIL');
    expect(memberships?.offenders.map((o) => o.email)).toEqual([victim.email]);
    expect(scanForSecrets(await emulatorSecrets(emu)).leaks).toEqual([]);
  }, 60_000);
});
