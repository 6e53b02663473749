import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintSource, redactUrl } from './fingerprint.js';
import type { Lane } from '../plan/types.js';
import { identityKey } from './identity.js';
import { Journal, type PlannedRow } from './journal.js';

function tempPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'journal-')), name);
}

describe('Journal', () => {
  it('creates the file readable by its owner only', () => {
    const path = tempPath('j.db');
    Journal.open(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps the strategy and a stable journal id across reopen', () => {
    const path = tempPath('j.db');
    const a = Journal.open(path);
    expect(a.strategy).toBeUndefined();
    a.setStrategy('B');
    const id = a.journalId;
    a.close();
    const b = Journal.open(path);
    expect(b.strategy).toBe('B');
    expect(b.journalId).toBe(id);
    b.close();
  });

  const planned = (row: number, localId: string | null, email: string, lane: Lane = 'reset'): PlannedRow => ({
    key: identityKey({ row, localId, email }),
    row,
    localId,
    externalId: localId,
    email,
    lane,
  });

  it('re-planning never overwrites a row that was already sent', () => {
    const j = Journal.open(tempPath('j.db'));
    const src = j.addSource('fp', 'users.json', '/tmp/users.json');
    const run = j.startRun(src.id, 'import');
    j.recordPlan(src.id, run, [
      planned(1, 'u1', 'a@x.io', 'import-hash'),
      { ...planned(2, 'u2', 'b@x.io', 'blocked'), errorCode: 'invalid_email', errorMessage: 'bad' },
    ]);
    j.markInFlight(src.id, run, ['id:u1']);
    const run2 = j.startRun(src.id, 'import');
    j.recordPlan(src.id, run2, [planned(1, 'u1', 'a@x.io', 'import-hash')]);
    expect(j.getByKey(src.id, 'id:u1')?.status).toBe('in_flight');
    expect(j.getByKey(src.id, 'id:u2')).toMatchObject({ status: 'blocked', errorCode: 'invalid_email' });

    j.recordResults(src.id, run2, [
      { key: 'id:u1', row: 1, status: 'created', workosId: 'user_1', attempts: 2, requestId: 'req_1' },
    ]);
    j.recordPlan(src.id, j.startRun(src.id, 'import'), [planned(1, 'u1', 'a@x.io', 'import-hash')]);
    expect(j.getByKey(src.id, 'id:u1')).toMatchObject({
      status: 'created',
      workosId: 'user_1',
      attempts: 2,
      origin: 'created',
      createdRun: run,
    });
    expect(j.countByStatus(src.id)).toEqual({ created: 1, blocked: 1 });
    expect(j.countByLane(src.id)).toEqual({ 'import-hash': 1, blocked: 1 });
    j.close();
  });

  it('matches users by identity when the source order shifts, and forgets unsent users the source dropped', () => {
    const j = Journal.open(tempPath('j.db'));
    const src = j.addSource('fp', 'db', 'postgres://db/app');
    const run1 = j.startRun(src.id, 'import');
    j.recordPlan(src.id, run1, [
      planned(1, '10', 'a@x.io'),
      planned(2, '11', 'b@x.io'),
      planned(3, '12', 'c@x.io'),
    ]);
    j.recordResults(src.id, run1, [{ key: 'id:10', row: 1, status: 'created', workosId: 'user_a' }]);
    // Row 1 deleted from the table: everyone moves up one position; user 12 was never sent and is gone too.
    const run2 = j.startRun(src.id, 'import');
    j.recordPlan(src.id, run2, [planned(1, '11', 'b@x.io')]);
    expect(j.dropUnseen(src.id, run2)).toBe(1);
    expect(j.getByKey(src.id, 'id:11')).toMatchObject({ row: 1, status: 'pending', seenRun: run2 });
    expect(j.getByKey(src.id, 'id:10')).toMatchObject({ status: 'created', workosId: 'user_a' });
    expect(j.getByKey(src.id, 'id:12')).toBeUndefined();
    expect(j.countUnseen(src.id, run2)).toBe(1);
    j.close();
  });

  it('files a second record with the same identity under its own key', () => {
    const j = Journal.open(tempPath('j.db'));
    const src = j.addSource('fp', 'users.json', '/tmp/users.json');
    const run = j.startRun(src.id, 'import');
    j.recordPlan(src.id, run, [planned(1, null, 'Same@x.io'), planned(2, null, 'same@x.io')]);
    expect(j.getByKey(src.id, 'email:same@x.io')).toMatchObject({ row: 1, email: 'Same@x.io' });
    expect(j.getByKey(src.id, 'email:same@x.io#row:2')).toMatchObject({ row: 2, email: 'same@x.io' });
    j.revisePlan(src.id, run, [
      { row: 1, lane: 'blocked', errorCode: 'duplicate_email_case', errorMessage: 'dup' },
    ]);
    expect(j.getAt(src.id, 1)).toMatchObject({ status: 'blocked', errorCode: 'duplicate_email_case' });
    j.close();
  });

  it('lists rows by status in source order and resets chosen ones to pending', () => {
    const j = Journal.open(tempPath('j.db'));
    const src = j.addSource('fp', 'users.json', '/tmp/users.json');
    const run = j.startRun(src.id, 'import');
    j.recordPlan(
      src.id,
      run,
      [3, 1, 2].map((row) => planned(row, `u${row}`, `${row}@x.io`)),
    );
    j.recordResults(src.id, run, [
      { key: 'id:u1', row: 1, status: 'failed', errorCode: 'server_error', errorMessage: '500' },
      {
        key: 'id:u3',
        row: 3,
        status: 'invalid',
        errorCode: 'invalid_metadata',
        errorMessage: 'too many keys',
      },
    ]);
    expect([...j.rows(src.id, ['failed', 'invalid'])].map((r) => r.row)).toEqual([1, 3]);
    expect([...j.rowsPaged(src.id, ['failed', 'invalid', 'pending'], 1)].map((r) => r.key).sort()).toEqual([
      'id:u1',
      'id:u2',
      'id:u3',
    ]);
    expect(j.resetToPending(src.id, ['failed'])).toBe(1);
    expect(j.getByKey(src.id, 'id:u1')).toMatchObject({ status: 'pending', errorCode: null });
    expect(j.getByKey(src.id, 'id:u3')?.status).toBe('invalid');
    expect(j.resetToPending(src.id, ['invalid'], ['id:u2'])).toBe(0);
    j.close();
  });

  it('keeps paused webhook ids until they are cleared', () => {
    const path = tempPath('j.db');
    const a = Journal.open(path);
    a.recordPausedWebhook('we_1', null);
    a.recordPausedWebhook('we_2', null);
    a.close();
    const b = Journal.open(path);
    b.clearPausedWebhook('we_1');
    expect(b.pausedWebhooks()).toEqual(['we_2']);
    b.close();
  });

  it('tracks the latest source as current', () => {
    const j = Journal.open(tempPath('j.db'));
    expect(j.currentSource()).toBeUndefined();
    j.addSource('one', 'a.json', '/tmp/a.json');
    j.addSource('two', 'b.json', '/tmp/b.json');
    expect(j.currentSource()?.fingerprint).toBe('two');
    j.close();
  });
});

describe('fingerprintSource', () => {
  it('changes with the content and not with the name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-'));
    writeFileSync(join(dir, 'a.json'), '[{"email":"a@x.io"}]');
    writeFileSync(join(dir, 'b.json'), '[{"email":"a@x.io"}]');
    writeFileSync(join(dir, 'c.json'), '[{"email":"c@x.io"}]');
    const a = fingerprintSource(join(dir, 'a.json'));
    expect(fingerprintSource(join(dir, 'b.json')).fingerprint).toBe(a.fingerprint);
    expect(fingerprintSource(join(dir, 'c.json')).fingerprint).not.toBe(a.fingerprint);
  });

  it('keeps database passwords out of descriptions', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/prod')).not.toContain('s3cret');
    const fp = fingerprintSource('postgres://app:s3cret@db:5432/prod', 'SELECT * FROM users');
    expect(fp.description).not.toContain('s3cret');
    expect(fp.fingerprint).not.toBe(
      fingerprintSource('postgres://app:s3cret@db:5432/prod', 'SELECT 1').fingerprint,
    );
  });
});
