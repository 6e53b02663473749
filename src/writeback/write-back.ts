import { createHash } from 'node:crypto';
import { connectDatabase, type OutboxDb } from '../dualwrite/database.js';
import { dialectOf, redactUrl } from '../dualwrite/tables.js';
import { usageError } from '../errors/index.js';
import type { Journal, RowResult } from '../journal/journal.js';
import type { WriteBackEntry } from '../journal/write-backs.js';
import { redact } from '../workos/classify.js';
import { WriteBackBatcher, type WriteBackTotals } from './batcher.js';
import { columnWriteBack, compileWriteBack, type WriteBackStatement } from './template.js';

/** How to write the WorkOS id back: a statement with named parameters, or the column shorthand. */
export interface WriteBackOptions {
  /** The application's database URL (postgres://, mysql://, sqlite:path). */
  database: string;
  /** `UPDATE users SET workos_user_id = :workos_id WHERE id = :local_id` (also :email). */
  sql?: string;
  /** `users.workos_user_id`: the shorthand for the UPDATE above. */
  column?: string;
  /** The key column the shorthand matches the local id against (default `id`). */
  key?: string;
  /** Users per transaction (default 500). */
  batchSize?: number;
  /** The import reads its source from this same SQLite file (see `live`). */
  sameFileAsSource?: boolean;
}

export interface WriteBackSummary extends WriteBackTotals {
  /** The database, without its password. */
  database: string;
  statement: string;
  /** Users whose id this target held before this run (earlier runs). */
  alreadyWritten: number;
}

/** The statement the options describe, in the database's dialect (checked before anything is sent). */
export function writeBackStatement(options: WriteBackOptions): WriteBackStatement {
  const dialect = dialectOf(options.database);
  if (options.sql && options.column)
    throw usageError('give either --write-back "<sql>" or --write-back-column table.column, not both');
  const template =
    options.sql ?? (options.column ? columnWriteBack(options.column, options.key, dialect) : undefined);
  if (!template)
    throw usageError('a write-back needs --sql "UPDATE … :workos_id … :local_id" or --column table.column');
  return compileWriteBack(template, dialect);
}

/** Every password the connection may use (URL or environment): kept out of every message. */
function connectionSecrets(url: string): string[] {
  let fromUrl = '';
  try {
    fromUrl = decodeURIComponent(new URL(url).password);
  } catch {
    // Not a URL with an authority (sqlite:path): nothing to hide.
  }
  return [fromUrl, process.env.PGPASSWORD ?? '', process.env.MYSQL_PWD ?? ''];
}

/**
 * One write-back target for the import or `mapping write-back`: the application's database, the
 * statement, and the journal's record of who was written. Outcomes are queued as they arrive
 * (`add`); `catchUp` writes every user in WorkOS this target does not hold yet, which is how a
 * resumed run writes exactly the rest.
 */
export class WriteBack {
  readonly where: string;
  private readonly target: string;
  private readonly batcher: WriteBackBatcher;
  private readonly alreadyWritten: number;
  /**
   * Whether outcomes are written as they arrive. Not when the import streams its source out of the
   * same SQLite file in rollback-journal mode: its open read holds a lock no commit can pass (WAL
   * lets readers and a writer share the file), so those ids are written when the reading is done.
   */
  live = true;

  private constructor(
    private readonly db: OutboxDb,
    readonly statement: WriteBackStatement,
    private readonly journal: Journal,
    private readonly sourceId: number,
    batchSize: number,
    private readonly secrets: string[],
  ) {
    this.where = db.where;
    // Keyed by where and what is written, not by the password or the flags spelling it.
    const place = redactUrl(db.where).replace(/:\*\*\*@/, '@');
    this.target = createHash('sha256').update(`${place}\n${statement.sql}`).digest('hex').slice(0, 32);
    this.alreadyWritten = journal.writeBacks.counts(sourceId, this.target).done;
    const store = journal.writeBacks;
    this.batcher = new WriteBackBatcher(
      db,
      statement,
      {
        done: (rows) => store.markDone(sourceId, this.target, rows),
        failed: (rows) => store.markFailed(sourceId, this.target, rows),
      },
      batchSize,
      (message) => this.clean(message),
    );
  }

  /** Connects, and checks the statement against the database before the import sends anything. */
  static async open(journal: Journal, sourceId: number, options: WriteBackOptions): Promise<WriteBack> {
    const statement = writeBackStatement(options);
    const batchSize = options.batchSize ?? 500;
    if (!(Number.isInteger(batchSize) && batchSize > 0))
      throw usageError(`--write-back-batch must be a positive whole number; got ${options.batchSize}`);
    const secrets = connectionSecrets(options.database);
    // Its own connection, and several statements per round trip: the values go in as checked literals.
    const db = await connectDatabase(options.database, { poolSize: 1, multipleStatements: true });
    const writeBack = new WriteBack(db, statement, journal, sourceId, batchSize, secrets);
    try {
      // EXPLAIN compiles the statement against the real tables without running it, in all three
      // dialects: a wrong table or column stops here, not after every create of the import.
      await db.all(
        `EXPLAIN ${statement.sql}`,
        statement.params.map(() => null),
      );
    } catch (err) {
      await db.close();
      throw usageError(
        `the write-back statement does not run on ${writeBack.where}: ${writeBack.clean((err as Error).message)}`,
      );
    }
    if (options.sameFileAsSource && db.dialect === 'sqlite') {
      const [mode] = await db.all<{ journal_mode: string }>('PRAGMA journal_mode');
      writeBack.live = mode?.journal_mode.toLowerCase() === 'wal';
    }
    return writeBack;
  }

  /** A message without any password the connection uses. */
  clean(message: string): string {
    return redact(message, this.secrets);
  }

  /** An outcome from the import: created and linked users are queued for the database. */
  add(result: RowResult): void {
    if (!this.live) return;
    if ((result.status !== 'created' && result.status !== 'linked') || !result.workosId) return;
    if (this.journal.writeBacks.isDone(this.sourceId, this.target, result.key, result.workosId)) return;
    const row = this.journal.getByKey(this.sourceId, result.key);
    if (!row) return;
    this.batcher.add({
      key: row.key,
      row: row.row,
      localId: row.localId,
      email: row.email,
      workosId: result.workosId,
    });
  }

  /** Writes every user in WorkOS that this target does not hold yet (earlier runs, a killed run). */
  async catchUp(): Promise<void> {
    await this.batcher.drain();
    let page: WriteBackEntry[] = [];
    for (const entry of this.journal.writeBacks.pending(this.sourceId, this.target)) {
      page.push(entry);
      if (page.length === 1000) {
        for (const e of page) this.batcher.add(e);
        page = [];
        // The journal is read a page ahead of the database: memory stays flat at any size.
        await this.batcher.drain();
      }
    }
    for (const e of page) this.batcher.add(e);
    await this.batcher.drain();
  }

  summary(): WriteBackSummary {
    // Failed counts come from the journal: a row retried in the catch-up is one failure, not two.
    const { failed } = this.journal.writeBacks.counts(this.sourceId, this.target);
    return {
      database: this.where,
      statement: this.statement.sql,
      alreadyWritten: this.alreadyWritten,
      written: this.batcher.totals.written,
      failed,
      failures: this.batcher.totals.failures,
    };
  }

  async close(): Promise<void> {
    await this.batcher.drain().catch(() => undefined);
    await this.db.close();
  }
}
