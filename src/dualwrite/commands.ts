import { MigratorError } from '../errors/index.js';
import { workerCalls, type DualWriteTarget, type PaceOptions } from './calls.js';
import { connectDatabase } from './database.js';
import { Outbox, type MapEntry, type OutboxCounts } from './outbox.js';
import { dialectOf, outboxDdl, outboxTables, redactUrl, type Dialect } from './tables.js';
import { drainOutbox, type DrainOptions, type DrainSummary } from './worker.js';

/** The functions behind `workos-migrator dualwrite …`, one per command, each opening and closing its connection. */

export interface TableOptions {
  table?: string;
  mapTable?: string;
}

/** Runs `fn` on the outbox of `database`, closing the connection whatever happens. */
export async function openOutbox<T>(
  database: string,
  tables: TableOptions,
  fn: (outbox: Outbox) => Promise<T>,
  options: { check?: boolean } = {},
): Promise<T> {
  const db = await connectDatabase(database);
  const outbox = new Outbox(db, outboxTables(tables.table, tables.mapTable));
  try {
    if (options.check !== false) await outbox.check();
    return await fn(outbox);
  } finally {
    await db.close();
  }
}

export interface InitResult {
  dialect: Dialect;
  where: string;
  ddl: string[];
  /** False with `print`: the DDL was only shown, for a migration tool of the application's own. */
  executed: boolean;
}

/** `dualwrite init`: creates the outbox, the user map and the marker (idempotent), or only prints the DDL. */
export async function initOutbox(
  options: TableOptions & { database: string; print?: boolean },
): Promise<InitResult> {
  const dialect = dialectOf(options.database);
  const where = redactUrl(options.database);
  const tables = outboxTables(options.table, options.mapTable);
  if (options.print) return { dialect, where, ddl: outboxDdl(dialect, tables), executed: false };
  const ddl = await openOutbox(options.database, options, (o) => o.init(), { check: false });
  return { dialect, where, ddl, executed: true };
}

export interface DrainDatabaseOptions extends TableOptions, DrainOptions {
  database: string;
  workos: DualWriteTarget;
  pace?: PaceOptions;
}

/** `dualwrite drain`: one worker over the outbox of `database`. */
export function drainDatabase(options: DrainDatabaseOptions): Promise<DrainSummary> {
  return openOutbox(options.database, options, (outbox) =>
    drainOutbox(outbox, workerCalls(options.workos, options.pace, options.signal), {
      breaker: options.pace?.breaker,
      ...options,
    }),
  );
}

export interface PruneResult {
  where: string;
  /** Delivered changes deleted (with dryRun: that would be). */
  deleted: number;
  before: number;
  dryRun: boolean;
  /** What stays: the backlog and the refused changes. */
  pending: number;
  failed: number;
}

/** `dualwrite prune`: delivered changes older than `olderThanMs` leave the outbox. */
export function pruneOutbox(
  options: TableOptions & { database: string; olderThanMs: number; dryRun?: boolean; now?: number },
): Promise<PruneResult> {
  const before = (options.now ?? Date.now()) - options.olderThanMs;
  return openOutbox(options.database, options, async (o) => {
    const deleted = await o.prune(before, { dryRun: options.dryRun });
    const c = await o.counts();
    return {
      where: o.db.where,
      deleted,
      before,
      dryRun: options.dryRun === true,
      pending: c.pending,
      failed: c.failed,
    };
  });
}

/** `dualwrite status`. */
export function outboxStatus(
  options: TableOptions & { database: string },
): Promise<OutboxCounts & { where: string }> {
  return openOutbox(options.database, options, async (o) => ({ where: o.db.where, ...(await o.counts()) }));
}

/**
 * The user map, local id → WorkOS id, for the import and reconcile; `undefined` when the database
 * has no map table and `optional` is set (a source database that never ran dual-write).
 */
export async function readUserMap(
  database: string,
  options: TableOptions & { optional?: boolean } = {},
): Promise<Map<string, string> | undefined> {
  return openOutbox(
    database,
    options,
    async (o) => {
      try {
        return await o.readMap();
      } catch (err) {
        if (options.optional) return undefined;
        throw new MigratorError(
          'usage',
          `cannot read ${o.tables.map} in ${o.db.where} (${(err as Error).message}): is it the database dualwrite init ran on? Pass its name with --dual-write-map-table if it is not workos_user_map`,
          { cause: err },
        );
      }
    },
    { check: false },
  );
}

/** Ids the import created or linked, so changes waiting for those users can be delivered. */
export function recordImportedIds(
  database: string,
  entries: readonly MapEntry[],
  options: TableOptions = {},
): Promise<number> {
  return openOutbox(database, options, (o) => o.recordMapped(entries), { check: false });
}

/** Local ids whose changes are not delivered yet. */
export function undeliveredUsers(database: string, options: TableOptions = {}): Promise<Set<string>> {
  return openOutbox(database, options, (o) => o.undeliveredUsers());
}
