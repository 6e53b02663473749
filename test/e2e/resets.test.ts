import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Journal } from '../../src/journal/journal.js';
import { lazyResetCandidates } from '../../src/resets/index.js';
import {
  emulatorSecrets,
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

const N = 300;
// A real bcrypt hash (cost 4) for the few users who keep their password.
const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

interface EmulatedReset {
  id: string;
  email: string;
  user_id: string;
  password_reset_token: string;
}

async function resetsIn(emu: RunningEmulator): Promise<EmulatedReset[]> {
  const res = await fetch(`${emu.url}/_emulator/password_resets`);
  return ((await res.json()) as { data: EmulatedReset[] }).data;
}

async function counters(emu: RunningEmulator): Promise<{
  requests: Record<string, number>;
  rate_limited_by_scope: Record<string, number>;
}> {
  return (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as never;
}

function journalActions(state: string): Record<string, number> {
  const j = Journal.open(state);
  try {
    return j.actions.countByStatus(j.currentSource()!.id, 'password_reset');
  } finally {
    j.close();
  }
}

describe('reset campaign: 300 users, SIGKILL half-way, resumed', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const users: SourceUser[] = [
    ...Array.from({ length: N }, (_, i) => ({
      id: `r-${i}`,
      email: `reset${i}@example.com`,
      firstName: 'Reset',
      lastName: String(i),
      emailVerified: i % 2 === 0,
    })),
    { id: 'keep-1', email: 'keeps@example.com', passwordHash: HASH, emailVerified: true },
  ];
  const newPasswords: string[] = [];
  const sendArgs = (...extra: string[]) => [
    'resets',
    'send',
    '--state',
    state,
    '--emulator',
    emu.url,
    ...SCALED_LIMIT_FLAGS,
    '--rate',
    '100%',
    ...extra,
  ];

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const source = writeSource(dir, users);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const imported = await runCli(scaledImportArgs(source, state, emu, '--rate', '100%'), emu);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await emu.close();
  });

  it('plans the users created without a password and prints the guide warning', async () => {
    const r = await runCli(['resets', 'plan', '--state', state, '--date', '2026-07-01'], emu);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${N} user(s) need a password reset`);
    expect(r.stdout).toContain('Tell these users before cutover');
    const json = JSON.parse(
      (await runCli(['resets', 'plan', '--state', state, '--json', '--date', '2026-07-01'], emu)).stdout,
    ) as { planned: number; byLane: Record<string, number> };
    expect(json).toMatchObject({ planned: N, byLane: { reset: N } });
  });

  it('writes the notice list with names, reason and date, and a template; sends nothing', async () => {
    const out = join(dir, 'notice.csv');
    const r = await runCli(['resets', 'notice', '--state', state, '--out', out], emu);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${N} user(s) to warn`);
    expect(r.stdout).toContain('Subject: Action needed');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('email,first_name,last_name,reason,when,planned_date');
    expect(lines).toHaveLength(N + 1);
    expect(lines).toContain(
      'reset7@example.com,Reset,7,no password in the old system,reset email,2026-07-01',
    );
    expect((await resetsIn(emu)).length).toBe(0);
  });

  it('sends exactly one reset per user across a SIGKILL, never over the per-email limit', async () => {
    const posts = async () => (await counters(emu)).requests['POST /user_management/password_reset'] ?? 0;
    // Slow answers keep resets in flight whenever the kill lands.
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/password_reset',
      kind: 'latency',
      latencyMs: 25,
    });
    const run = startCli(sendArgs('--json'), emu);
    let exited = false;
    void run.done.then(() => (exited = true));
    while (!exited && (await posts()) < N / 2) await new Promise((r) => setTimeout(r, 2));
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal, 'the run finished before the kill').toBe('SIGKILL');
    emu.control.clearFaults();
    const afterKill = journalActions(state);
    expect(afterKill.done ?? 0).toBeLessThan(N);
    expect(afterKill.planned ?? 0).toBeGreaterThan(0);

    const resumed = await runCli(sendArgs('--json'), emu);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { statuses: Record<string, number> };
    expect(afterKill.in_flight ?? 0, 'the kill hit no request in flight').toBeGreaterThan(0);
    expect(summary.statuses).toEqual({ done: N });

    const resets = await resetsIn(emu);
    const perEmail = new Map<string, number>();
    for (const r of resets) perEmail.set(r.email, (perEmail.get(r.email) ?? 0) + 1);
    expect(perEmail.size).toBe(N);
    expect([...perEmail.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perEmail.has('keeps@example.com')).toBe(false);
    const c = await counters(emu);
    expect(c.rate_limited_by_scope['password reset, per email'] ?? 0).toBe(0);
    // Every journal row names the reset WorkOS made for it.
    const j = Journal.open(state);
    const rows = j.actions.all(j.currentSource()!.id, 'password_reset');
    j.close();
    const ids = new Set(resets.map((r) => r.id));
    expect(rows.filter((r) => !r.refId || !ids.has(r.refId))).toEqual([]);
    // The resumed run settled the rows in flight at the kill from WorkOS events (a reset found is
    // sent, one not found was never created) and sent the rest: together exactly the users left.
    const resumedRun = (JSON.parse(resumed.stdout) as { thisRun: Record<string, number> }).thisRun;
    expect((resumedRun.settled ?? 0) + (resumedRun.done ?? 0)).toBe(N - (afterKill.done ?? 0));
    expect(resumedRun.settled ?? 0).toBeLessThanOrEqual(afterKill.in_flight ?? 0);
  }, 60_000);

  it('a second send sends nothing and exits 0', async () => {
    const before = (await counters(emu)).requests['POST /user_management/password_reset'];
    const again = await runCli(sendArgs(), emu);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 reset email(s) sent this run');
    expect(again.stdout).toContain(`${N} sent, 0 not sent yet`);
    expect((await counters(emu)).requests['POST /user_management/password_reset']).toBe(before);
  });

  it('every user confirms the reset with the emailed token and logs in; status counts them', async () => {
    const sdk = sdkFor(emu);
    const resets = await resetsIn(emu);
    const queue = [...resets];
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const password = `new password ${r.id.slice(-10)}!`;
          newPasswords.push(password);
          const confirmed = await fetch(`${emu.url}/user_management/password_reset/confirm`, {
            method: 'POST',
            headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ token: r.password_reset_token, new_password: password }),
          });
          if (confirmed.status !== 200) failures.push(`${r.email}: confirm ${confirmed.status}`);
          const auth = await sdk.userManagement
            .authenticateWithPassword({ clientId: emu.clientId, email: r.email, password })
            .catch((e: Error) => e);
          if (auth instanceof Error || auth.user.id !== r.user_id) failures.push(`${r.email}: login failed`);
        }
      }),
    );
    expect(failures).toEqual([]);
    // Asked while another process holds the journal (a send still running): status only reads it.
    const held = Journal.open(state, { lock: 'resets send' });
    const status = await runCli(['resets', 'status', '--state', state, '--emulator', emu.url, '--json'], emu);
    held.close();
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ sent: N, completed: N, pending: 0, failed: 0 });
  }, 90_000);

  it('no reset token, password or hash in any output, export or journal column', async () => {
    const tokens = (await resetsIn(emu)).map((r) => r.password_reset_token);
    expect(tokens).toHaveLength(N);
    const scan = scanForSecrets([...(await emulatorSecrets(emu)), ...tokens, ...newPasswords, HASH]);
    expect(scan.leaks).toEqual([]);
    expect(scan.scanned.journals).toBeGreaterThan(0);
    expect(scan.scanned.exports).toBeGreaterThan(0);
  });
});

describe('reset campaign: users gone (404) or refused (403) are recorded and the rest go on', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const users: SourceUser[] = Array.from({ length: 6 }, (_, i) => ({
    id: `g-${i}`,
    email: `g${i}@example.com`,
  }));

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const source = writeSource(dir, users);
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    expect((await runCli(scaledImportArgs(source, state, emu), emu)).code).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await emu.close();
  });

  it('records gone and not_allowed with reasons, exits 1, and never resends them', async () => {
    expect((await runCli(['resets', 'plan', '--state', state], emu)).code).toBe(0);
    const sdk = sdkFor(emu);
    const gone = (await sdk.userManagement.listUsers({ email: 'g1@example.com' })).data[0]!;
    await sdk.userManagement.deleteUser(gone.id);
    await fetch(`${emu.url}/_emulator/password_reset_not_allowed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ emails: ['g2@example.com'] }),
    });
    const args = ['resets', 'send', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS];
    const dry = await runCli([...args, '--dry-run'], emu);
    expect(dry.stdout).toContain('6 password reset email(s) would be sent');
    const r = await runCli(args, emu);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('4 sent, 0 not sent yet, 1 no longer in WorkOS, 1 refused by WorkOS');
    const status = await runCli(
      ['resets', 'status', '--state', state, '--no-events', '--emulator', emu.url],
      emu,
    );
    expect(status.stdout).toContain('g1@example.com: gone — the user is no longer in WorkOS (404)');
    expect(status.stdout).toContain('g2@example.com: not_allowed');
    const again = await runCli(args, emu);
    expect(again.stdout).toContain('0 reset email(s) sent this run');
    expect((await resetsIn(emu)).map((x) => x.email).sort()).toEqual([
      'g0@example.com',
      'g3@example.com',
      'g4@example.com',
      'g5@example.com',
    ]);
  }, 30_000);
});

describe('reset campaign: lost answers', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const users: SourceUser[] = Array.from({ length: 10 }, (_, i) => ({
    id: `l-${i}`,
    email: `lost${i}@example.com`,
  }));
  const args = () => [
    'resets',
    'send',
    '--state',
    state,
    '--emulator',
    emu.url,
    ...SCALED_LIMIT_FLAGS,
    '--json',
  ];

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    expect((await runCli(scaledImportArgs(writeSource(dir, users), state, emu), emu)).code).toBe(0);
    expect((await runCli(['resets', 'plan', '--state', state], emu)).code).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await emu.close();
  });

  it('a reset created but unanswered is found in events, not sent again; unreadable events leave it unknown', async () => {
    // Three resets are created and their answers dropped; events are unreadable for this run.
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/password_reset',
      kind: 'commit_then_drop',
      count: 3,
    });
    const events = emu.control.addFault({
      method: 'GET',
      path: '/events',
      kind: '5xx',
      status: 503,
      count: 1000,
    });
    const first = await runCli([...args(), '--max-attempts', '1'], emu);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout).statuses).toEqual({ done: 7, unknown: 3 });
    expect((await resetsIn(emu)).length).toBe(10);

    // Events readable again: the next run confirms the three from password_reset.created, sends nothing.
    await fetch(`${emu.url}/_emulator/faults/${events.id}`, { method: 'DELETE' });
    const second = await runCli(args(), emu);
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as {
      thisRun: Record<string, number>;
      statuses: Record<string, number>;
    };
    expect(summary.thisRun).toEqual({ settled: 3 });
    expect(summary.statuses).toEqual({ done: 10 });
    const perEmail = new Map<string, number>();
    for (const r of await resetsIn(emu)) perEmail.set(r.email, (perEmail.get(r.email) ?? 0) + 1);
    expect([...perEmail.values()]).toEqual(Array(10).fill(1));
  }, 30_000);
});

describe('lazy resets: planned for the first failed login, never sent in a batch', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    const users = Array.from({ length: 3 }, (_, i) => ({ id: `z-${i}`, email: `lazy${i}@example.com` }));
    expect((await runCli(scaledImportArgs(writeSource(dir, users), state, emu), emu)).code).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await emu.close();
  });

  it('hands the users to the application and sends nothing itself', async () => {
    const plan = await runCli(['resets', 'plan', '--state', state, '--when', 'lazy'], emu);
    expect(plan.stdout).toContain('3 user(s) need a password reset (sent on their first failed login)');
    const send = await runCli(
      ['resets', 'send', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS],
      emu,
    );
    expect(send.code, send.stderr).toBe(0);
    expect(send.stdout).toContain('3 left to the first failed login (lazy)');
    expect((await resetsIn(emu)).length).toBe(0);
    expect(lazyResetCandidates({ state }).map((c) => c.email)).toEqual([
      'lazy0@example.com',
      'lazy1@example.com',
      'lazy2@example.com',
    ]);
  }, 30_000);
});
