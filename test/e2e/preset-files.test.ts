import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { listAllUsers, repoRoot, runCli, sdkFor, startTestEmulator, tempDir } from './helpers.js';

const fixture = (preset: string, file: string) => join(repoRoot, 'test', 'fixtures', 'presets', preset, file);
const known = (preset: string) =>
  readFileSync(fixture(preset, 'passwords.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => ({ email: line.split(',')[0]!, password: line.split(',')[1]! }));

// The file presets through both import passes (plan, then send: the source is read twice).
const CASES = [
  {
    preset: 'keycloak',
    source: fixture('keycloak', 'acme-realm.json'),
    params: [],
    logins: ['v24@example.com', 'v26@example.com'],
  },
  {
    preset: 'firebase',
    source: fixture('firebase', 'users.json'),
    params: ['--param', `hash-config=${fixture('firebase', 'hash-config.txt')}`],
    logins: ['fire@example.com', 'base@example.com'],
  },
  {
    preset: 'auth0',
    source: fixture('auth0', 'users.ndjson'),
    params: ['--param', `hashes=${fixture('auth0', 'password-hashes.ndjson')}`],
    logins: ['zero@example.com'],
  },
];

describe('import --preset for export files: Keycloak, Firebase, Auth0', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  for (const c of CASES)
    it(`${c.preset}: every importable user logs in with their password, the others cannot`, async () => {
      const state = join(tempDir(), 'journal.db');
      await runCli(['strategy', 'set', 'big-bang', '--state', state], emu);
      const r = await runCli(
        [
          'import',
          c.source,
          '--preset',
          c.preset,
          ...c.params,
          '--state',
          state,
          '--emulator',
          emu.url,
          '--json',
        ],
        emu,
      );
      const summary = JSON.parse(r.stdout) as { statuses: Record<string, number> };
      expect(summary.statuses.created, r.stderr).toBeGreaterThanOrEqual(c.logins.length);
      const inWorkos = new Set((await listAllUsers(emu)).map((u) => u.email));
      const sdk = sdkFor(emu);
      for (const { email, password } of known(c.preset)) {
        expect(inWorkos.has(email), email).toBe(true);
        const attempt = sdk.userManagement.authenticateWithPassword({
          email,
          password,
          clientId: emu.clientId,
        });
        if (c.logins.includes(email)) expect((await attempt).user.email).toBe(email);
        else await expect(attempt, email).rejects.toThrow();
      }
    });
});
