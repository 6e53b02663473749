import type Database from 'better-sqlite3';
import { mysqlConnectionParts } from '../dualwrite/mysql-options.js';
import { SourceUnavailableError, type SourceItem } from './types.js';

const BATCH = 1000;

/** Streams the rows of `query` from PostgreSQL (server-side cursor), MySQL/MariaDB (row stream) or SQLite. */
export async function* readSql(url: string, query: string | undefined): AsyncGenerator<SourceItem> {
  if (!query || query.trim() === '') {
    throw new SourceUnavailableError(
      `a database source needs --query "select … from users", or --preset NAME for a known user store (workos-migrator presets list)`,
    );
  }
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  const rows =
    scheme === 'sqlite'
      ? sqliteRows(url.slice('sqlite:'.length).replace(/^\/\//, ''), query)
      : scheme === 'mysql' || scheme === 'mariadb'
        ? mysqlRows(url.replace(/^mariadb:/i, 'mysql:'), query)
        : postgresRows(url, query);
  let row = 0;
  for await (const value of rows) {
    row += 1;
    yield { row, location: `row ${row}`, value };
  }
}

// Drivers load on first use: a file export should not pay their start-up time.
async function* postgresRows(url: string, query: string): AsyncGenerator<Record<string, unknown>> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await connectOrExplain(async () => {
    await client.connect();
  }, url);
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE migrator_source NO SCROLL CURSOR FOR ${query.replace(/;\s*$/, '')}`);
    for (;;) {
      const batch = await client.query(`FETCH ${BATCH} FROM migrator_source`);
      for (const r of batch.rows as Record<string, unknown>[]) yield r;
      if (batch.rows.length < BATCH) break;
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

async function* mysqlRows(url: string, query: string): AsyncGenerator<Record<string, unknown>> {
  const { default: mysql } = await import('mysql2');
  const connection = mysql.createConnection({
    ...mysqlConnectionParts(url),
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  await connectOrExplain(
    () =>
      new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve()))),
    url,
  );
  try {
    const stream = connection.query(query).stream({ highWaterMark: BATCH });
    for await (const r of stream as AsyncIterable<Record<string, unknown>>) yield r;
  } finally {
    await new Promise<void>((resolve) => connection.end(() => resolve()));
  }
}

async function* sqliteRows(path: string, query: string): AsyncGenerator<Record<string, unknown>> {
  const { default: Sqlite } = await import('better-sqlite3');
  let db: Database.Database;
  try {
    db = new Sqlite(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new SourceUnavailableError(`cannot open SQLite database ${path}: ${(err as Error).message}`);
  }
  try {
    for (const r of db.prepare(query).iterate() as Iterable<Record<string, unknown>>) yield r;
  } finally {
    db.close();
  }
}

async function connectOrExplain(connect: () => Promise<void>, url: string): Promise<void> {
  try {
    await connect();
  } catch (err) {
    throw new SourceUnavailableError(`cannot connect to ${redact(url)}: ${(err as Error).message}`);
  }
}

/** Database URLs may carry a password; it never reaches a message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
