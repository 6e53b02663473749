/**
 * Dual-write (the WorkOS migration guide's strategy B) as a library for the application:
 * `import { createDualWriter } from 'workos-migrator/dualwrite'`. Loads no emulator, CLI or
 * journal; database drivers load on first use.
 */
export {
  createDualWriter,
  type DualWriter,
  type DualWriterOptions,
  type MirrorOptions,
} from './dual-writer.js';
export type { MirrorUser, MirrorChanges, ChangeOp } from './changes.js';
export type { DualWriteTarget, PaceOptions } from './calls.js';
export { drainOutbox, type DrainOptions, type DrainSummary } from './worker.js';
export type { Verdict } from './deliver.js';
export { Outbox, type OutboxRow, type OutboxCounts, type MapEntry } from './outbox.js';
export { connectDatabase, type OutboxDb } from './database.js';
export {
  outboxDdl,
  outboxTables,
  dialectOf,
  DEFAULT_OUTBOX_TABLE,
  DEFAULT_MAP_TABLE,
  type Dialect,
  type OutboxTables,
} from './tables.js';
export { formatOutboxStatus } from './status.js';
export {
  initOutbox,
  openOutbox,
  drainDatabase,
  outboxStatus,
  pruneOutbox,
  type PruneResult,
  readUserMap,
  recordImportedIds,
} from './commands.js';
