import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintSource, redactUrl } from './fingerprint.js';
import { Journal } from './journal.js';

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

  it('re-planning never overwrites a row that was already sent', () => {
    const j = Journal.open(tempPath('j.db'));
    const src = j.addSource('fp', 'users.json');
    const run = j.startRun(src.id, 'import');
    j.upsertPlanned(src.id, [
      { row: 1, localId: 'u1', email: 'a@x.io', lane: 'import-hash' },
      {
        row: 2,
        localId: 'u2',
        email: 'b@x.io',
        lane: 'blocked',
        errorCode: 'invalid_email',
        errorMessage: 'bad',
      },
    ]);
    j.markInFlight(src.id, run, [1]);
    j.upsertPlanned(src.id, [{ row: 1, localId: 'u1', email: 'a@x.io', lane: 'import-hash' }]);
    expect(j.getRow(src.id, 1)?.status).toBe('in_flight');
    expect(j.getRow(src.id, 2)).toMatchObject({ status: 'blocked', errorCode: 'invalid_email' });

    j.recordResults(src.id, [
      { row: 1, status: 'created', workosId: 'user_1', attempts: 2, requestId: 'req_1' },
    ]);
    j.upsertPlanned(src.id, [{ row: 1, localId: 'u1', email: 'a@x.io', lane: 'import-hash' }]);
    expect(j.getRow(src.id, 1)).toMatchObject({ status: 'created', workosId: 'user_1', attempts: 2 });
    expect(j.countByStatus(src.id)).toEqual({ created: 1, blocked: 1 });
    expect(j.countByLane(src.id)).toEqual({ 'import-hash': 1, blocked: 1 });
    j.close();
  });

  it('lists rows by status in source order and resets chosen ones to pending', () => {
    const j = Journal.open(tempPath('j.db'));
    const src = j.addSource('fp', 'users.json');
    j.upsertPlanned(
      src.id,
      [3, 1, 2].map((row) => ({ row, localId: `u${row}`, email: `${row}@x.io`, lane: 'reset' as const })),
    );
    j.recordResults(src.id, [
      { row: 1, status: 'failed', errorCode: 'server_error', errorMessage: '500' },
      { row: 3, status: 'invalid', errorCode: 'invalid_metadata', errorMessage: 'too many keys' },
    ]);
    expect([...j.rows(src.id, ['failed', 'invalid'])].map((r) => r.row)).toEqual([1, 3]);
    expect(j.resetToPending(src.id, ['failed'])).toBe(1);
    expect(j.getRow(src.id, 1)).toMatchObject({ status: 'pending', errorCode: null });
    expect(j.getRow(src.id, 3)?.status).toBe('invalid');
    expect(j.resetToPending(src.id, ['invalid'], [2])).toBe(0);
    j.close();
  });

  it('tracks the latest source as current', () => {
    const j = Journal.open(tempPath('j.db'));
    expect(j.currentSource()).toBeUndefined();
    j.addSource('one', 'a.json');
    j.addSource('two', 'b.json');
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
