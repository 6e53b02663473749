import { RETRYABLE_STATUSES, USER_STATUSES, type UserStatus } from '../journal/statuses.js';
import { ImportUsageError } from './errors.js';
import { journalSourceLocation } from '../journal/reports.js';
import { runImport, type ImportOptions, type ImportSummary } from './run-import.js';

export interface RetryOptions extends Omit<ImportOptions, 'source' | 'retryStatuses'> {
  /** Defaults to the source the journal recorded. */
  source?: string;
  /** Which outcomes to re-attempt; default failed, invalid and conflict. */
  statuses?: readonly string[];
}

/** Re-attempts rows that ended failed / invalid / conflict (after a fix in the export or in WorkOS). */
export async function retryFailed(options: RetryOptions): Promise<ImportSummary> {
  const statuses = (options.statuses ?? RETRYABLE_STATUSES).map((s) => s.trim().toLowerCase());
  const allowed: readonly string[] = RETRYABLE_STATUSES;
  for (const s of statuses) {
    if (!allowed.includes(s)) {
      throw new ImportUsageError(
        `retry can re-attempt ${allowed.join(', ')}; "${s}" is not one of them${USER_STATUSES.includes(s as UserStatus) ? ' (the import resolves it by itself)' : ''}`,
      );
    }
  }
  const located = options.source
    ? { source: options.source, query: options.query }
    : journalSourceLocation(options.state);
  return runImport({ ...options, ...located, retryStatuses: statuses as UserStatus[], command: 'retry' });
}
