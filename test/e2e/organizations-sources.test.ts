import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  runCli,
  scaledImportArgs,
  sdkFor,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

const users: SourceUser[] = Array.from({ length: 6 }, (_, i) => ({
  id: `u${i + 1}`,
  email: `u${i + 1}@example.com`,
}));

describe('organizations and memberships from sources of their own (CSV, SQLite with a query)', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const orgsCsv = join(dir, 'orgs.csv');
  const db = join(dir, 'app.db');
  let source = '';
  const sideArgs = () => [
    '--organizations',
    orgsCsv,
    '--memberships',
    `sqlite:${db}`,
    '--memberships-query',
    'SELECT user_id, email, organization_id, role FROM team_members',
    '--roles',
    'member,admin',
  ];

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    source = writeSource(dir, users);
    writeFileSync(
      orgsCsv,
      'id,name,domains\no1,Acme,acme.test\no2,Beta,"beta.test,acme.test"\no3,Gamma,gamma.test\n',
    );
    const d = new Database(db);
    d.exec('CREATE TABLE team_members (user_id TEXT, email TEXT, organization_id TEXT, role TEXT)');
    const add = d.prepare('INSERT INTO team_members VALUES (?, ?, ?, ?)');
    for (const row of [
      ['u1', null, 'o1', 'admin'],
      ['u2', null, 'o1', 'member'],
      ['u3', null, 'o3', 'owner'], // a role the environment lacks
      ['u4', null, 'o9', 'member'], // no such organization
      ['u99', null, 'o1', 'member'], // no such user
      [null, 'U5@example.com', 'o3', 'member'], // by email, any case
      ['u6', null, 'o2', 'member'], // its organization is blocked
    ])
      add.run(...row);
    d.close();
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('assess reports each problem with its row and reason', async () => {
    const r = await runCli(['assess', source, ...sideArgs(), '--json'], emu);
    expect(r.code, r.stderr).toBe(1); // the domain claimed twice blocks organization o2
    const report = JSON.parse(r.stdout) as {
      organizations: { organizations: number; memberships: number; roles: Record<string, number> };
      problems: Array<{ row: number; code: string; message: string }>;
    };
    expect(report.organizations).toMatchObject({ organizations: 3, memberships: 6 });
    expect(report.organizations.roles).toEqual({ admin: 1, member: 4, owner: 1 });
    const codes = report.problems.map((p) => p.code).sort();
    expect(codes).toEqual(['domain_claimed_twice', 'unknown_organization', 'unknown_role', 'unknown_user']);
    expect(report.problems.find((p) => p.code === 'unknown_user')?.message).toContain('u99');
  });

  it('imports the organizations and memberships it can, and lists the rest', async () => {
    // Another organization in WorkOS already holds Gamma's domain: WorkOS refuses Gamma (409).
    await sdkFor(emu).organizations.createOrganization({
      name: 'Someone else',
      domainData: [{ domain: 'gamma.test', state: 'verified' as never }],
    });
    const r = await runCli([...scaledImportArgs(source, state, emu, '--json'), ...sideArgs()], emu);
    expect(r.code, r.stderr).toBe(1);
    const s = JSON.parse(r.stdout) as {
      organizations: { organizations: Record<string, number>; memberships: Record<string, number> };
    };
    expect(s.organizations.organizations).toEqual({ created: 1, blocked: 1, invalid: 1 });
    // u5's membership waits for Gamma, which a fix and `retry` can still create.
    expect(s.organizations.memberships).toEqual({ created: 2, blocked: 3, pending: 1 });

    const sdk = sdkFor(emu);
    const acme = await sdk.organizations.getOrganizationByExternalId('o1');
    const members = (await sdk.userManagement.listOrganizationMemberships({ organizationId: acme.id })).data;
    expect(members.map((m) => m.role.slug).sort()).toEqual(['admin', 'member']);

    const mapping = join(dir, 'orgs.json');
    const m = await runCli(
      [
        'mapping',
        'export',
        '--kind',
        'organizations',
        '--state',
        state,
        '--format',
        'json',
        '--out',
        mapping,
      ],
      emu,
    );
    expect(m.code, m.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(mapping, 'utf8')) as Array<{
      external_id: string;
      workos_organization_id: string;
    }>;
    expect(rows.map((x) => x.external_id)).toEqual(['o1']);
    expect(rows.find((x) => x.external_id === 'o1')?.workos_organization_id).toBe(acme.id);

    const errors = join(dir, 'errors.csv');
    expect((await runCli(['errors', 'export', '--state', state, '--out', errors], emu)).code).toBe(0);
    const csv = readFileSync(errors, 'utf8');
    for (const needle of [
      'domain_claimed_twice',
      'unknown_role',
      'organization_blocked',
      'u3@example.com',
      'u6@example.com',
    ])
      expect(csv).toContain(needle);

    const status = await runCli(['status', '--state', state, '--json'], emu);
    const st = JSON.parse(status.stdout) as {
      needsAttention: number;
      organizations: { memberships: Record<string, number> };
    };
    expect(st.organizations.memberships).toEqual({ created: 2, blocked: 3, pending: 1 });
    expect(st.needsAttention).toBe(5); // two organizations, three memberships
  });

  it('undo deletes what the import created, and nothing it did not; a new import recreates it', async () => {
    const { runUndoOrganizations } = await import('../../src/organizations/undo.js');
    const r = await runUndoOrganizations({ state, emulatorUrl: emu.url, apiKey: emu.apiKey });
    expect(r).toEqual({ memberships: 2, organizations: 1, failed: [] });
    const sdk = sdkFor(emu);
    await expect(sdk.organizations.getOrganizationByExternalId('o1')).rejects.toThrow();
    const left = (await sdk.organizations.listOrganizations({ limit: 100 })).data.map((o) => o.name);
    expect(left).toEqual(['Someone else']);
    const again = await runCli([...scaledImportArgs(source, state, emu, '--json'), ...sideArgs()], emu);
    const s = JSON.parse(again.stdout) as {
      organizations: { organizations: Record<string, number>; memberships: Record<string, number> };
    };
    expect(s.organizations.organizations).toEqual({ created: 1, blocked: 1, invalid: 1 });
    expect(s.organizations.memberships).toEqual({ created: 2, blocked: 3, pending: 1 });
  });
});
