import { openExisting, requireSource, type StateOptions } from '../journal/reports.js';
import { WriteBack, type WriteBackOptions, type WriteBackSummary } from './write-back.js';

export interface MappingWriteBackResult extends WriteBackSummary {
  /** 0 every user in WorkOS is written, 1 some could not be. */
  exitCode: 0 | 1;
}

/**
 * `mapping write-back <db-url>`: stores the WorkOS id of every imported user the database does
 * not hold yet, from the journal alone (no WorkOS call, no second read of the source). Running it
 * again writes only what is missing; after an import with the same statement, nothing.
 */
export async function writeBackMapping(
  options: StateOptions & WriteBackOptions,
): Promise<MappingWriteBackResult> {
  const journal = openExisting(options.state, { lock: 'mapping write-back' });
  try {
    const source = requireSource(journal);
    const writeBack = await WriteBack.open(journal, source.id, options);
    try {
      await writeBack.catchUp();
      const summary = writeBack.summary();
      return { ...summary, exitCode: summary.failed > 0 ? 1 : 0 };
    } finally {
      await writeBack.close();
    }
  } finally {
    journal.close();
  }
}
