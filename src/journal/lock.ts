import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { MigratorError } from '../errors/index.js';

/**
 * One process at a time may change a journal: two imports on one journal each believe they own
 * the rows they mark in flight, and one of them ends with users in WorkOS that the mapping lacks.
 * The lock is a row in the journal itself, taken inside an IMMEDIATE transaction, so checking
 * for a holder and becoming it is one atomic step even when two processes start together.
 */
interface LockRow {
  pid: number;
  host: string;
  process_started: string | null;
  command: string;
  since: string;
}

/**
 * When the process started, as the kernel counts it (field 22 of /proc/PID/stat): a pid alone can
 * be reused after a crash, a pid with its start time cannot. Null where /proc does not exist.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may itself hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(lock: LockRow): boolean {
  if (lock.pid === process.pid) return true;
  try {
    process.kill(lock.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else; only ESRCH proves it is gone.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const started = processStartTime(lock.pid);
  return lock.process_started === null || started === null || started === lock.process_started;
}

export function acquireLock(db: Database.Database, path: string, command: string): void {
  const me: LockRow = {
    pid: process.pid,
    host: hostname(),
    process_started: processStartTime(process.pid),
    command,
    since: new Date().toISOString(),
  };
  db.transaction(() => {
    const held = db.prepare<[], LockRow>('SELECT * FROM lock WHERE id = 1').get();
    if (held && !(held.pid === me.pid && held.host === me.host)) {
      const sameHost = held.host === me.host;
      if (!sameHost || isAlive(held)) {
        throw new MigratorError(
          'journal-in-use',
          `journal ${path} in use by pid ${held.pid}${sameHost ? '' : ` on ${held.host}`} since ${held.since} ` +
            `(${held.command}): wait for it to finish or stop it; one journal takes one process at a time`,
        );
      }
      // Left behind by a process that is gone (killed, crashed): its rows in flight are settled by
      // lookup at the start of the next import, so taking the lock over loses nothing.
    }
    db.prepare(
      `INSERT INTO lock (id, pid, host, process_started, command, since)
       VALUES (1, @pid, @host, @process_started, @command, @since)
       ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host,
         process_started = excluded.process_started, command = excluded.command, since = excluded.since`,
    ).run(me);
  }).immediate();
}

export function releaseLock(db: Database.Database): void {
  db.prepare('DELETE FROM lock WHERE id = 1 AND pid = ? AND host = ?').run(process.pid, hostname());
}
