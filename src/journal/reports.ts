import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { usageError } from '../errors/index.js';
import type { Lane } from '../plan/types.js';
import { Journal, type JournalRow, type JournalSource } from './journal.js';
import { appendMigrationLog } from './migration-log.js';
import {
  NEEDS_ATTENTION_STATUSES,
  needsAttention,
  parseStrategy,
  STRATEGY_DESCRIPTIONS,
  type Strategy,
  type UserStatus,
} from './statuses.js';

export const DEFAULT_STATE_FILE = './workos-migrator.db';

export interface StateOptions {
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
}

export function openExisting(state: string | undefined, options: { lock?: string } = {}): Journal {
  const path = state ?? DEFAULT_STATE_FILE;
  if (!existsSync(path)) {
    throw usageError(
      `no journal at ${path}: run "workos-migrator strategy set big-bang|dual-write" and an import first, or pass --state FILE`,
    );
  }
  return Journal.open(path, options);
}

export function requireSource(journal: Journal): JournalSource {
  const source = journal.currentSource();
  if (!source)
    throw usageError(`${journal.path} has no import yet: run "workos-migrator import <source>" first`);
  return source;
}

/**
 * Records the WorkOS migration guide's strategy choice — A, big-bang with sign-ups frozen, or B,
 * dual-write with sign-ups open — in the journal, and as `STRATEGY_CHOICE=` in migration.log in the
 * working directory (`logDir`), the line the guide's own shell checks read.
 */
export function setStrategy(options: StateOptions & { strategy: string; logDir?: string }): {
  strategy: Strategy;
  previous?: Strategy;
  description: string;
  migrationLog: string;
} {
  const strategy = parseStrategy(options.strategy);
  if (!strategy) {
    throw usageError(
      `strategy must be A or big-bang (${STRATEGY_DESCRIPTIONS.A}), or B or dual-write (${STRATEGY_DESCRIPTIONS.B}); got "${options.strategy}"`,
    );
  }
  const journal = Journal.open(options.state ?? DEFAULT_STATE_FILE, { lock: 'strategy set' });
  try {
    const previous = journal.strategy;
    journal.setStrategy(strategy);
    const migrationLog = appendMigrationLog('STRATEGY_CHOICE', strategy, options.logDir);
    return { strategy, previous, description: STRATEGY_DESCRIPTIONS[strategy], migrationLog };
  } finally {
    journal.close();
  }
}

export interface StatusReport {
  journal: string;
  strategy: Strategy | null;
  strategyDescription: string | null;
  strategySetAt: string | null;
  source: string | null;
  total: number;
  statuses: Partial<Record<UserStatus, number>>;
  lanes: Partial<Record<Lane, number>>;
  runs: Array<{ id: number; command: string; startedAt: string; finishedAt: string | null }>;
  needsAttention: number;
}

/** What the journal knows: strategy, source, rows per status and lane, runs. */
export function getStatus(options: StateOptions = {}): StatusReport {
  const journal = openExisting(options.state);
  try {
    const source = journal.currentSource();
    const statuses = source ? journal.countByStatus(source.id) : {};
    const strategy = journal.strategy ?? null;
    return {
      journal: journal.path,
      strategy,
      strategyDescription: strategy ? STRATEGY_DESCRIPTIONS[strategy] : null,
      strategySetAt: journal.strategySetAt ?? null,
      source: source?.description ?? null,
      total: Object.values(statuses).reduce((a, b) => a + (b ?? 0), 0),
      statuses,
      lanes: source ? journal.countByLane(source.id) : {},
      runs: journal
        .runs()
        .filter((r) => !source || r.sourceId === source.id)
        .map((r) => ({ id: r.id, command: r.command, startedAt: r.startedAt, finishedAt: r.finishedAt })),
      needsAttention: needsAttention(statuses),
    };
  } finally {
    journal.close();
  }
}

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions extends StateOptions {
  format?: ExportFormat;
  /** A file path, or a stream (stdout). */
  out?: string | Writable;
}

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes chunks to a file (mode 0600) or a stream, waiting for drain; `end` closes a file it opened. */
export function chunkWriter(out: string | Writable): {
  write: (chunk: string) => Promise<void>;
  end: () => Promise<void>;
} {
  const stream = typeof out === 'string' ? createWriteStream(out, { mode: 0o600 }) : out;
  let failure: Error | undefined;
  const onError = (err: Error): void => {
    failure = err;
  };
  stream.on('error', onError);
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failure) throw failure;
    },
    async end() {
      stream.off('error', onError);
      if (typeof out === 'string') {
        stream.end();
        await once(stream, 'finish');
      }
    },
  };
}

/** Streams rows as CSV or a JSON array, without holding them all in memory. */
async function writeRows(
  rows: Iterable<JournalRow>,
  columns: Array<[string, (r: JournalRow) => unknown]>,
  format: ExportFormat,
  out: string | Writable,
): Promise<number> {
  const { write, end } = chunkWriter(out);
  let n = 0;
  if (format === 'csv') await write(`${columns.map(([name]) => name).join(',')}\n`);
  else await write('[');
  for (const r of rows) {
    if (format === 'csv') {
      await write(`${columns.map(([, get]) => csvCell(get(r))).join(',')}\n`);
    } else {
      const obj = Object.fromEntries(columns.map(([name, get]) => [name, get(r) ?? null]));
      await write(`${n === 0 ? '\n' : ',\n'}  ${JSON.stringify(obj)}`);
    }
    n++;
  }
  if (format === 'json') await write(n === 0 ? ']\n' : '\n]\n');
  await end();
  return n;
}

function checkFormat(format: string | undefined): ExportFormat {
  const f = (format ?? 'csv').toLowerCase();
  if (f !== 'csv' && f !== 'json') throw usageError(`--format must be csv or json; got "${format}"`);
  return f;
}

/** local id → WorkOS id for every user now in WorkOS (created or linked). */
export async function exportMapping(options: ExportOptions = {}): Promise<{ rows: number }> {
  const format = checkFormat(options.format);
  const journal = openExisting(options.state);
  try {
    const source = requireSource(journal);
    const rows = await writeRows(
      journal.rows(source.id, ['created', 'linked']),
      [
        ['local_id', (r) => r.localId],
        ['email', (r) => r.email],
        ['workos_user_id', (r) => r.workosId],
        ['status', (r) => r.status],
        ['row', (r) => r.row],
      ],
      format,
      options.out ?? process.stdout,
    );
    return { rows };
  } finally {
    journal.close();
  }
}

export const ERROR_EXPORT_STATUSES: readonly UserStatus[] = NEEDS_ATTENTION_STATUSES;

/** Rows to fix, with the reason: blocked by assess, conflicts, rejected data, failures, unknowns. */
export async function exportErrors(
  options: ExportOptions & { statuses?: readonly UserStatus[] } = {},
): Promise<{ rows: number }> {
  const format = checkFormat(options.format);
  const journal = openExisting(options.state);
  try {
    const source = requireSource(journal);
    const rows = await writeRows(
      journal.rows(source.id, options.statuses ?? ERROR_EXPORT_STATUSES),
      [
        ['row', (r) => r.row],
        ['local_id', (r) => r.localId],
        ['email', (r) => r.email],
        ['lane', (r) => r.lane],
        ['status', (r) => r.status],
        ['error_code', (r) => r.errorCode],
        ['error_message', (r) => r.errorMessage],
        ['workos_request_id', (r) => r.requestId],
        ['attempts', (r) => r.attempts],
      ],
      format,
      options.out ?? process.stdout,
    );
    return { rows };
  } finally {
    journal.close();
  }
}

/** The source `retry` re-reads when none is given: the location the journal recorded. */
export function journalSourceLocation(state: string | undefined): { source: string; query?: string } {
  const journal = openExisting(state);
  try {
    const source = requireSource(journal);
    if (!source.location) {
      throw usageError(
        `${journal.path} was written by an older version that did not keep the source's location; pass the source to retry explicitly`,
      );
    }
    if (/^[a-z]+:\/\/[^/]*:\*\*\*@/i.test(source.location)) {
      throw usageError(
        `the journal's source is a database whose password is not stored; pass the source URL to retry explicitly`,
      );
    }
    return { source: source.location, query: source.query ?? undefined };
  } finally {
    journal.close();
  }
}
