import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { OAuthCheckReport } from '../../src/oauth/index.js';
import {
  emulatorSecrets,
  listAllUsers,
  runCli,
  scaledImportArgs,
  scanForSecrets,
  SCALED_LIMIT_FLAGS,
  startTestEmulator,
  tempDir,
  writeSource,
} from './helpers.js';

describe('OAuth users land on the imported account (the guide, Step 7)', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');

  beforeAll(async () => {
    // Exact email matching: the guide's troubleshooting case, where a case difference is enough.
    emu = await startTestEmulator({ limits: { scale: 10 }, oauthEmailMatch: 'exact' });
    const source = writeSource(dir, [
      { id: 'o-1', email: 'ann@example.com', oauthProvider: 'google', emailVerified: true },
      { id: 'o-2', email: 'Bob@Example.com', oauthProvider: 'google', emailVerified: true },
      { id: 'o-3', email: 'carol@example.com', oauthProvider: 'github', emailVerified: true },
      { id: 'o-4', email: 'dan@example.com', oauthProvider: 'microsoft', emailVerified: true },
    ]);
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    const r = await runCli(scaledImportArgs(source, state, emu), emu);
    expect(r.code, r.stderr).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await emu.close();
  });

  const test = (...args: string[]) =>
    runCli(['oauth', 'test', '--state', state, '--emulator', emu.url, ...args], emu);

  it('a same-email sign-in links to the imported user (same id)', async () => {
    const r = await test('--provider', 'google', '--email', 'ann@example.com', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ linked: true, createdUser: false, provider: 'GoogleOAuth' });
  });

  it('a case-mismatched or different provider email makes a second account', async () => {
    const bob = await test('--provider', 'google', '--email', 'bob@example.com', '--user', 'Bob@Example.com');
    expect(bob.code).toBe(1);
    expect(bob.stdout).toContain('created a second account');
    const carol = await test(
      '--provider',
      'github',
      '--email',
      'carol+gh@example.com',
      '--user',
      'carol@example.com',
    );
    expect(carol.code).toBe(1);
    expect((await listAllUsers(emu)).length).toBe(6);
  });

  it('oauth check lists the identities and reports both duplicates with both ids and the merge to do', async () => {
    const r = await runCli(
      ['oauth', 'check', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS, '--json'],
      emu,
    );
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as OAuthCheckReport;
    const users = await listAllUsers(emu);
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    expect(report).toMatchObject({ linked: 1, notSignedInYet: 3, accountsScanned: 6 });
    expect(report.users.find((u) => u.email === 'ann@example.com')?.identities).toEqual([
      { provider: 'GoogleOAuth', idpId: expect.any(String) },
    ]);
    expect(report.duplicates.map((d) => [d.email, d.importedId, d.duplicateId, d.why])).toEqual([
      ['Bob@Example.com', idOf('Bob@Example.com'), idOf('bob@example.com'), 'same email, different case'],
      ['carol@example.com', idOf('carol@example.com'), idOf('carol+gh@example.com'), 'same email but a +tag'],
    ]);
    expect(report.duplicates[0]?.whatToDo).toContain(`delete ${idOf('bob@example.com')}`);
    const human = await runCli(
      ['oauth', 'check', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS],
      emu,
    );
    expect(human.stdout).toContain(
      '2 duplicate account(s) (the guide: "OAuth sign-in creates duplicate user")',
    );
    expect(scanForSecrets(await emulatorSecrets(emu)).leaks).toEqual([]);
  });
});
