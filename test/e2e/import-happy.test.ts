import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  emulatorSecrets,
  exportMappingJson,
  scanForSecrets,
  listAllUsers,
  loadVectors,
  mappingMismatches,
  runCli,
  sdkFor,
  sourceSecrets,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
  scaledImportArgs,
} from './helpers.js';

// One cheap vector per WorkOS hash type, in WorkOS form: each user must log in with its password.
const PICK: Record<string, string> = {
  bcrypt: 'bcrypt-1char',
  argon2: 'argon2id-m4096-min',
  pbkdf2: 'django-pbkdf2_sha256-600000',
  scrypt: 'werkzeug-scrypt-1char',
  ssha: 'ldap-ssha-4byte-salt',
  'firebase-scrypt': 'firebase-generated-1char',
};

describe('import: happy path against the emulator over HTTP', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const vectors = loadVectors();
  const hashed = Object.entries(PICK).map(([type, id], i) => {
    const v = vectors.find((x) => x.id === id);
    if (!v?.workos_hash) throw new Error(`vector ${id} missing`);
    return {
      type,
      password: v.password,
      user: {
        id: `local-${i}`,
        email: `hash-${type}@example.com`,
        firstName: 'Ada',
        lastName: type,
        emailVerified: true,
        passwordHash: v.workos_hash,
      } satisfies SourceUser,
    };
  });
  const users: SourceUser[] = [
    ...hashed.map((h) => h.user),
    { id: 'local-oauth', email: 'oauth@example.com', oauthProvider: 'google', emailVerified: true },
    {
      id: 'local-reset',
      email: 'reset@example.com',
      firstName: 'No',
      lastName: 'Hash',
      emailVerified: false,
    },
  ];
  let source = '';

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    source = writeSource(dir, users);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('refuses to start without a strategy and says how to record one (exit 2)', async () => {
    const r = await runCli(['import', source, '--state', state, '--emulator', emu.url], emu);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/strategy set big-bang/);
    expect(emu.control.counters().requests['POST /user_management/users'] ?? 0).toBe(0);
  });

  it('imports every lane, keeps the hashes working, and exits 0', async () => {
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const r = await runCli(scaledImportArgs(source, state, emu, '--json'), emu);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      thisRun: Record<string, number>;
      statuses: Record<string, number>;
      lanes: Record<string, number>;
    };
    expect(summary.thisRun).toEqual({ created: 8 });
    expect(summary.lanes).toMatchObject({ 'import-hash': 6, oauth: 1, reset: 1 });

    const inWorkos = await listAllUsers(emu);
    expect(inWorkos).toHaveLength(8);
    for (const u of users) {
      const w = inWorkos.find((x) => x.email === u.email);
      expect(w?.externalId).toBe(u.id);
      expect(w?.emailVerified).toBe(u.emailVerified);
    }
    const sdk = sdkFor(emu);
    for (const h of hashed) {
      const auth = await sdk.userManagement.authenticateWithPassword({
        email: h.user.email,
        password: h.password,
        clientId: emu.clientId,
      });
      expect(auth.user.email, h.type).toBe(h.user.email);
      await expect(
        sdk.userManagement.authenticateWithPassword({
          email: h.user.email,
          password: `${h.password}-wrong`,
          clientId: emu.clientId,
        }),
      ).rejects.toThrow();
    }
  });

  it('a resumed run creates nothing twice, and the mapping is the emulator state', async () => {
    const before = emu.control.counters().requests['POST /user_management/users'];
    const r = await runCli(['import', source, '--state', state, '--emulator', emu.url, '--json'], emu);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).thisRun).toEqual({});
    expect(emu.control.counters().requests['POST /user_management/users']).toBe(before);
    const mapping = await exportMappingJson(emu, state, dir);
    expect(mapping).toHaveLength(8);
    expect(mappingMismatches(mapping, await listAllUsers(emu))).toEqual([]);
    expect(mapping.map((m) => m.local_id).sort()).toEqual(users.map((u) => u.id).sort());
  });

  it('status tells strategy and outcomes; the journal is private', async () => {
    const r = await runCli(['status', '--state', state, '--json'], emu);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      strategy: 'A',
      total: 8,
      statuses: { created: 8 },
      needsAttention: 0,
    });
    const { statSync } = await import('node:fs');
    expect(statSync(state).mode & 0o777).toBe(0o600);
  });

  it('never prints, exports or stores the API key or a hash', async () => {
    const scan = scanForSecrets([...(await emulatorSecrets(emu)), ...sourceSecrets(users)]);
    expect(scan.leaks).toEqual([]);
    expect(scan.scanned).toMatchObject({ exports: 1, journals: 1 });
  });
});
