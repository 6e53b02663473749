import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MigratorError } from '../errors/index.js';
import { Journal } from './journal.js';
import { processStartTime } from './lock.js';

const tempPath = (): string => join(mkdtempSync(join(tmpdir(), 'lock-')), 'j.db');

/** Writes a lock row as another process would have left it. */
function leaveLock(path: string, pid: number, started: string | null): void {
  Journal.open(path).close();
  const db = new Database(path);
  db.prepare(
    `INSERT INTO lock (id, pid, host, process_started, command, since) VALUES (1, ?, ?, ?, 'import', '2026-01-01T00:00:00.000Z')`,
  ).run(pid, hostname(), started);
  db.close();
}

describe('journal lock', () => {
  it('refuses a journal held by a live process, naming its pid and start', async () => {
    const path = tempPath();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    await once(holder, 'spawn');
    try {
      leaveLock(path, holder.pid!, processStartTime(holder.pid!));
      let refusal: unknown;
      try {
        Journal.open(path, { lock: 'import' }).close();
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(MigratorError);
      expect((refusal as MigratorError).kind).toBe('journal-in-use');
      expect((refusal as Error).message).toContain(`in use by pid ${holder.pid} since 2026-01-01`);
      // Readers need no lock.
      Journal.open(path).close();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that is gone, or of a reused pid', async () => {
    const path = tempPath();
    const gone = spawn(process.execPath, ['-e', '0']);
    await once(gone, 'exit');
    leaveLock(path, gone.pid!, 'whatever');
    const j = Journal.open(path, { lock: 'import' });
    j.close();
    // Our own parent is alive, but with another start time it is not the process that locked.
    const other = tempPath();
    leaveLock(other, process.ppid, 'not-its-start-time');
    Journal.open(other, { lock: 'import' }).close();
  });

  it('is released on close, so the next process gets it', () => {
    const path = tempPath();
    Journal.open(path, { lock: 'import' }).close();
    const db = new Database(path);
    expect(db.prepare('SELECT COUNT(*) AS n FROM lock').get()).toEqual({ n: 0 });
    db.close();
  });
});
