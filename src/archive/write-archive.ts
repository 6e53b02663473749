import { chmodSync, closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mapSourceUsers } from '../assess/index.js';
import { usageError } from '../errors/index.js';
import { fingerprintSource } from '../journal/fingerprint.js';
import { identityKey } from '../journal/identity.js';
import { journalSourceLocation } from '../journal/reports.js';
import type { PlanOptions } from '../plan/types.js';
import { importedSource, openImportedJournal } from '../runner/campaign.js';
import { cipherFor, deriveKey, encodeHeader, MIN_PASSPHRASE, newHeader, type KdfParams } from './format.js';

export interface ArchiveOptions extends Partial<Pick<PlanOptions, 'source' | 'format' | 'query' | 'map'>> {
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
  /** The archive file to write (mode 0600); replaced only once complete. */
  out: string;
  passphrase: string;
  /** Tests lower the scrypt cost; the default is format.ts's DEFAULT_KDF. */
  kdf?: KdfParams;
}

export interface ArchiveSummary {
  out: string;
  source: string;
  users: number;
  /** Users whose old password hash is in the archive. */
  withHash: number;
  /** Users the archive maps to a WorkOS user id. */
  mapped: number;
}

/** One user in the archive: where they were, who they are in WorkOS now, and their old hash. */
export interface ArchivedUser {
  row: number;
  localId: string | null;
  email: string;
  workosUserId: string | null;
  status: string | null;
  passwordHash: string | null;
  passwordAlgorithm: string | null;
  hashParams: Record<string, string> | null;
}

/**
 * The guide's Step 9 cleanup, minus the deleting: the old password hashes (re-read from the
 * source, since the journal never stores them) and the mapping to WorkOS ids, in one encrypted
 * file, so the old store can be retired and a rollback still has what it needs. The source must be
 * the one the journal imported (same fingerprint). Written to a temporary file beside `out` and
 * renamed: a failed run leaves no half archive.
 */
export async function writeArchive(options: ArchiveOptions): Promise<ArchiveSummary> {
  if (options.passphrase.length < MIN_PASSPHRASE)
    throw usageError(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  const journal = openImportedJournal(options.state);
  const tmp = `${options.out}.partial-${process.pid}`;
  let fd: number | undefined;
  try {
    const tracked = importedSource(journal);
    const where = options.source
      ? { source: options.source, query: options.query }
      : journalSourceLocation(options.state);
    const fp = fingerprintSource(where.source, where.query);
    if (fp.fingerprint !== tracked.fingerprint)
      throw usageError(
        `${fp.description} is not the export this journal imported (${tracked.description}): the archive must hold the hashes that were migrated`,
      );
    const header = newHeader(options.kdf);
    const headerBytes = encodeHeader(header);
    const cipher = cipherFor(await deriveKey(options.passphrase, header), header, headerBytes);
    fd = openSync(tmp, 'wx', 0o600);
    const out = fd;
    writeSync(out, headerBytes);
    let pending: string[] = [];
    const emit = (value: unknown, force = false): void => {
      pending.push(JSON.stringify(value));
      if (pending.length >= 500 || force) {
        writeSync(out, cipher.update(`${pending.join('\n')}\n`, 'utf8'));
        pending = [];
      }
    };
    emit({
      archive: 'workos-migrator',
      version: 1,
      createdAt: new Date().toISOString(),
      journalId: journal.journalId,
      source: tracked.description,
    });
    const summary: ArchiveSummary = {
      out: options.out,
      source: tracked.description,
      users: 0,
      withHash: 0,
      mapped: 0,
    };
    await mapSourceUsers(
      { source: where.source, query: where.query, format: options.format, map: options.map },
      ({ user }) => {
        const row = journal.getByKey(tracked.id, identityKey(user));
        const archived: ArchivedUser = {
          row: user.row,
          localId: user.localId ?? null,
          email: user.email,
          workosUserId: row?.workosId ?? null,
          status: row?.status ?? null,
          passwordHash: user.passwordHash ?? null,
          passwordAlgorithm: user.passwordAlgorithm ?? null,
          hashParams: user.hashParams ?? null,
        };
        summary.users++;
        if (archived.passwordHash) summary.withHash++;
        if (archived.workosUserId) summary.mapped++;
        emit(archived);
      },
    );
    emit({ end: true, users: summary.users }, true);
    writeSync(out, cipher.final());
    writeSync(out, cipher.getAuthTag());
    closeSync(out);
    fd = undefined;
    renameSync(tmp, options.out);
    chmodSync(options.out, 0o600);
    return summary;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    journal.close();
  }
}
