import Database from 'better-sqlite3';
import { connectDatabase } from '../../dualwrite/database.js';
import { lazyResetStore, type LazyResetStore } from '../../resets/lazy-store.js';
import { DEFAULT_STATE_FILE } from '../../journal/reports.js';

/**
 * Where the CLI keeps the trickle table: the application's database (`--db URL`, as production
 * does, through the dual-write connection code), or by default the journal's own SQLite file, so
 * a rehearsal needs nothing else.
 */
export async function openTrickleState(
  options: { db?: string; state?: string } = {},
): Promise<{ store: LazyResetStore; where: string; close(): Promise<void> }> {
  if (options.db) {
    const db = await connectDatabase(options.db, { poolSize: 2 });
    return {
      store: {
        exec: (sql, values) => db.run(sql, values),
        first: async (sql, values) => (await db.all<Record<string, unknown>>(sql, values))[0],
      },
      where: db.where,
      close: () => db.close(),
    };
  }
  const path = options.state ?? DEFAULT_STATE_FILE;
  const db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    store: lazyResetStore({ kind: 'sqlite', client: db }),
    where: path,
    close: async () => void db.close(),
  };
}
