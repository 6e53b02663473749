import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  emulatorSecrets,
  runCli,
  scaledImportArgs,
  scanForSecrets,
  SCALED_LIMIT_FLAGS,
  sdkFor,
  startTestEmulator,
  tempDir,
} from './helpers.js';

const PASSWORD = 'correct horse battery';
const HASH = bcrypt.hashSync(PASSWORD, 4);
const N = 20;

describe('email verification under --require-email-verification', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  // The old system's "verified" column is named is_verified: the import's mapping missed it, so
  // every user was imported unverified. Even rows were verified in the old system.
  const rows = Array.from({ length: N }, (_, i) => ({
    id: `v-${i}`,
    email: `verify${i}@example.com`,
    passwordHash: HASH,
    is_verified: i % 2 === 0,
  }));
  const source = join(dir, 'users.json');
  const fixedMap = join(dir, 'map.yaml');
  const campaign = (...args: string[]) => [
    ...args,
    '--state',
    state,
    '--emulator',
    emu.url,
    ...SCALED_LIMIT_FLAGS,
  ];
  const login = (email: string) =>
    sdkFor(emu)
      .userManagement.authenticateWithPassword({ clientId: emu.clientId, email, password: PASSWORD })
      .then(
        (a) => `ok ${a.user.id}`,
        (e: { rawData?: { code?: string } }) => e.rawData?.code ?? 'error',
      );

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 }, requireEmailVerification: true });
    writeFileSync(source, JSON.stringify(rows));
    writeFileSync(fixedMap, 'fields:\n  emailVerified: is_verified\n');
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    const r = await runCli(scaledImportArgs(source, state, emu), emu);
    expect(r.code, r.stderr).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await emu.close();
  });

  it('an unverified imported user who cannot log in can after users mark-verified', async () => {
    expect(await login('verify0@example.com')).toBe('email_verification_required');
    const dry = await runCli(campaign('users', 'mark-verified', '--map', fixedMap, '--dry-run'), emu);
    expect(dry.stdout).toContain(`dry run: ${N / 2} user(s) would be marked verified`);
    const r = await runCli(
      campaign('users', 'mark-verified', '--from-source', source, '--map', fixedMap),
      emu,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${N / 2} user(s) marked verified this run`);
    for (let i = 0; i < N; i += 2) expect(await login(`verify${i}@example.com`)).toMatch(/^ok user_/);
    // Not verified in the old system: still asked to verify.
    expect(await login('verify1@example.com')).toBe('email_verification_required');
    const again = await runCli(campaign('users', 'mark-verified', '--map', fixedMap), emu);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 user(s) marked verified this run');
  }, 30_000);

  it('users send-verification sends once to each of the others, never twice', async () => {
    const sends = () =>
      emu.control.counters().requests['POST /user_management/users/:id/email_verification/send'] ?? 0;
    const r = await runCli(campaign('users', 'send-verification'), emu);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${N / 2} user(s) sent a verification email this run`);
    expect(sends()).toBe(N / 2);
    const again = await runCli(campaign('users', 'send-verification'), emu);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 user(s) sent a verification email this run');
    expect(sends()).toBe(N / 2);
    expect(emu.control.counters().rateLimited).toBe(0);
  }, 30_000);

  it('leaves no password or hash in outputs or the journal', async () => {
    expect(scanForSecrets([...(await emulatorSecrets(emu)), HASH, PASSWORD]).leaks).toEqual([]);
  });
});
