import { hashVector } from '../support/hash-vectors.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  allOutputs,
  emulatorSecrets,
  scanForSecrets,
  listAllUsers,
  runCli,
  startRejectingProxy,
  startTestEmulator,
  tempDir,
  writeSource,
  SCALED_LIMIT_FLAGS,
  scaledImportArgs,
  type SourceUser,
} from './helpers.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';
const FIREBASE = loadFirebase();
const FIREBASE_CONFIG = hashVector('firebase-generated-1char').source_extra!.hash_config as Record<
  string,
  string
>;
const LIVE_KEY = 'sk_live_not_a_real_key_0123456789';
const FAST = [...SCALED_LIMIT_FLAGS, '--max-attempts', '2', '--json'];

function loadFirebase(): string {
  return hashVector('firebase-generated-1char').workos_hash as string;
}

interface Summary {
  thisRun: Record<string, number>;
  statuses: Record<string, number>;
  exitCode: number;
  webhooks?: { paused: number; restored: number };
  dryRunProblems?: Array<{ row: number; problems: string[] }>;
  wouldSend?: number;
}

const emulators: RunningEmulator[] = [];
// The Firebase hash carries the project's signer key and salt separator inside it.
const sourceSecrets = [
  HASH,
  FIREBASE,
  FIREBASE_CONFIG.base64_signer_key!,
  FIREBASE_CONFIG.base64_salt_separator!,
  LIVE_KEY,
];
async function emulator(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<RunningEmulator> {
  const emu = await startTestEmulator({ limits: { scale: 10 }, ...options });
  emulators.push(emu);
  return emu;
}
async function setup(emu: RunningEmulator, users: SourceUser[], strategy = 'A') {
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const source = writeSource(dir, users);
  expect((await runCli(['strategy', 'set', strategy, '--state', state], emu)).code).toBe(0);
  const importArgs = (...extra: string[]) =>
    scaledImportArgs(source, state, emu, '--max-attempts', '2', '--json', ...extra);
  return { dir, state, source, importArgs };
}
const posts = (emu: RunningEmulator) => emu.control.counters().requests['POST /user_management/users'] ?? 0;
async function errorsOf(emu: RunningEmulator, state: string) {
  const r = await runCli(['errors', 'export', '--state', state, '--format', 'json'], emu);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Array<{
    row: number;
    email: string;
    status: string;
    error_code: string;
    error_message: string;
  }>;
}

afterAll(async () => {
  const emulatorKeys = (await Promise.all(emulators.map(emulatorSecrets))).flat();
  for (const e of emulators) await e.close();
  const scan = scanForSecrets([...emulatorKeys, ...sourceSecrets]);
  expect(scan.leaks).toEqual([]);
  expect(scan.scanned.journals).toBeGreaterThan(5);
});

describe('every closed outcome, produced and asserted', () => {
  it('created, linked, conflict, invalid and blocked in one run; exit 1; errors export lists the reasons', async () => {
    const emu = await emulator();
    await emu.control.seedUsers([
      { email: 'linked@example.com', external_id: 'o-linked' },
      { email: 'conflict@example.com', external_id: 'someone-else' },
    ]);
    const proxy = await startRejectingProxy(emu, (b) =>
      b.password_hash_type === 'firebase-scrypt'
        ? { status: 400, body: { code: 'invalid_password_hash', message: 'Invalid password hash.' } }
        : undefined,
    );
    const { state, source } = await setup(emu, [
      { id: 'o-created', email: 'created@example.com', passwordHash: HASH, emailVerified: true },
      { id: 'o-linked', email: 'linked@example.com' },
      { id: 'o-conflict', email: 'conflict@example.com' },
      { id: 'o-invalid', email: 'invalid@example.com', passwordHash: FIREBASE },
      { id: 'o-dup-1', email: 'dup@example.com' },
      { id: 'o-dup-2', email: 'DUP@example.com' },
    ]);
    const r = await runCli(['import', source, '--state', state, '--emulator', proxy.url, ...FAST], emu);
    await proxy.close();
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.statuses).toEqual({ created: 1, linked: 1, conflict: 1, invalid: 1, blocked: 2 });
    const users = await listAllUsers(emu);
    expect(users.map((u) => u.email).sort()).toEqual([
      'conflict@example.com',
      'created@example.com',
      'linked@example.com',
    ]);
    expect(users.find((u) => u.email === 'conflict@example.com')?.externalId).toBe('someone-else'); // never overwritten
    const errors = await errorsOf(emu, state);
    const byEmail = new Map(errors.map((e) => [e.email.toLowerCase(), e]));
    expect(byEmail.get('conflict@example.com')).toMatchObject({
      status: 'conflict',
      error_code: 'email_exists',
    });
    expect(byEmail.get('conflict@example.com')?.error_message).toMatch(/someone-else/);
    expect(byEmail.get('invalid@example.com')).toMatchObject({
      status: 'invalid',
      error_code: 'invalid_password_hash',
    });
    expect(byEmail.get('invalid@example.com')?.error_message).toMatch(/algorithm name/);
    expect(errors.filter((e) => e.status === 'blocked')).toHaveLength(2);
    expect(errors.some((e) => e.status === 'linked' || e.status === 'created')).toBe(false);
  });

  it('records the source cannot read are journaled as blocked and listed with their line', async () => {
    const emu = await emulator();
    const { dir } = await setup(emu, []);
    const state = join(dir, 'ndjson.db');
    const { writeFileSync } = await import('node:fs');
    const source = join(dir, 'users.ndjson');
    writeFileSync(
      source,
      `{"id":"r-1","email":"read1@example.com"}\n{"id":"r-2","email":\n{"id":"r-3","email":"read3@example.com"}\n`,
    );
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    const r = await runCli(['import', source, '--state', state, '--emulator', emu.url, ...FAST], emu);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Summary).statuses).toEqual({ created: 2, blocked: 1 });
    const [bad, ...rest] = await errorsOf(emu, state);
    expect(rest).toEqual([]);
    expect(bad).toMatchObject({ row: 2, status: 'blocked' });
    expect(bad?.error_message).toMatch(/line 2/);
  });

  it('a create answered 5xx until the tries run out ends unknown, never failed; the next run settles it and creates it once', async () => {
    const emu = await emulator();
    const { state, importArgs } = await setup(emu, [
      { id: 'f-1', email: 'failed@example.com', passwordHash: HASH },
    ]);
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: '5xx',
      status: 503,
      probability: 1,
    });
    const r = await runCli(importArgs(), emu);
    expect(r.code).toBe(1);
    // A 5xx may have been applied: the row must not be called failed (and resent blind later).
    expect((JSON.parse(r.stdout) as Summary).statuses).toEqual({ unknown: 1 });
    const [unknown] = await errorsOf(emu, state);
    expect(unknown).toMatchObject({ status: 'unknown', error_code: 'server_error' });
    expect(unknown?.error_message).toMatch(/gave up after 2 tries/);
    emu.control.clearFaults();
    const again = await runCli(importArgs(), emu);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as Summary).statuses).toEqual({ created: 1 });
    expect(await listAllUsers(emu)).toHaveLength(1);
  });

  it('unknown when the answer is lost and lookups fail; the next run resolves it by lookup, not by a second create', async () => {
    const emu = await emulator();
    const { importArgs } = await setup(emu, [
      { id: 'u-1', email: 'unknown@example.com', passwordHash: HASH },
    ]);
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'commit_then_drop',
      count: 1,
    });
    emu.control.addFault({
      method: 'GET',
      path: '/user_management/**',
      kind: '5xx',
      status: 502,
      probability: 1,
    });
    const r = await runCli(importArgs(), emu);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Summary).statuses).toEqual({ unknown: 1 });
    expect(posts(emu)).toBe(1);
    emu.control.clearFaults();
    const again = await runCli(importArgs(), emu);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Summary).statuses).toEqual({ created: 1 });
    expect(posts(emu)).toBe(1);
    expect(await listAllUsers(emu)).toHaveLength(1);
  });

  it('strategy B links dual-written users by id without creating them; 409 duplicates are handled too', async () => {
    const emu = await emulator({ duplicateEmail: '409' });
    const seeded = await emu.control.seedUsers([
      { email: 'dual@example.com' },
      { email: 'signup@example.com' },
    ]);
    const dualId = seeded.created[0]?.id as string;
    const { importArgs } = await setup(
      emu,
      [
        { id: 'b-dual', email: 'dual@example.com', workosUserId: dualId, passwordHash: HASH },
        { id: 'b-signup', email: 'signup@example.com', passwordHash: HASH },
        { id: 'b-new', email: 'new@example.com', passwordHash: HASH },
      ],
      'B',
    );
    const r = await runCli(importArgs(), emu);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.statuses).toEqual({ linked: 1, conflict: 1, created: 1 });
    expect(posts(emu)).toBe(2); // signup (409) and new; never the dual-written user
    const mapping = JSON.parse(
      (await runCli(['mapping', 'export', '--state', importArgs()[3] as string, '--format', 'json'], emu))
        .stdout,
    ) as Array<{ local_id: string; workos_user_id: string; status: string }>;
    expect(mapping.find((m) => m.local_id === 'b-dual')).toMatchObject({
      workos_user_id: dualId,
      status: 'linked',
    });
  });

  it('--no-external-id: a lost answer is still settled as ours through the journal marker', async () => {
    const emu = await emulator();
    const { importArgs } = await setup(emu, [{ id: 'n-1', email: 'noext@example.com', passwordHash: HASH }]);
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'commit_then_drop',
      count: 1,
    });
    const r = await runCli(importArgs('--no-external-id'), emu);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Summary).statuses).toEqual({ created: 1 });
    const [user] = await listAllUsers(emu);
    expect(user?.externalId).toBeNull();
    expect(user?.metadata?.workos_migrator_journal).toBeTruthy();
    expect(posts(emu)).toBe(1);
  });
});

describe('canary, dry run, webhooks and target safety', () => {
  it('--limit and --only send only the canary batch; the rest stays pending', async () => {
    const emu = await emulator();
    const users = Array.from({ length: 10 }, (_, i) => ({
      id: `c-${i}`,
      email: `canary${i}@example.com`,
      passwordHash: HASH,
    }));
    const { dir, importArgs } = await setup(emu, users);
    const a = await runCli(importArgs('--limit', '3'), emu);
    expect((JSON.parse(a.stdout) as Summary).statuses).toEqual({ created: 3, pending: 7 });
    const onlyFile = join(dir, 'only.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(onlyFile, '# canary\nCANARY9@example.com\n\ncanary8@example.com\n');
    const b = await runCli(importArgs('--only', onlyFile), emu);
    expect((JSON.parse(b.stdout) as Summary).thisRun).toEqual({ created: 2 });
    expect((await listAllUsers(emu)).map((u) => u.email).sort()).toEqual([
      'canary0@example.com',
      'canary1@example.com',
      'canary2@example.com',
      'canary8@example.com',
      'canary9@example.com',
    ]);
  });

  it('--dry-run sends nothing and checks payloads against the OpenAPI spec', async () => {
    const emu = await emulator();
    const { importArgs } = await setup(emu, [
      { id: 'd-1', email: 'dry1@example.com', passwordHash: HASH },
      { id: 'd-2', email: 'dry2@example.com' },
    ]);
    const r = await runCli(importArgs('--dry-run'), emu);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.wouldSend).toBe(2);
    expect(s.dryRunProblems).toEqual([]);
    expect(Object.keys(emu.control.counters().requests)).toEqual([]);
  });

  it('--pause-webhooks disables the enabled endpoints during the run and re-enables exactly those', async () => {
    const emu = await emulator();
    const hook = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${emu.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return (await res.json()) as {
        id: string;
        status: string;
        data?: Array<{ id: string; status: string }>;
      };
    };
    const a = await hook('POST', '/webhook_endpoints', {
      endpoint_url: 'https://a.example.com/hook',
      events: ['user.created'],
    });
    const b = await hook('POST', '/webhook_endpoints', {
      endpoint_url: 'https://b.example.com/hook',
      events: ['user.created'],
    });
    await hook('PATCH', `/webhook_endpoints/${b.id}`, { status: 'disabled' });
    const { importArgs } = await setup(emu, [{ id: 'w-1', email: 'hooks@example.com', passwordHash: HASH }]);
    const r = await runCli(importArgs('--pause-webhooks'), emu);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Summary).webhooks).toEqual({ paused: 1, restored: 1, restoreFailed: [] });
    const list = await hook('GET', '/webhook_endpoints');
    expect(Object.fromEntries((list.data ?? []).map((e) => [e.id, e.status]))).toEqual({
      [a.id]: 'enabled',
      [b.id]: 'disabled',
    });
    expect(emu.control.counters().requests['PATCH /webhook_endpoints/:id']).toBe(3);
  });

  it('a production key needs --yes; a different source needs --new-run (exit 2)', async () => {
    const emu = await emulator();
    const { dir, state, importArgs } = await setup(emu, [{ id: 's-1', email: 'safe@example.com' }]);
    const { spawnSync } = await import('node:child_process');
    const live = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js'), ...importArgs()],
      {
        env: { ...process.env, WORKOS_API_KEY: LIVE_KEY },
        encoding: 'utf8',
      },
    );
    allOutputs.push(live.stdout, live.stderr);
    expect(live.status).toBe(2);
    expect(live.stderr).toMatch(/--yes/);
    expect(live.stderr).not.toContain('sk_live_not_a_real_key');
    expect(posts(emu)).toBe(0);
    await runCli(importArgs(), emu);
    const other = writeSource(dir, [{ id: 's-2', email: 'other@example.com' }], 'other.json');
    const refused = await runCli(['import', other, '--state', state, '--emulator', emu.url, ...FAST], emu);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--new-run/);
    const accepted = await runCli(
      ['import', other, '--state', state, '--emulator', emu.url, ...FAST, '--new-run'],
      emu,
    );
    expect(accepted.code).toBe(0);
    expect((JSON.parse(accepted.stdout) as Summary).statuses).toEqual({ created: 1 });
  });
});
