import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal.js';
import { JournalWriter } from './journal-writer.js';

describe('JournalWriter', () => {
  it('makes in-flight marks durable before the caller goes on, and buffers results until a flush', async () => {
    const journal = Journal.open(join(mkdtempSync(join(tmpdir(), 'writer-')), 'j.db'));
    const source = journal.addSource('fp', 'users.json', '/tmp/users.json');
    const run = journal.startRun(source.id, 'import');
    journal.recordPlan(
      source.id,
      run,
      [1, 2, 3].map((row) => ({
        key: `id:u${row}`,
        row,
        localId: `u${row}`,
        email: `${row}@x.io`,
        lane: 'reset' as const,
      })),
    );
    const writer = new JournalWriter(journal, source.id, run, 10, 60_000);
    await Promise.all([1, 2, 3].map((row) => writer.markInFlight(`id:u${row}`)));
    expect(journal.countByStatus(source.id)).toEqual({ in_flight: 3 });

    writer.record({ key: 'id:u1', row: 1, status: 'created', workosId: 'user_1', attempts: 1 });
    // Not yet written: a crash now leaves row 1 in flight, which start-up settles by lookup.
    expect(journal.getByKey(source.id, 'id:u1')?.status).toBe('in_flight');
    writer.flush();
    expect(journal.getByKey(source.id, 'id:u1')).toMatchObject({
      status: 'created',
      workosId: 'user_1',
      attempts: 1,
    });

    for (let row = 2; row <= 3; row++)
      writer.record({ key: `id:u${row}`, row, status: 'created', workosId: `user_${row}` });
    for (let i = 0; i < 8; i++) writer.record({ key: 'id:u1', row: 1, status: 'created' });
    // The 10th buffered result triggers a write without waiting for the timer.
    expect(journal.countByStatus(source.id)).toEqual({ created: 3 });
    journal.close();
  });
});
