import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startTestEmulator } from './helpers.js';
import { postgresTable, type AppTable } from './write-back-db.js';
import { importKilledAndResumed } from './write-back-kill.js';

const N = Number(process.env.WRITE_BACK_PG_ROWS ?? 50_000);
const SEED = Number(process.env.WRITE_BACK_SEED ?? 20261203);
const MALFORMED = 1 + (SEED % N);

describe(`write-back into PostgreSQL: ${N} rows, killed half-way and resumed`, () => {
  let emu: RunningEmulator;
  let app: AppTable;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 100 } });
    app = await postgresTable(N, MALFORMED, 'postgres://postgres@127.0.0.1:5432/test');
  });
  afterAll(async () => {
    await app?.drop();
    await emu?.close();
  });

  it('every row holds the emulator id of its email, written exactly once; the malformed row is reported', async () => {
    await importKilledAndResumed(emu, app, N, MALFORMED, SEED);
  }, 300_000);
});
