import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  exportMappingJson,
  emulatorSecrets,
  scanForSecrets,
  listAllUsers,
  mappingMismatches,
  runCli,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
  scaledImportArgs,
} from './helpers.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

function makeUsers(prefix: string, n: number): SourceUser[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    email: `${prefix}${i}@example.com`,
    emailVerified: true,
    passwordHash: HASH,
  }));
}

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('fault test: 10% 5xx, 2% commit-then-drop, latency jitter', () => {
  it('reaches the same exact result: every user once, mapping equal to the emulator', async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const dir = tempDir();
    const state = join(dir, 'journal.db');
    const N = 1500;
    const source = writeSource(dir, makeUsers('fault', N));
    emu.control.addFault({
      method: '*',
      path: '/user_management/**',
      kind: '5xx',
      status: 503,
      probability: 0.1,
    });
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'commit_then_drop',
      probability: 0.02,
    });
    emu.control.addFault({
      method: '*',
      path: '/user_management/**',
      kind: 'latency',
      latencyMs: 2,
      jitterMs: 40,
      probability: 1,
    });
    expect((await runCli(['strategy', 'set', 'B', '--state', state], emu)).code).toBe(0);
    const r = await runCli(scaledImportArgs(source, state, emu, '--rate', '100%', '--json'), emu);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      statuses: Record<string, number>;
      requests: { retries: number; reads: number };
    };
    expect(summary.statuses).toEqual({ created: N });
    // The faults really happened and were handled (retries after 5xx, lookups after lost answers).
    expect(summary.requests.retries).toBeGreaterThan(0);
    expect(summary.requests.reads).toBeGreaterThan(0);
    emu.control.clearFaults();
    const inWorkos = await listAllUsers(emu);
    expect(inWorkos).toHaveLength(N);
    const mapping = await exportMappingJson(emu, state, dir);
    expect(mappingMismatches(mapping, inWorkos)).toEqual([]);
    expect(scanForSecrets([...(await emulatorSecrets(emu)), HASH]).leaks).toEqual([]);
  }, 90_000);
});

describe('pacing test: documented limits scaled x10', () => {
  it('never lets the emulator see more writes in any window than the limit, and uses it fully', async () => {
    // Limits scaled ×2 rather than ×10: 100 creates/s leaves the CLI CPU to spare while other test
    // files run beside it (×5's 250/s fell short once on a busy machine), so a window short of full
    // means the pacer held back, not a busy machine.
    emu = await startTestEmulator({ limits: { scale: 2 } });
    const dir = tempDir();
    const state = join(dir, 'journal.db');
    const N = 1000;
    const source = writeSource(dir, makeUsers('pace', N));
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const limits = ['--write-limit', '500/5s', '--read-limit', '1000/5s', '--general-limit', '6000/30s'];
    const args = ['import', source, '--state', state, '--emulator', emu.url, ...limits];
    const r = await runCli([...args, '--rate', '100%', '--json'], emu);
    expect(r.code, r.stderr).toBe(0);
    const counters = emu.control.counters();
    expect(counters.writeLimit).toBe(500);
    expect(counters.writeWindowMs).toBe(5000);
    expect(counters.maxWritesInWindow).toBeLessThanOrEqual(500);
    // Full use: 1,000 creates is two full windows; the busiest must be (nearly) full.
    expect(counters.maxWritesInWindow).toBeGreaterThanOrEqual(450);
    expect(counters.rateLimited).toBe(0);
  }, 60_000);

  it('at the default 80% share, stays at or under 80% of the limit', async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const dir = tempDir();
    const state = join(dir, 'journal.db');
    const source = writeSource(dir, makeUsers('share', 1000));
    expect((await runCli(['strategy', 'set', 'B', '--state', state], emu)).code).toBe(0);
    const r = await runCli(scaledImportArgs(source, state, emu, '--json'), emu);
    expect(r.code, r.stderr).toBe(0);
    expect(emu.control.counters().maxWritesInWindow).toBeLessThanOrEqual(400);
  }, 60_000);
});
