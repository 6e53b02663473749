import { usageError } from '../errors/index.js';
import type { WorkosClient } from '../workos/client.js';
import { workerCalls, type DualWriteTarget, type PaceOptions } from './calls.js';
import {
  createChange,
  deleteChange,
  updateChange,
  type MirrorChanges,
  type MirrorUser,
  type OutboxChange,
} from './changes.js';
import { connectDatabase, onAppTransaction, type AppTransaction } from './database.js';
import { insertStatement, Outbox, type OutboxCounts } from './outbox.js';
import { outboxTables } from './tables.js';
import { drainOutbox, type DrainOptions, type DrainSummary } from './worker.js';

export interface DualWriterOptions {
  /** The application's database: postgres://…, mysql://… (or mariadb://…), sqlite:app.db. */
  database: string;
  /** Where drain delivers. Not needed by an application that only mirrors (a separate worker drains). */
  workos?: DualWriteTarget;
  /** Default workos_outbox. */
  table?: string;
  /** Default workos_user_map. */
  mapTable?: string;
  /** Pacing and retries of drain (default: 20% of the documented limits). */
  pace?: PaceOptions;
}

export interface MirrorOptions {
  /**
   * The connection the application's own transaction is open on (a pg client, a mysql2
   * connection, a better-sqlite3 Database): the outbox row commits or rolls back with it.
   * Without it the row is written on the outbox's own connection, at once.
   */
  tx?: AppTransaction;
}

/** The application's side of dual-write (the WorkOS migration guide's strategy B). */
export interface DualWriter {
  /**
   * Each mirror call writes one outbox row; nothing is sent to WorkOS here. With a better-sqlite3
   * `tx` the row is written before the call returns (so it works inside `db.transaction(() => …)`
   * without `await`), and a bad argument throws at once, rolling that transaction back.
   */
  mirrorCreate(user: MirrorUser, options?: MirrorOptions): Promise<void>;
  mirrorUpdate(localId: string | number, changes: MirrorChanges, options?: MirrorOptions): Promise<void>;
  mirrorDelete(localId: string | number, options?: MirrorOptions): Promise<void>;
  /** Delivers until the outbox is empty (see drainOutbox). */
  drain(options?: DrainOptions): Promise<DrainSummary>;
  /** The WorkOS id stored for this user, once its create was delivered (a read of workos_user_map: async). */
  workosId(localId: string | number): Promise<string | undefined>;
  /** Backlog, oldest pending change, failures with reasons. */
  status(): Promise<OutboxCounts>;
  close(): Promise<void>;
  readonly outbox: Outbox;
}

export async function createDualWriter(options: DualWriterOptions): Promise<DualWriter> {
  if (!options?.database)
    throw usageError('createDualWriter needs database: the URL of the application database');
  const tables = outboxTables(options.table, options.mapTable);
  const db = await connectDatabase(options.database);
  const outbox = new Outbox(db, tables);
  try {
    await outbox.check();
  } catch (err) {
    await db.close();
    throw err;
  }
  let client: WorkosClient | undefined = options.pace?.client;

  const write = (change: OutboxChange, tx: AppTransaction | undefined): Promise<void> => {
    if (tx === undefined || tx === null) return outbox.insert(change);
    const writer = onAppTransaction(db.dialect, tx);
    const [sql, params] = insertStatement(tables, change, Date.now());
    if (writer.sync) {
      writer.run(sql, params);
      return Promise.resolve();
    }
    return writer.run(sql, params).then(() => undefined);
  };

  return {
    outbox,
    // Not async on purpose: validation and a better-sqlite3 write happen before returning.
    mirrorCreate: (user, o) => write(createChange(user), o?.tx),
    mirrorUpdate: (localId, changes, o) => write(updateChange(localId, changes), o?.tx),
    mirrorDelete: (localId, o) => write(deleteChange(localId), o?.tx),
    async drain(drainOptions = {}) {
      if (!options.workos && !client)
        throw usageError(
          'drain needs workos: { apiKey } (or WORKOS_API_KEY) or { emulator: url } in createDualWriter',
        );
      const calls = workerCalls(options.workos ?? {}, { ...options.pace, client }, drainOptions.signal);
      client = calls.client;
      return drainOutbox(outbox, calls, { breaker: options.pace?.breaker, ...drainOptions });
    },
    workosId: (localId) => outbox.mappedId(String(localId)),
    status: () => outbox.counts(),
    close: () => db.close(),
  };
}
