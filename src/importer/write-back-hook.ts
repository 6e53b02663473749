import { resolve } from 'node:path';
import { sqlitePathOf } from '../dualwrite/database.js';
import { isDatabaseUrl } from '../dualwrite/tables.js';
import { MigratorError, usageError } from '../errors/index.js';
import type { Journal } from '../journal/journal.js';
import { WriteBack, writeBackStatement } from '../writeback/write-back.js';

/** The import's write-back flags, as a library user passes them. */
export interface ImportWriteBackOptions {
  /** `UPDATE users SET workos_user_id = :workos_id WHERE id = :local_id` (`--write-back`). */
  writeBack?: string;
  /** `users.workos_user_id` (`--write-back-column`): the UPDATE above, names quoted for the dialect. */
  writeBackColumn?: string;
  /** The shorthand's key column (`--write-back-key`, default `id`). */
  writeBackKey?: string;
  /** Where to write (`--write-back-db`); default: the source, when it is a database. */
  writeBackDb?: string;
  /** Users per transaction (`--write-back-batch`, default 500). */
  writeBackBatch?: number;
}

function targetOf(source: string, options: ImportWriteBackOptions) {
  const database = options.writeBackDb ?? (isDatabaseUrl(source) ? source : undefined);
  if (!database)
    throw usageError(
      `the source ${source} is a file: say which database gets the WorkOS ids with --write-back-db postgres://…, mysql://… or sqlite:path`,
    );
  return {
    database,
    sql: options.writeBack,
    column: options.writeBackColumn,
    key: options.writeBackKey,
    batchSize: options.writeBackBatch,
    sameFileAsSource:
      /^sqlite:/i.test(source) &&
      /^sqlite:/i.test(database) &&
      resolve(sqlitePathOf(source)) === resolve(sqlitePathOf(database)),
  };
}

/** Checks the write-back flags before anything is planned or sent: a typo must not wait for the end of an import. */
export function checkImportWriteBack(source: string, options: ImportWriteBackOptions): void {
  if (options.writeBack === undefined && options.writeBackColumn === undefined) {
    if (options.writeBackDb || options.writeBackKey)
      throw usageError(
        '--write-back-db and --write-back-key go with --write-back "<sql>" or --write-back-column',
      );
    return;
  }
  writeBackStatement(targetOf(source, options));
}

export async function openImportWriteBack(
  journal: Journal,
  sourceId: number,
  source: string,
  options: ImportWriteBackOptions,
  onNotice?: (message: string) => void,
): Promise<WriteBack | undefined> {
  if (options.writeBack === undefined && options.writeBackColumn === undefined) return undefined;
  const writeBack = await WriteBack.open(journal, sourceId, targetOf(source, options));
  if (!writeBack.live)
    onNotice?.(
      `write-back: ${writeBack.where} is the SQLite file the import reads (not in WAL mode), so the WorkOS ids are written once the reading is done`,
    );
  return writeBack;
}

/**
 * After the passes: every user in WorkOS this target does not hold yet (this run's last batch,
 * users a killed run created, users linked earlier). A database that stops answering does not
 * undo the import: the outcomes are journaled and `mapping write-back` finishes the job.
 */
export async function finishWriteBack(writeBack: WriteBack, state: string): Promise<void> {
  try {
    await writeBack.catchUp();
  } catch (err) {
    throw new MigratorError(
      'stopped',
      `the import's outcomes are in the journal, but writing the WorkOS ids to ${writeBack.where} failed: ${writeBack.clean((err as Error).message)}. ` +
        `Once the database answers, run: workos-migrator mapping write-back <db-url> --state ${state} with the same statement`,
      { cause: err },
    );
  }
}
