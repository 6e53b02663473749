import { usageError } from '../errors/index.js';
import { Journal } from '../journal/journal.js';
import { appendMigrationLog, readMigrationLog } from '../journal/migration-log.js';
import { DEFAULT_STATE_FILE } from '../journal/reports.js';
import { DONE_STATUSES } from '../journal/statuses.js';
import { importedSource, openImportedJournal } from '../runner/campaign.js';
import { CUTOVER_FLAGS, cutoverGate, type CutoverFlag, type GateItem } from './gate.js';

export interface CutoverCheckOptions {
  state?: string;
  /** How recent the last passing verify must be (default 24 h). */
  maxAgeMs?: number;
  /** Directory of migration.log (default: the working directory). */
  logDir?: string;
  now?: Date;
}

export interface CutoverCheckReport {
  go: boolean;
  items: GateItem[];
  /** Lines this check added to migration.log so the guide's shell checks agree with the journal. */
  wroteToLog: string[];
  migrationLog: string;
  exitCode: 0 | 1;
}

export const DEFAULT_MAX_VERIFY_AGE_MS = 24 * 3_600_000;

/**
 * The Step 8 gate: go / no-go with reasons, from the journal and the guide's migration.log. A
 * strategy or flag the journal has and migration.log lacks is written there, so the guide's own
 * `grep` checks read the same answer; a flag set only in migration.log (by hand, as the guide
 * shows) counts as set.
 */
export function cutoverCheck(options: CutoverCheckOptions = {}): CutoverCheckReport {
  const journal = openImportedJournal(options.state);
  try {
    const source = importedSource(journal);
    const log = readMigrationLog(options.logDir);
    const wroteToLog: string[] = [];
    let migrationLog = '';
    const sync = (key: string, value: string | undefined) => {
      if (value === undefined || log.has(key)) return;
      migrationLog = appendMigrationLog(key, value, options.logDir);
      log.set(key, value);
      wroteToLog.push(`${key}=${value}`);
    };
    sync('STRATEGY_CHOICE', journal.strategy);
    const flags: Partial<Record<CutoverFlag, string>> = {};
    for (const name of Object.keys(CUTOVER_FLAGS) as CutoverFlag[]) {
      sync(name, journal.flag(name));
      const value = journal.flag(name) ?? log.get(name);
      if (value !== undefined) flags[name] = value;
    }
    let oauthUsers = 0;
    let hashUsers = 0;
    for (const row of journal.rows(source.id, DONE_STATUSES)) {
      if (row.lane === 'oauth') oauthUsers++;
      if (row.lane === 'import-hash') hashUsers++;
    }
    const verdict = cutoverGate({
      statuses: journal.countByStatus(source.id),
      oauthUsers,
      hashUsers,
      strategy: journal.strategy,
      logStrategy: log.get('STRATEGY_CHOICE'),
      flags,
      lastVerify: journal.verifyRuns.last(),
      now: options.now ?? new Date(),
      maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_VERIFY_AGE_MS,
    });
    return {
      ...verdict,
      wroteToLog,
      migrationLog: migrationLog || `${options.logDir ?? '.'}/migration.log`,
      exitCode: verdict.go ? 0 : 1,
    };
  } finally {
    journal.close();
  }
}

/**
 * Records a checklist flag (`oauth_provider_configured`, `dual_write_tested`) in the journal and
 * as `NAME=value` in migration.log, the way the guide's steps record them.
 */
export function setCutoverFlag(options: { state?: string; name: string; value?: string; logDir?: string }): {
  name: CutoverFlag;
  value: string;
  migrationLog: string;
} {
  if (!(options.name in CUTOVER_FLAGS))
    throw usageError(
      `unknown flag "${options.name}": the checklist's flags are ${Object.keys(CUTOVER_FLAGS).join(', ')}`,
    );
  const value = options.value ?? 'true';
  if (value !== 'true' && value !== 'false') throw usageError(`a flag is true or false, not "${value}"`);
  const journal = Journal.open(options.state ?? DEFAULT_STATE_FILE, { lock: 'flag set' });
  try {
    journal.setFlag(options.name, value);
  } finally {
    journal.close();
  }
  const migrationLog = appendMigrationLog(options.name, value, options.logDir);
  return { name: options.name as CutoverFlag, value, migrationLog };
}
