import { seededRandom } from '../support/seeded-random.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Journal } from '../../src/journal/journal.js';
import {
  exportMappingJson,
  emulatorSecrets,
  scanForSecrets,
  listAllUsers,
  mappingMismatches,
  runCli,
  startCli,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
  scaledImportArgs,
} from './helpers.js';

const N = 5000;
// A real bcrypt hash (cost 4): creation does not verify it, so every user can share it.
const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

describe('crash test: SIGKILL at 10 seeded moments, resumed each time', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  let source = '';
  const users: SourceUser[] = Array.from({ length: N }, (_, i) => ({
    id: `crash-${i}`,
    email: `crash${i}@example.com`,
    firstName: 'C',
    lastName: String(i),
    emailVerified: true,
    passwordHash: HASH,
  }));
  const args = (): string[] => scaledImportArgs(source, state, emu, '--rate', '100%', '--json');

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    source = writeSource(dir, users);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
  });

  it(`ends with exactly ${N} WorkOS users, none twice, and a mapping equal to the emulator`, async () => {
    const kills: number[] = [];
    const unsettledAfterKill: number[] = [];
    const seed = Number(process.env.CRASH_SEED ?? 20261203);
    const random = seededRandom(seed);
    const posts = (): number => emu.control.counters().requests['POST /user_management/users'] ?? 0;
    for (let k = 0; k < 10; k++) {
      const run = startCli(args(), emu);
      let exited = false;
      void run.done.then(() => (exited = true));
      // Killed when the emulator has seen a seeded number of further creates: a moment in the
      // sends that does not depend on how busy the machine is (timers would).
      const at = posts() + 1 + Math.floor(random() * 400);
      while (!exited && posts() < at) await new Promise((r) => setTimeout(r, 2));
      run.child.kill('SIGKILL');
      const result = await run.done;
      kills.push(result.signal === 'SIGKILL' ? at : -1);
      if (result.signal !== 'SIGKILL') break; // finished before the kill: nothing left to crash
      const j = Journal.open(state);
      const src = j.currentSource();
      if (src) unsettledAfterKill.push(j.countByStatus(src.id).in_flight ?? 0);
      j.close();
    }
    const final = await runCli(args(), emu);
    expect(final.code, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout) as { statuses: Record<string, number> };
    expect(summary.statuses).toEqual({ created: N });

    const inWorkos = await listAllUsers(emu);
    expect(inWorkos).toHaveLength(N);
    expect(new Set(inWorkos.map((u) => u.email)).size).toBe(N);
    expect(new Set(inWorkos.map((u) => u.externalId)).size).toBe(N);
    const mapping = await exportMappingJson(emu, state, dir);
    expect(mapping).toHaveLength(N);
    expect(mappingMismatches(mapping, inWorkos)).toEqual([]);
    const byId = new Map(inWorkos.map((u) => [u.id, u]));
    expect(mapping.filter((m) => byId.get(m.workos_user_id)?.externalId !== m.local_id)).toEqual([]);
    expect(
      kills.filter((k) => k > 0).length,
      `seed ${seed}, kills at creates ${kills.join(',')}`,
    ).toBeGreaterThanOrEqual(5);
    // The kills must have hit rows mid-send, or the test proves nothing about resolution.
    expect(
      unsettledAfterKill.some((n) => n > 0),
      `in_flight after each kill: ${unsettledAfterKill.join(',')}`,
    ).toBe(true);
    expect(scanForSecrets([...(await emulatorSecrets(emu)), HASH]).leaks).toEqual([]);
  }, 120_000);
});
