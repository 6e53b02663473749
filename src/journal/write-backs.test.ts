import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal.js';

describe('write-backs in the journal', () => {
  it('lists exactly the users in WorkOS a target does not hold yet', () => {
    const journal = Journal.open(join(mkdtempSync(join(tmpdir(), 'wb-')), 'j.db'));
    const source = journal.addSource('fp', 'users.json', '/tmp/users.json');
    const run = journal.startRun(source.id, 'import');
    const keys = [1, 2, 3, 4, 5].map((i) => `id:u${i}`);
    journal.recordPlan(
      source.id,
      run,
      keys.map((key, i) => ({
        key,
        row: i + 1,
        localId: `u${i + 1}`,
        email: `${i + 1}@x.io`,
        lane: 'reset' as const,
      })),
    );
    // 1–3 created, 4 linked, 5 still pending (nothing to write for it).
    journal.recordResults(source.id, run, [
      ...keys
        .slice(0, 3)
        .map((key, i) => ({ key, row: i + 1, status: 'created' as const, workosId: `user_${i + 1}` })),
      { key: keys[3] as string, row: 4, status: 'linked', workosId: 'user_4' },
    ]);
    const pending = (target: string) =>
      [...journal.writeBacks.pending(source.id, target, 2)].map((e) => e.key);
    expect(pending('t')).toEqual(keys.slice(0, 4));

    journal.writeBacks.markDone(source.id, 't', [
      { key: 'id:u1', workosId: 'user_1' },
      { key: 'id:u2', workosId: 'user_2' },
    ]);
    journal.writeBacks.markFailed(source.id, 't', [
      { key: 'id:u3', workosId: 'user_3', error: 'no row matched' },
    ]);
    // Failed rows are tried again; another target has its own record.
    expect(pending('t')).toEqual(['id:u3', 'id:u4']);
    expect(pending('other')).toEqual(keys.slice(0, 4));
    expect(journal.writeBacks.isDone(source.id, 't', 'id:u1', 'user_1')).toBe(true);
    expect(journal.writeBacks.counts(source.id, 't')).toEqual({ done: 2, failed: 1 });

    // A user now linked to another WorkOS id is written again.
    journal.recordResults(source.id, run, [{ key: 'id:u1', row: 1, status: 'linked', workosId: 'user_9' }]);
    expect(pending('t')).toEqual(['id:u1', 'id:u3', 'id:u4']);
    expect(journal.writeBacks.isDone(source.id, 't', 'id:u1', 'user_9')).toBe(false);
    journal.close();
  });
});
