import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  runCli,
  scanForSecrets,
  sdkFor,
  sourceSecrets,
  startTestEmulator,
  tempDir,
  type SourceUser,
} from '../e2e/helpers.js';
import {
  hashVector,
  type HashVector,
  LEGACY_EXTRA_VECTORS_PATH,
  loadHashVectors,
} from '../support/hash-vectors.js';

/** One vector per way of checking an old hash: digests, PBKDF2, phpass, Drupal, bcrypt behind a pre-hash, argon2. */
const FAMILIES = [
  'md5-salt-then-password-hex',
  'sha512-password-then-salt-hex',
  'django-sha1-salted',
  'django-pbkdf2_sha1',
  'werkzeug-pbkdf2-260000',
  'aspnet-identity-v2',
  'phpass-P-wordpress',
  'drupal7-S',
  'django-bcrypt_sha256',
  'passlib-bcrypt_sha256',
  'wordpress-6.8-wp-bcrypt',
  'devise-pepper',
  'bcrypt-2x-ascii',
  'argon2i-t2-below-min',
];
const extra = loadHashVectors(LEGACY_EXTRA_VECTORS_PATH);
const vector = (id: string): HashVector => extra.find((v) => v.id === id) ?? hashVector(id);

interface TrickleSourceUser extends SourceUser {
  pepper?: string;
}

const users: TrickleSourceUser[] = FAMILIES.map((id, i) => {
  const v = vector(id);
  const salt = v.source_extra?.salt;
  const pepper = v.source_extra?.pepper;
  return {
    id: `t-${i}`,
    email: `trickle${i}@example.com`,
    passwordHash: v.source_hash!,
    ...(typeof salt === 'string' ? { salt } : {}),
    ...(typeof pepper === 'string' ? { pepper } : {}),
  };
});
// Never signs in: what `trickle status` hands over to a reset.
users.push({
  id: 't-idle',
  email: 'idle@example.com',
  passwordHash: vector('md5-unsalted-hex').source_hash!,
});

async function putCount(emu: RunningEmulator): Promise<number> {
  const c = (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as {
    requests: Record<string, number>;
  };
  return Object.entries(c.requests)
    .filter(([route]) => route.startsWith('PUT /user_management/users'))
    .reduce((n, [, v]) => n + v, 0);
}

/** A few CLI processes at a time: two busy cores. */
async function inBatches<T>(
  items: T[],
  size: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
}

describe('trickle login against the emulator, one user per legacy family', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const source = join(dir, 'users.json');
  const map = join(dir, 'map.yaml');
  const login = (email: string, password: string, src = source) =>
    runCli(
      [
        'trickle',
        'login',
        '--source',
        src,
        '--map',
        map,
        '--email',
        email,
        '--state',
        state,
        '--emulator',
        emu.url,
      ],
      emu,
      { input: password },
    );
  const lastWord = (stdout: string) => stdout.trim().split(/\s+/).at(-1);

  beforeAll(async () => {
    emu = await startTestEmulator();
    writeFileSync(source, JSON.stringify(users));
    writeFileSync(map, 'hashParamFields:\n  salt: salt\n  pepper: pepper\n');
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
  });
  afterAll(async () => emu?.close());

  it('assess --trickle puts every verifiable family in lane trickle', async () => {
    const r = await runCli(['assess', source, '--map', map, '--trickle', '--json'], emu);
    expect(JSON.parse(r.stdout).lanes).toMatchObject({ trickle: users.length, reset: 0 });
    const without = await runCli(['assess', source, '--map', map, '--json'], emu);
    expect(JSON.parse(without.stdout).lanes).toMatchObject({ trickle: 0, reset: users.length });
  });

  it('imports them without a password', async () => {
    const r = await runCli(
      ['import', source, '--map', map, '--trickle', '--state', state, '--emulator', emu.url],
      emu,
    );
    expect(r.code, r.stderr).toBe(0);
    const sdk = sdkFor(emu);
    for (const [i, id] of FAMILIES.entries())
      await expect(
        sdk.userManagement.authenticateWithPassword({
          clientId: emu.clientId,
          email: users[i]!.email,
          password: vector(id).password,
        }),
      ).rejects.toThrow();
  });

  it('a wrong password prints invalid-credentials and changes nothing', async () => {
    await inBatches(FAMILIES, 4, async (id, i) => {
      const r = await login(users[i]!.email, `${vector(id).password}-wrong`);
      expect(lastWord(r.stdout), `${id}: ${r.stderr}`).toBe('invalid-credentials');
      expect(r.code).toBe(1);
    });
    expect(await putCount(emu)).toBe(0);
    const status = JSON.parse((await runCli(['trickle', 'status', '--state', state, '--json'], emu)).stdout);
    expect(status).toMatchObject({ lane: users.length, migrated: 0, remaining: users.length });
  });

  it('the right one prints migrated-now, once per user, and WorkOS then accepts it itself', async () => {
    await inBatches(FAMILIES, 4, async (id, i) => {
      const r = await login(users[i]!.email, vector(id).password);
      expect(lastWord(r.stdout), `${id}: ${r.stderr}`).toBe('migrated-now');
    });
    expect(await putCount(emu)).toBe(FAMILIES.length);
    const sdk = sdkFor(emu);
    for (const [i, id] of FAMILIES.entries()) {
      const auth = await sdk.userManagement.authenticateWithPassword({
        clientId: emu.clientId,
        email: users[i]!.email,
        password: vector(id).password,
      });
      expect(auth.user.email, id).toBe(users[i]!.email);
    }
  });

  it('a later login prints workos without reading the legacy store', async () => {
    // The source is gone: reading it would fail the command.
    const missing = join(dir, 'gone.json');
    await inBatches(FAMILIES.slice(0, 4), 4, async (id, i) => {
      const r = await login(users[i]!.email, vector(id).password, missing);
      expect(lastWord(r.stdout), `${id}: ${r.stderr}`).toBe('workos');
    });
    const wrong = await login(users[0]!.email, 'not-the-password', missing);
    expect(lastWord(wrong.stdout), wrong.stderr).toBe('invalid-credentials');
    expect(await putCount(emu)).toBe(FAMILIES.length);
  });

  it('status counts migrated and remaining and hands the rest over to resets', async () => {
    const s = JSON.parse((await runCli(['trickle', 'status', '--state', state, '--json'], emu)).stdout);
    expect(s).toMatchObject({ lane: users.length, migrated: FAMILIES.length, remaining: 1, resetDue: false });
    const human = await runCli(
      ['trickle', 'status', '--state', state, '--hand-over', '--reset-after', '0'],
      emu,
    );
    expect(human.stdout).toContain(`recorded ${FAMILIES.length} migrated user(s)`);
    expect(human.stdout).toContain('resets send --lane trickle');
    const plan = await runCli(['resets', 'plan', '--lane', 'trickle', '--state', state, '--json'], emu);
    expect(JSON.parse(plan.stdout), plan.stderr).toMatchObject({
      planned: 1,
      alreadySettled: FAMILIES.length,
    });
  });

  it('never prints or stores a password or a legacy hash', () => {
    // 'password' itself is every other vector's password and an ordinary word in the output.
    const passwords = FAMILIES.map((id) => vector(id).password).filter((p) => p !== 'password');
    expect(passwords.length).toBeGreaterThanOrEqual(2);
    const peppers = users.flatMap((u) => (u.pepper ? [u.pepper] : []));
    const secrets = [
      ...sourceSecrets(users),
      ...passwords,
      ...passwords.map((p) => `${p}-wrong`),
      ...peppers,
    ];
    const scan = scanForSecrets(secrets);
    expect(scan.leaks).toEqual([]);
    expect(scan.scanned.journals).toBe(1);
    expect(scan.scanned.outputs).toBeGreaterThan(3 * FAMILIES.length);
  });
});
