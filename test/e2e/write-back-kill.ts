import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { seededRandom } from '../support/seeded-random.js';
import { listAllUsers, runCli, startCli, tempDir } from './helpers.js';
import { countingWriteBack, SCALED_100, writeBackMismatches, type AppTable } from './write-back-db.js';

/**
 * The write-back's end-to-end proof on one database: an import of `n` rows with --write-back,
 * SIGKILLed when the emulator holds a seeded share (30–60 %) of the users, then resumed. Every
 * row must end with its own WorkOS id, written exactly once; the malformed row is reported
 * blocked and never written.
 */
export async function importKilledAndResumed(
  emu: RunningEmulator,
  app: AppTable,
  n: number,
  malformed: number,
  seed: number,
): Promise<void> {
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
  const args = [
    'import',
    app.url,
    '--query',
    `SELECT id, email FROM ${app.table} ORDER BY id`,
    '--state',
    state,
    '--emulator',
    emu.url,
    ...SCALED_100,
    '--json',
    '--write-back',
    countingWriteBack(app.table),
  ];
  const at = Math.floor(n * (0.3 + 0.3 * seededRandom(seed)()));
  const run = startCli(args, emu);
  let exited = false;
  void run.done.then(() => (exited = true));
  // Killed at a count of users the emulator holds, not after a time: the moment does not depend
  // on how busy the machine is.
  while (!exited && emu.control.progress().users < at) await new Promise((r) => setTimeout(r, 5));
  run.child.kill('SIGKILL');
  const killed = await run.done;
  expect(killed.signal, `seed ${seed}: the import ended before the kill at ${at}`).toBe('SIGKILL');
  const writtenAtKill = (await app.rows()).filter((r) => Number(r.write_count) > 0).length;
  // Ids were being written as outcomes arrived, and the kill left most of them to the resumed run.
  expect(writtenAtKill, `written when killed at ${at} users`).toBeGreaterThan(0);
  expect(writtenAtKill).toBeLessThan(n - 1);

  const final = await runCli(args, emu);
  expect(final.code, final.stderr).toBe(1); // the malformed row needs attention
  const summary = JSON.parse(final.stdout) as {
    statuses: Record<string, number>;
    writeBack: { written: number; alreadyWritten: number; failed: number };
  };
  expect(summary.statuses).toEqual({ created: n - 1, blocked: 1 });
  expect(summary.writeBack.failed).toBe(0);
  expect(summary.writeBack.alreadyWritten + summary.writeBack.written).toBe(n - 1);

  const users = await listAllUsers(emu);
  expect(users).toHaveLength(n - 1);
  const idByEmail = new Map(users.map((u) => [u.email, u.id]));
  expect(writeBackMismatches(await app.rows(), idByEmail, malformed)).toEqual([]);

  const errors = join(dir, 'errors.json');
  expect(
    (await runCli(['errors', 'export', '--state', state, '--format', 'json', '--out', errors], emu)).code,
  ).toBe(0);
  const { readFileSync } = await import('node:fs');
  const reported = JSON.parse(readFileSync(errors, 'utf8')) as Array<{
    row: number;
    error_code: string;
    local_id: string;
  }>;
  expect(reported.map((r) => [r.local_id, r.error_code])).toEqual([[String(malformed), 'invalid_email']]);
}
