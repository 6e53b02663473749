import { usageError } from '../errors/index.js';
import type { Dialect } from '../dualwrite/tables.js';

/** What a write-back statement may name: the user's WorkOS id, and how the application finds its row. */
export const WRITE_BACK_PARAMS = ['workos_id', 'local_id', 'email'] as const;
export type WriteBackParam = (typeof WRITE_BACK_PARAMS)[number];

/** A write-back statement in the dialect's own placeholders, with the value each one takes. */
export interface WriteBackStatement {
  dialect: Dialect;
  /** The statement as sent: `$1, $2` for PostgreSQL, `?` for MySQL/MariaDB and SQLite. */
  sql: string;
  /** The named parameter behind each placeholder, in order. */
  params: WriteBackParam[];
  /** The SQL text around the placeholders (one more than params), for statements sent with inline literals. */
  parts: string[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Turns `UPDATE users SET workos_user_id = :workos_id WHERE id = :local_id` into the dialect's
 * placeholders. Named parameters are found only in SQL text: string literals, quoted identifiers,
 * comments and PostgreSQL's `::type` casts and dollar-quoted bodies pass through untouched, so a
 * literal ':email' in a string stays a string. Positional placeholders are refused: the values are
 * bound by name, and a stray `?` would shift every value after it.
 */
export function compileWriteBack(template: string, dialect: Dialect): WriteBackStatement {
  const text = template.trim().replace(/;\s*$/, '');
  let sql = '';
  const params: WriteBackParam[] = [];
  const parts: string[] = [];
  let partStart = 0;
  let i = 0;
  const copyUntil = (end: number): void => {
    sql += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "'" || c === '"' || (c === '`' && dialect === 'mysql')) {
      copyUntil(closingQuote(text, i, c, dialect === 'mysql' && c !== '`'));
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      copyUntil(end < 0 ? text.length : end);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw usageError('the write-back statement has an unclosed /* comment');
      copyUntil(end + 2);
    } else if (c === '$' && dialect === 'postgres' && /[A-Za-z_$]/.test(next ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))?.[0];
      const end = tag ? text.indexOf(tag, i + tag.length) : -1;
      copyUntil(tag && end >= 0 ? end + tag.length : i + 1);
    } else if (c === ':' && next === ':') {
      copyUntil(i + 2);
    } else if (c === ':') {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(text)?.[0];
      if (!name) {
        copyUntil(i + 1);
        continue;
      }
      if (!(WRITE_BACK_PARAMS as readonly string[]).includes(name))
        throw usageError(
          `the write-back statement names :${name}; it may use ${WRITE_BACK_PARAMS.map((p) => `:${p}`).join(', ')}`,
        );
      params.push(name as WriteBackParam);
      parts.push(sql.slice(partStart));
      sql += dialect === 'postgres' ? `$${params.length}` : '?';
      partStart = sql.length;
      i += 1 + name.length;
    } else if (c === '?' || (c === '$' && /\d/.test(next ?? ''))) {
      throw usageError(
        `the write-back statement has a positional placeholder (${c}${c === '$' ? next : ''}): name the values instead, e.g. :workos_id and :local_id`,
      );
    } else if (c === ';') {
      throw usageError('the write-back statement must be one statement (it contains ;)');
    } else {
      copyUntil(i + 1);
    }
  }
  if (!params.includes('workos_id'))
    throw usageError('the write-back statement must store :workos_id, e.g. SET workos_user_id = :workos_id');
  if (!params.includes('local_id') && !params.includes('email'))
    throw usageError(
      'the write-back statement must find the row by :local_id or :email, e.g. WHERE id = :local_id',
    );
  parts.push(sql.slice(partStart));
  return { dialect, sql, params, parts };
}

/** The index just past the quote that closes the one at `start` (a doubled quote is part of the text). */
function closingQuote(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  for (let j = start + 1; j < text.length; j++) {
    if (backslashEscapes && text[j] === '\\') j++;
    else if (text[j] === quote) {
      if (text[j + 1] === quote) j++;
      else return j + 1;
    }
  }
  throw usageError(`the write-back statement has an unclosed ${quote}`);
}

/** An identifier as the dialect quotes it: PostgreSQL and SQLite "…", MySQL/MariaDB `…`. */
export function quoteIdentifier(name: string, dialect: Dialect): string {
  const q = dialect === 'mysql' ? '`' : '"';
  return `${q}${name.split(q).join(q + q)}${q}`;
}

/**
 * `--write-back-column users.workos_user_id` (or `schema.users.workos_user_id`) as a statement:
 * the row is found by `key` (default `id`) = the user's local id. Names are quoted, so they keep
 * their case exactly as given.
 */
export function columnWriteBack(spec: string, key = 'id', dialect: Dialect): string {
  const parts = spec.split('.');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() === ''))
    throw usageError(
      `--write-back-column takes table.column (or schema.table.column), e.g. users.workos_user_id; got "${spec}"`,
    );
  if (key.trim() === '') throw usageError('--write-back-key names the key column, e.g. id');
  const column = parts.pop() as string;
  const table = parts.map((p) => quoteIdentifier(p, dialect)).join('.');
  const q = (n: string): string => quoteIdentifier(n, dialect);
  return `UPDATE ${table} SET ${q(column)} = :workos_id WHERE ${q(key)} = :local_id`;
}

/**
 * One user's statement with its values as SQL literals, so a batch travels in one round trip
 * instead of one per user. Only for values that mean the same under every string-escaping mode
 * (no backslash, no NUL: then doubling the quote is the whole escape, in PostgreSQL with or
 * without standard_conforming_strings and in MySQL with or without NO_BACKSLASH_ESCAPES); any
 * other value is bound as a parameter instead (undefined here).
 */
export function inlineStatement(
  statement: WriteBackStatement,
  values: Record<WriteBackParam, string | null>,
): string | undefined {
  let out = statement.parts[0] as string;
  for (let k = 0; k < statement.params.length; k++) {
    const v = values[statement.params[k] as WriteBackParam];
    if (v !== null && /[\\\0]/.test(v)) return undefined;
    out += (v === null ? 'NULL' : `'${v.split("'").join("''")}'`) + statement.parts[k + 1];
  }
  return out;
}

/** The values of one user, in the statement's placeholder order. */
export function bindValues(
  statement: WriteBackStatement,
  values: Record<WriteBackParam, string | null>,
): Array<string | null> {
  return statement.params.map((p) => values[p]);
}
