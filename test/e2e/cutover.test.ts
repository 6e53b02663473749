import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutoverCheckReport } from '../../src/cutover/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  cliWorkDir,
  importAsStrategyA,
  runCli,
  scaledImportArgs,
  SCALED_LIMIT_FLAGS,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

const logPath = () => join(cliWorkDir(), 'migration.log');
const ids = (r: CutoverCheckReport, ok: boolean) => r.items.filter((i) => i.ok === ok).map((i) => i.id);

describe('cutover-check: the Step 8 gate, in step with migration.log', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const clean = join(dir, 'clean.db');
  const messy = join(dir, 'messy.db');
  const users: SourceUser[] = [
    { id: 'a', email: 'ann@example.com', firstName: 'Ann' },
    { id: 'b', email: 'bob@example.com', firstName: 'Bob' },
    { id: 'o', email: 'olga@example.com', oauthProvider: 'google', emailVerified: true },
  ];
  const gate = async (state: string, ...extra: string[]) => {
    const r = await runCli(['cutover-check', '--state', state, '--json', ...extra], emu);
    return { code: r.code, report: JSON.parse(r.stdout) as CutoverCheckReport, stderr: r.stderr };
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const source = writeSource(dir, users);
    const imported = await importAsStrategyA(emu, source, clean);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await emu.close();
  });

  it('says no-go until verify passed and the OAuth provider is configured, then go', async () => {
    const first = await gate(clean);
    expect(first.code, first.stderr).toBe(1);
    expect(first.report.go).toBe(false);
    expect(ids(first.report, false)).toEqual(['oauth_provider_configured', 'verify']);
    expect(ids(first.report, true)).toEqual(['users-final', 'no-failures', 'strategy']);

    const verified = await runCli(
      ['verify', '--state', clean, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS],
      emu,
    );
    expect(verified.code, verified.stdout).toBe(0);
    expect(ids((await gate(clean)).report, false)).toEqual(['oauth_provider_configured']);

    const flag = await runCli(['flag', 'set', 'oauth_provider_configured', '--state', clean], emu);
    expect(flag.code, flag.stderr).toBe(0);
    expect(readFileSync(logPath(), 'utf8')).toMatch(/^oauth_provider_configured=true$/m);
    const go = await runCli(['cutover-check', '--state', clean], emu);
    expect(go.code).toBe(0);
    expect(go.stdout).toContain('GO: ready for cutover');
  });

  it('requires the last verify to be recent', async () => {
    const r = await gate(clean, '--max-age', '1ms');
    expect(r.code).toBe(1);
    const item = r.report.items.find((i) => i.id === 'verify');
    expect(item).toMatchObject({ ok: false });
    expect(item!.reason).toContain('run verify again');
  });

  it("writes the journal's answers back into a lost migration.log, so the guide's grep agrees", async () => {
    rmSync(logPath());
    const r = await gate(clean);
    expect(r.code).toBe(0);
    expect(r.report.wroteToLog).toEqual(['STRATEGY_CHOICE=A', 'oauth_provider_configured=true']);
    const log = readFileSync(logPath(), 'utf8');
    expect(log).toMatch(/^STRATEGY_CHOICE=A$/m);
    expect(log).toMatch(/^oauth_provider_configured=true$/m);
    expect((await gate(clean)).report.wroteToLog).toEqual([]);
  });

  it('refuses an unknown flag by name', async () => {
    const r = await runCli(['flag', 'set', 'dual_write_tsted', '--state', clean], emu);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown flag "dual_write_tsted"');
    expect(r.stderr).toContain('oauth_provider_configured, dual_write_tested');
  });

  it('says no-go for blocked users, an untested dual-write, and a migration.log that disagrees', async () => {
    const others = users.map((u) => ({ ...u, id: `m-${u.id}`, email: `m-${u.email}` }));
    const source = writeSource(dir, [...others, { id: 'x', email: 'broken@' }], 'messy.json');
    expect((await runCli(['strategy', 'set', 'dual-write', '--state', messy], emu)).code).toBe(0);
    expect((await runCli(scaledImportArgs(source, messy, emu), emu)).code).toBe(1);
    const r = await gate(messy);
    expect(r.code).toBe(1);
    const byId = new Map(r.report.items.map((i) => [i.id, i]));
    expect(byId.get('no-failures')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('1 blocked'),
    });
    expect(byId.get('dual_write_tested')).toMatchObject({ ok: false });
    expect(byId.get('dual_write_tested')!.reason).toContain('flag set dual_write_tested');
    // The guide's own step writes the flag by hand: it counts.
    appendFileSync(logPath(), 'dual_write_tested=true\n');
    expect((await gate(messy)).report.items.find((i) => i.id === 'dual_write_tested')?.ok).toBe(true);
    // The same working directory's migration.log now says B: the clean journal (A) disagrees.
    const a = await gate(clean);
    expect(a.code).toBe(1);
    expect(a.report.items.find((i) => i.id === 'strategy')?.reason).toContain('STRATEGY_CHOICE=B');
  });
});
