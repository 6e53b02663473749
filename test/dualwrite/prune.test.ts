import { afterAll, describe, expect, it } from 'vitest';
import { createDualWriter, initOutbox } from '../../src/dualwrite/index.js';
import { listAllUsers, runCli, SCALED_LIMIT_FLAGS, startTestEmulator } from '../e2e/helpers.js';
import { APPS } from './app-db.js';

const DAY = 86_400_000;
const PACE = [...SCALED_LIMIT_FLAGS, '--rate', '100%'];

describe.each(APPS)('dualwrite prune on %s', (_name, open) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('deletes only delivered changes older than the cut; later changes of those users still deliver', async () => {
    const app = await open();
    cleanup.push(() => app.drop());
    const emu = await startTestEmulator({ limits: { scale: 10 } });
    cleanup.push(() => emu.close());
    await initOutbox({ database: app.url, table: app.table, mapTable: app.mapTable });
    const dw = await createDualWriter({ database: app.url, table: app.table, mapTable: app.mapTable });
    cleanup.push(() => dw.close());
    const tables = ['--table', app.table, '--map-table', app.mapTable];
    const cli = (...args: string[]) => runCli(['dualwrite', ...args, app.url, ...tables, '--json'], emu);

    for (let i = 0; i < 6; i++)
      await dw.mirrorCreate({ localId: `u${i}`, email: `u${i}@example.com`, firstName: 'First' });
    expect(
      (await runCli(['dualwrite', 'drain', app.url, ...tables, '--emulator', emu.url, ...PACE], emu)).code,
    ).toBe(0);
    // Four deliveries are eight days old; two are recent.
    await app.query(
      `UPDATE ${app.table} SET delivered_at = delivered_at - ? WHERE local_id IN ('u0', 'u1', 'u2', 'u3')`,
      [8 * DAY],
    );
    // Undelivered changes of old users, and one WorkOS refused: both must stay.
    await dw.mirrorUpdate('u0', { firstName: 'Renamed' });
    await dw.mirrorUpdate('u1', { firstName: 'Renamed' });
    await dw.mirrorUpdate('u2', { firstName: 'Refused' });
    await app.query(
      `UPDATE ${app.table} SET state = 'failed', error = 'refused' WHERE local_id = 'u2' AND op = 'update'`,
    );
    const rows = async () =>
      (
        await app.query<{ local_id: string; op: string; state: string }>(
          `SELECT local_id, op, state FROM ${app.table}`,
        )
      )
        .map((r) => `${r.local_id} ${r.op} ${r.state}`)
        .sort();

    const before = await rows();
    const dry = await cli('prune', '--older-than', '7d', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ deleted: 4, dryRun: true, pending: 2, failed: 1 });
    expect(await rows()).toEqual(before);

    const pruned = await cli('prune', '--older-than', '7d');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ deleted: 4, dryRun: false, pending: 2, failed: 1 });
    expect(await rows()).toEqual([
      'u0 update pending',
      'u1 update pending',
      'u2 update failed',
      'u4 create done',
      'u5 create done',
    ]);
    // The user map still knows every WorkOS id: the pruned users' updates are delivered.
    const drained = await runCli(
      ['dualwrite', 'drain', app.url, ...tables, '--emulator', emu.url, ...PACE],
      emu,
    );
    expect(drained.code, drained.stderr).toBe(0);
    const names = Object.fromEntries((await listAllUsers(emu)).map((u) => [u.externalId, u.firstName]));
    expect(names).toEqual({
      u0: 'Renamed',
      u1: 'Renamed',
      u2: 'First',
      u3: 'First',
      u4: 'First',
      u5: 'First',
    });

    const bad = await cli('prune', '--older-than', 'a week');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than must be a duration');
  }, 60_000);
});
