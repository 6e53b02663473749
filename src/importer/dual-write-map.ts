import { readUserMap, recordImportedIds } from '../dualwrite/commands.js';
import { isDatabaseUrl } from '../dualwrite/tables.js';
import { usageError } from '../errors/index.js';
import type { Journal } from '../journal/journal.js';
import type { Strategy } from '../journal/statuses.js';

export interface DualWriteMapOptions {
  source: string;
  /** The application database holding workos_user_map (`--dual-write-db`). */
  dualWriteDb?: string;
  dualWriteTable?: string;
  dualWriteMapTable?: string;
}

export interface DualWriteMap {
  database: string;
  ids: ReadonlyMap<string, string>;
  tables: { table?: string; mapTable?: string };
}

/**
 * Strategy B's ids: the workos_user_map of `--dual-write-db`, or of the source itself when it is
 * the application database and has one. Read whole, once (one entry per dual-written user).
 */
export async function loadDualWriteMap(
  options: DualWriteMapOptions,
  strategy: Strategy,
): Promise<DualWriteMap | undefined> {
  if (options.dualWriteDb && strategy !== 'B')
    throw usageError(
      '--dual-write-db is for strategy B (dual-write); record it first: workos-migrator strategy set dual-write',
    );
  if (strategy !== 'B') return undefined;
  const database = options.dualWriteDb ?? (isDatabaseUrl(options.source) ? options.source : undefined);
  if (!database) return undefined;
  const tables = { table: options.dualWriteTable, mapTable: options.dualWriteMapTable };
  const ids = await readUserMap(database, { ...tables, optional: !options.dualWriteDb });
  return ids ? { database, ids, tables } : undefined;
}

/**
 * Writes the ids this import created or linked into workos_user_map (keeping any the outbox
 * stored), so changes the application mirrored for historical users, which wait for their user
 * to exist in WorkOS, can now be delivered. Returns how many were new.
 */
export async function shareImportedIds(
  journal: Journal,
  sourceId: number,
  map: DualWriteMap,
): Promise<number> {
  const entries = [];
  for (const row of journal.rows(sourceId, ['created', 'linked']))
    if (row.localId && row.workosId && !map.ids.has(row.localId))
      entries.push({ localId: row.localId, workosId: row.workosId, origin: 'import' });
  return entries.length ? recordImportedIds(map.database, entries, map.tables) : 0;
}
