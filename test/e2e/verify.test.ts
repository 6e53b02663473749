import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { CheckResult, VerifyResult } from '../../src/verify/types.js';
import { hashVector } from '../support/hash-vectors.js';
import {
  emulatorSecrets,
  hashVectorUser,
  importAsStrategyA,
  runCli,
  scanForSecrets,
  SCALED_LIMIT_FLAGS,
  sdkFor,
  sourceSecrets,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

// One vector per family: the test logins prove each conversion, and the wrong-hash defect is a real hash.
const VECTORS = [
  'bcrypt-2a-emoji-go',
  'rails-has_secure_password',
  'ldap-ssha-lowercase-label',
  'node-argon2-npm-mpt-order',
  'passlib-scrypt-ln12-r16-p2',
].map(hashVector);
const WRONG = hashVector('bcrypt-1char');

const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;

async function requests(emu: RunningEmulator): Promise<Record<string, number>> {
  return emu.control.counters().requests;
}
const delta = (after: Record<string, number>, before: Record<string, number>, key: string) =>
  (after[key] ?? 0) - (before[key] ?? 0);

const check = (r: VerifyResult, id: CheckResult['id']): CheckResult =>
  r.checks.find((c) => c.id === id) as CheckResult;

describe('verify: passes after a clean import, and each check fails when its defect is injected', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const creds = join(dir, 'test-users.csv');
  const users: SourceUser[] = [
    ...VECTORS.map((v, i) => ({
      ...hashVectorUser(v, i),
      firstName: 'Hash',
      lastName: `User${i}`,
      emailVerified: true,
    })),
    ...Array.from({ length: 6 }, (_, i) => ({
      id: `reset-${i}`,
      email: `reset${i}@example.com`,
      firstName: 'Reset',
      lastName: String(i),
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      id: `oauth-${i}`,
      email: `oauth${i}@example.com`,
      oauthProvider: 'google',
      emailVerified: true,
    })),
    { id: 'broken', email: 'not-an-email' },
  ];
  const expected = users.length - 1;
  let source: string;
  const verify = async (...extra: string[]) => {
    const r = await runCli(
      ['verify', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS, '--json', ...extra],
      emu,
    );
    return { code: r.code, stderr: r.stderr, result: JSON.parse(r.stdout || '{}') as VerifyResult };
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    source = writeSource(dir, users);
    writeFileSync(
      creds,
      [
        'email,password',
        ...VECTORS.map((v, i) => `vec${i}@example.com,${csvCell(v.password)}`),
        // No hash was imported for a reset user: WorkOS must refuse, and that is not a failure.
        'reset0@example.com,"whatever-they-had"',
      ].join('\n'),
    );
    const imported = await importAsStrategyA(emu, source, state, '--rate', '100%');
    expect(imported.code, imported.stderr).toBe(1); // the broken record is blocked
    expect((await runCli(['resets', 'plan', '--state', state], emu)).code).toBe(0);
    const sent = await runCli(
      ['resets', 'send', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS],
      emu,
    );
    expect(sent.code, sent.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await emu.close();
  });

  it('passes after a clean import, reading each imported user once by id', async () => {
    const before = await requests(emu);
    const { code, result, stderr } = await verify('--credentials', creds);
    const after = await requests(emu);
    expect(code, stderr).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['completeness', 'PASS'],
      ['field-parity', 'PASS'],
      ['test-logins', 'PASS'],
      ['oauth', 'PASS'],
      ['resets', 'PASS'],
    ]);
    expect(check(result, 'completeness').counts).toMatchObject({ expected, found: expected, missing: 0 });
    expect(check(result, 'field-parity').counts).toMatchObject({ compared: expected, differing: 0 });
    expect(check(result, 'test-logins').counts).toMatchObject({
      accepted: VECTORS.length,
      expectedRefusals: 1,
      rejected: 0,
    });
    expect(check(result, 'oauth').counts).toMatchObject({ oauthUsers: 3, linked: 0, notSignedInYet: 3 });
    expect(check(result, 'resets').counts).toMatchObject({ needed: 6, sent: 6 });
    // The per-size choice: 17 users fit one read window, so one lookup each and no listing page
    // (the one listing request is the start-up check that the target answers).
    expect(delta(after, before, 'GET /user_management/users/:id')).toBe(expected);
    expect(delta(after, before, 'GET /user_management/users')).toBe(1);
    expect(delta(after, before, 'POST /user_management/authenticate')).toBe(VECTORS.length + 1);
  });

  it('counts an OAuth user as linked once they signed in with their provider', async () => {
    const res = await fetch(`${emu.url}/_emulator/oauth_sign_in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'GoogleOAuth', email: 'oauth1@example.com' }),
    });
    expect(res.ok).toBe(true);
    const c = check((await verify()).result, 'oauth');
    expect(c).toMatchObject({ status: 'PASS', counts: { oauthUsers: 3, linked: 1, notSignedInYet: 2 } });
    expect(c.offenders.map((o) => o.email)).toEqual(['oauth0@example.com', 'oauth2@example.com']);
  });

  it('fails completeness naming a user deleted in WorkOS', async () => {
    const sdk = sdkFor(emu);
    const victim = (await sdk.userManagement.listUsers({ email: 'reset3@example.com' })).data[0]!;
    await sdk.userManagement.deleteUser(victim.id);
    const { code, result } = await verify();
    expect(code).toBe(1);
    const c = check(result, 'completeness');
    expect(c.status).toBe('FAIL');
    expect(c.counts).toMatchObject({ expected, found: expected - 1, missing: 1 });
    expect(c.offenders).toEqual([
      expect.objectContaining({ email: 'reset3@example.com', localId: 'reset-3', workosId: victim.id }),
    ]);
    expect(c.offenders[0]!.reason).toContain('was deleted');
  });

  it('fails field parity naming a user whose name changed in WorkOS', async () => {
    const sdk = sdkFor(emu);
    const u = (await sdk.userManagement.listUsers({ email: 'reset1@example.com' })).data[0]!;
    await sdk.userManagement.updateUser({ userId: u.id, lastName: 'Changed' });
    const { result } = await verify();
    const c = check(result, 'field-parity');
    expect(c.status).toBe('FAIL');
    expect(c.counts.differing).toBe(1);
    expect(c.offenders).toHaveLength(1);
    expect(c.offenders[0]).toMatchObject({ email: 'reset1@example.com', workosId: u.id, localId: 'reset-1' });
    expect(c.offenders[0]!.reason).toContain('last_name: source "1", WorkOS "Changed"');
  });

  it('fails the test logins naming the user whose imported hash is wrong, with lane and hash family', async () => {
    const sdk = sdkFor(emu);
    const u = (await sdk.userManagement.listUsers({ email: 'vec0@example.com' })).data[0]!;
    await sdk.userManagement.updateUser({
      userId: u.id,
      passwordHash: WRONG.workos_hash as string,
      passwordHashType: 'bcrypt',
    });
    const { result } = await verify('--credentials', creds);
    const c = check(result, 'test-logins');
    expect(c.status).toBe('FAIL');
    expect(c.counts).toMatchObject({ accepted: VECTORS.length - 1, rejected: 1 });
    expect(c.offenders).toEqual([expect.objectContaining({ email: 'vec0@example.com', workosId: u.id })]);
    expect(c.offenders[0]!.reason).toMatch(/invalid_credentials.*lane import-hash, source hash bcrypt/);
  });

  it('fails the resets check naming a user whose reset is missing', async () => {
    const db = new Database(state);
    const row = db
      .prepare("SELECT key, email FROM user_actions WHERE action = 'password_reset' AND email = ?")
      .get('reset5@example.com') as { key: string };
    db.prepare("DELETE FROM user_actions WHERE action = 'password_reset' AND key = ?").run(row.key);
    db.close();
    const { result } = await verify();
    const c = check(result, 'resets');
    expect(c.status).toBe('FAIL');
    expect(c.counts).toMatchObject({ notPlanned: 1 });
    // reset3 was deleted from WorkOS above: its reset was sent before, and stays counted as sent.
    expect(c.offenders).toEqual([
      expect.objectContaining({ email: 'reset5@example.com', localId: 'reset-5' }),
    ]);
    expect(c.offenders[0]!.reason).toContain('none is planned');
  });

  it('prints the checklist for people with PASS / FAIL / SKIP per check', async () => {
    const r = await runCli(['verify', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS], emu);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}completeness/m);
    expect(r.stdout).toMatch(/^SKIP {2}test-logins/m);
    expect(r.stdout).toContain('reset3@example.com, local id reset-3');
  });

  it('skips a bad credentials row naming its line, and logs the others in', async () => {
    const partial = join(dir, 'partial.csv');
    writeFileSync(
      partial,
      `email,password\nreset2@example.com,\nvec1@example.com,${csvCell(VECTORS[1]!.password)}\n`,
    );
    const c = check((await verify('--credentials', partial)).result, 'test-logins');
    expect(c).toMatchObject({ status: 'PASS', counts: { credentials: 1, accepted: 1 } });
    expect(c.note).toContain(`${partial} line 2: empty password`);
  });

  it('refuses an unknown --read choice', async () => {
    const r = await runCli(['verify', '--state', state, '--emulator', emu.url, '--read', 'everything'], emu);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--read must be one of auto, lookups, listing');
  });

  it('refuses an unreachable target at once, naming it', async () => {
    const r = await runCli(['verify', '--state', state, '--emulator', 'http://127.0.0.1:1'], emu);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach http://127.0.0.1:1');
  });

  it('never prints or stores a password, hash or API key', async () => {
    const secrets = [
      ...(await emulatorSecrets(emu)),
      ...sourceSecrets(users),
      ...VECTORS.map((v) => v.password),
      'whatever-they-had',
      WRONG.workos_hash as string,
    ];
    const scan = scanForSecrets(secrets);
    expect(scan.scanned.outputs).toBeGreaterThan(5);
    expect(scan.leaks).toEqual([]);
  });
});

describe('verify on more users than one read window: one paginated listing', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const N = 150;
  const users: SourceUser[] = Array.from({ length: N }, (_, i) => ({
    id: `u-${i}`,
    email: `user${i}@example.com`,
    firstName: 'List',
    lastName: String(i),
  }));
  // 50 reads per second at 100%: 150 users do not fit one window, so the listing (2 pages) wins.
  const readFlags = ['--read-limit', '50/1s', '--rate', '100%'];

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const source = writeSource(dir, users);
    const imported = await importAsStrategyA(emu, source, state, '--rate', '100%');
    expect(imported.code, imported.stderr).toBe(0);
    // Someone signed up in WorkOS directly: the listing names them.
    await sdkFor(emu).userManagement.createUser({ email: 'stranger@example.com' });
  }, 60_000);
  afterAll(async () => {
    await emu.close();
  });

  it('lists once instead of reading 150 users, and names the WorkOS user the source does not know', async () => {
    const before = await requests(emu);
    const r = await runCli(['verify', '--state', state, '--emulator', emu.url, '--json', ...readFlags], emu);
    const after = await requests(emu);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as VerifyResult;
    const c = check(result, 'completeness');
    expect(c.status).toBe('PASS');
    expect(c.counts).toMatchObject({ expected: N, found: N, unknownInWorkos: 1, reads: 2 });
    expect(c.note).toContain('one paginated listing');
    expect(c.offenders).toEqual([expect.objectContaining({ email: 'stranger@example.com' })]);
    expect(delta(after, before, 'GET /user_management/users/:id')).toBe(0);
    expect(delta(after, before, 'GET /user_management/users')).toBe(1 + Math.ceil((N + 1) / 100));
  });

  it('--read lookups reads each user once, at the read limit and never over it', async () => {
    const before = await requests(emu);
    const r = await runCli(
      ['verify', '--state', state, '--emulator', emu.url, '--json', '--read', 'lookups', ...readFlags],
      emu,
    );
    const after = await requests(emu);
    expect(r.code, r.stderr).toBe(0);
    const c = check(JSON.parse(r.stdout) as VerifyResult, 'completeness');
    expect(c.counts).toMatchObject({ reads: N, found: N });
    expect(c.counts).not.toHaveProperty('unknownInWorkos');
    expect(delta(after, before, 'GET /user_management/users/:id')).toBe(N);
    // Three seconds' worth of reads at 50/s cannot take less than two (the first window is free).
    expect(c.counts.readMs).toBeGreaterThanOrEqual(((N - 50) / 50) * 1000 - 100);
    expect(emu.control.counters().rateLimited).toBe(0);
  });
});
