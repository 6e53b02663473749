import type { Writable } from 'node:stream';
import { usageError } from '../errors/index.js';
import type { JournalRow } from './journal.js';
import { chunkWriter, openExisting, requireSource, type StateOptions } from './reports.js';

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';
export const SQL_DIALECTS: readonly SqlDialect[] = ['postgres', 'mysql', 'sqlite'];

export interface SqlMappingOptions {
  /** The application's user table, optionally schema-qualified (`app.users`). */
  table: string;
  /** The column that receives the WorkOS user id. */
  column: string;
  /** The column holding the local id the export had (default `id`). */
  keyColumn?: string;
  /** MySQL/MariaDB treat a backslash in a string literal as an escape; the others do not. */
  dialect?: SqlDialect;
}

// Identifiers are checked, not quoted: the same plain name works in every dialect, and nothing
// a table name could carry ends up in the statement.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export function checkSqlMappingOptions(o: SqlMappingOptions): Required<SqlMappingOptions> {
  const keyColumn = o.keyColumn ?? 'id';
  for (const [flag, name] of [
    ['--table', o.table],
    ['--column', o.column],
    ['--key-column', keyColumn],
  ] as const)
    if (!name || !IDENTIFIER.test(name))
      throw usageError(
        `${flag} must be a plain SQL name (letters, digits, _; schema.table allowed), not "${name ?? ''}"`,
      );
  const dialect = o.dialect ?? 'postgres';
  if (!SQL_DIALECTS.includes(dialect))
    throw usageError(`--dialect must be one of ${SQL_DIALECTS.join(', ')}, not "${dialect}"`);
  return { table: o.table, column: o.column, keyColumn, dialect };
}

export function sqlString(value: string, dialect: SqlDialect): string {
  const escaped = value.replace(/'/g, "''");
  return `'${dialect === 'mysql' ? escaped.replace(/\\/g, '\\\\') : escaped}'`;
}

/** One UPDATE for a mapped user, or a comment saying why there is none. */
export function mappingStatement(row: JournalRow, o: Required<SqlMappingOptions>): string {
  if (!row.localId) return `-- row ${row.row}: no local id in the export, nothing to update`;
  return `UPDATE ${o.table} SET ${o.column} = ${sqlString(row.workosId ?? '', o.dialect)} WHERE ${o.keyColumn} = ${sqlString(row.localId, o.dialect)};`;
}

/**
 * The mapping as UPDATE statements, for applications that keep the WorkOS user id in their own
 * user table: one per user now in WorkOS (created or linked), in one transaction.
 */
export async function exportMappingSql(
  options: StateOptions & SqlMappingOptions & { out?: string | Writable },
): Promise<{ rows: number; skipped: number }> {
  const o = checkSqlMappingOptions(options);
  const journal = openExisting(options.state);
  try {
    const source = requireSource(journal);
    const { write, end } = chunkWriter(options.out ?? process.stdout);
    let rows = 0;
    let skipped = 0;
    await write(`-- workos-migrator mapping: local id -> WorkOS user id (${source.description})\nBEGIN;\n`);
    for (const r of journal.rows(source.id, ['created', 'linked'])) {
      await write(`${mappingStatement(r, o)}\n`);
      if (r.localId) rows++;
      else skipped++;
    }
    await write('COMMIT;\n');
    await end();
    return { rows, skipped };
  } finally {
    journal.close();
  }
}
