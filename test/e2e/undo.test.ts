import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Journal } from '../../src/journal/journal.js';
import {
  emulatorSecrets,
  listAllUsers,
  runCli,
  scaledImportArgs,
  scanForSecrets,
  SCALED_LIMIT_FLAGS,
  sdkFor,
  startCli,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

const N = 200;

async function deletesSent(emu: RunningEmulator): Promise<number> {
  const c = (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as {
    requests: Record<string, number>;
  };
  return Object.entries(c.requests)
    .filter(([k]) => k.startsWith('DELETE /user_management/users'))
    .reduce((n, [, v]) => n + v, 0);
}

function deleteActions(state: string): Record<string, number> {
  const j = Journal.open(state);
  try {
    return j.actions.countByStatus(j.currentSource()!.id, 'user_delete');
  } finally {
    j.close();
  }
}

const ids = (users: Array<{ id: string }>) => users.map((u) => u.id).sort();

describe('undo --last: WorkOS exactly as before the import, across a SIGKILL', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  let before: string[] = [];
  let meanwhile: string[] = [];
  let importRun = 0;
  const undoArgs = (...extra: string[]) => [
    'undo',
    '--state',
    state,
    '--emulator',
    emu.url,
    ...SCALED_LIMIT_FLAGS,
    ...extra,
  ];

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const sdk = sdkFor(emu);
    // Before the import: a stranger, a user of ours already in WorkOS (same external id and email:
    // the import links it) and one the application's dual-write created (its id is in the export).
    await sdk.userManagement.createUser({ email: 'stranger@example.org' });
    await sdk.userManagement.createUser({ email: 'linked@example.com', externalId: 'u-linked' });
    const dual = await sdk.userManagement.createUser({ email: 'dual@example.com' });
    before = ids(await listAllUsers(emu));
    const users: SourceUser[] = [
      ...Array.from({ length: N }, (_, i) => ({ id: `u-${i}`, email: `undo${i}@example.com` })),
      { id: 'u-linked', email: 'linked@example.com' },
      { id: 'u-dual', email: 'dual@example.com', workosUserId: dual.id },
    ];
    const source = writeSource(dir, users);
    expect((await runCli(['strategy', 'set', 'dual-write', '--state', state], emu)).code).toBe(0);
    const imported = await runCli([...scaledImportArgs(source, state, emu, '--rate', '100%'), '--json'], emu);
    expect(imported.code, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout) as { runId: number; thisRun: Record<string, number> };
    expect(summary.thisRun).toEqual({ created: N, linked: 2 });
    importRun = summary.runId;
    // Sign-ups while the migration runs: dual-write creates them, the journal never had them.
    for (let i = 0; i < 3; i++)
      meanwhile.push((await sdk.userManagement.createUser({ email: `signup${i}@example.com` })).id);
    meanwhile = meanwhile.sort();
  }, 90_000);
  afterAll(async () => {
    await emu.close();
  });

  it('refuses another environment, a production key, and an unconfirmed run; deletes nothing', async () => {
    const other = await startTestEmulator();
    try {
      const r = await runCli(['undo', '--last', '--yes', '--state', state, '--emulator', other.url], {
        ...emu,
        apiKey: other.apiKey,
      } as RunningEmulator);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`run ${importRun} created its users in another WorkOS environment`);
      expect(r.stderr).toContain(`this command would go to ${other.url}`);
    } finally {
      await other.close();
    }
    const live = await runCli(undoArgs('--last', '--yes'), {
      ...emu,
      apiKey: 'sk_live_pretend0123456789',
    } as RunningEmulator);
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('--yes-delete-production-users');
    const unconfirmed = await runCli(undoArgs('--last'), emu);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain(`undo would delete ${N} WorkOS user(s) that run ${importRun}`);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm');
    expect(await deletesSent(emu)).toBe(0);
    expect((await listAllUsers(emu)).length).toBe(before.length + N + meanwhile.length);
  }, 30_000);

  it('a killed undo resumes; WorkOS ends with the users from before plus the sign-ups', async () => {
    // 20% of the scaled limit (100 deletes/s): slow enough to be killed half-way.
    const run = startCli(undoArgs('--last', '--yes', '--rate', '20%'), emu);
    let exited = false;
    void run.done.then(() => (exited = true));
    while (!exited && (await deletesSent(emu)) < N / 2) await new Promise((r) => setTimeout(r, 2));
    run.child.kill('SIGKILL');
    expect((await run.done).signal, 'the undo finished before the kill').toBe('SIGKILL');
    const afterKill = deleteActions(state);
    expect(afterKill.done ?? 0).toBeLessThan(N);
    const sentAtKill = await deletesSent(emu);

    const resumed = await runCli(undoArgs('--last', '--yes', '--json'), emu);
    expect(resumed.code, resumed.stderr).toBe(0);
    const s = JSON.parse(resumed.stdout) as {
      runId: number;
      thisRun: Record<string, number>;
      statuses: Record<string, number>;
      untouched: Record<string, number>;
    };
    expect(s.runId).toBe(importRun);
    expect((s.statuses.done ?? 0) + (s.statuses.gone ?? 0)).toBe(N);
    expect(s.untouched).toEqual({ linked: 1, dualWrite: 1, otherRuns: 0 });
    // Only deletes whose answer the kill lost are sent again (and find the user gone).
    const resent = (await deletesSent(emu)) - sentAtKill - (s.thisRun.deleted ?? 0);
    expect(resent).toBe(s.thisRun.alreadyGone ?? 0);
    expect(s.thisRun.alreadyGone ?? 0).toBeLessThanOrEqual(afterKill.in_flight ?? 0);

    expect(ids(await listAllUsers(emu))).toEqual([...before, ...meanwhile].sort());
  }, 60_000);

  it('a second undo deletes nothing; importing again creates the users again', async () => {
    const sent = await deletesSent(emu);
    const again = await runCli(undoArgs('--last', '--yes'), emu);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`run ${importRun} at ${emu.url}: 0 user(s) deleted`);
    expect(await deletesSent(emu)).toBe(sent);
    const reimport = await runCli(
      [...scaledImportArgs(join(dir, 'users.json'), state, emu, '--rate', '100%'), '--json'],
      emu,
    );
    expect(reimport.code, reimport.stderr).toBe(0);
    expect((JSON.parse(reimport.stdout) as { thisRun: Record<string, number> }).thisRun.created).toBe(N);
    expect((await listAllUsers(emu)).length).toBe(before.length + meanwhile.length + N);
  }, 60_000);

  it('no API key in any output or journal column', async () => {
    const scan = scanForSecrets(await emulatorSecrets(emu));
    expect(scan.scanned.journals).toBe(1);
    expect(scan.leaks).toEqual([]);
  });
});

describe('undo --last with organizations: the run’s memberships and organizations go, others stay', () => {
  it('deletes the organizations and memberships the run created, paced at the delete limit, and leaves a stranger organization', async () => {
    const emu = await startTestEmulator({ limits: { scale: 10 } });
    try {
      const dir = tempDir();
      const state = join(dir, 'journal.db');
      const sdk = sdkFor(emu);
      const stranger = await sdk.organizations.createOrganization({ name: 'Stranger Co' });
      // 60 organizations: more than WorkOS's 50 organization deletes per minute per API key.
      const users = Array.from({ length: 120 }, (_, i) => ({
        id: `ou-${i}`,
        email: `org-undo${i}@example.com`,
        organizations: [{ id: `org-${i % 60}`, name: `Team ${i % 60}`, role: i % 2 ? 'admin' : 'member' }],
      }));
      const source = writeSource(dir, users as unknown as SourceUser[]);
      expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
      const imported = await runCli(scaledImportArgs(source, state, emu, '--rate', '100%', '--json'), emu);
      expect(imported.code, imported.stderr).toBe(0);
      expect((await sdk.organizations.listOrganizations({ limit: 100 })).data).toHaveLength(61);

      // The emulator's limits are ×10 (50 organization deletes per 6 s): paced to match.
      const undoArgs = [
        'undo',
        '--last',
        '--yes',
        '--state',
        state,
        '--emulator',
        emu.url,
        ...SCALED_LIMIT_FLAGS,
      ];
      const r = await runCli([...undoArgs, '--org-delete-limit', '50/6s', '--json'], emu);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout) as {
        thisRun: Record<string, number>;
        organizations?: { organizations: number; memberships: number; failed: unknown[] };
      };
      expect(summary.thisRun.deleted).toBe(120);
      expect(summary.organizations).toEqual({ organizations: 60, memberships: 120, failed: [] });
      expect(emu.control.counters().rateLimited).toBe(0);
      const left = (await sdk.organizations.listOrganizations({ limit: 100 })).data;
      expect(left.map((o) => o.id)).toEqual([stranger.id]);
      expect(await listAllUsers(emu)).toHaveLength(0);
      const requests = emu.control.counters().requests;
      const deletes = (prefix: string) =>
        Object.entries(requests)
          .filter(([k]) => k.startsWith(`DELETE ${prefix}`))
          .reduce((n, [, v]) => n + v, 0);
      expect(deletes('/user_management/organization_memberships')).toBe(120);
      expect(deletes('/organizations')).toBe(60);
    } finally {
      await emu.close();
    }
  }, 60_000);
});
