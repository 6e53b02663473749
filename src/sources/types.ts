import { MigratorError } from '../errors/index.js';
/** One record read from a source, before any mapping. `row` is the 1-based position among all records. */
export interface SourceRecord {
  row: number;
  /** Where a person finds it: "line 12", "element 7", "row 3". */
  location: string;
  value: Record<string, unknown>;
}

/** A record the source could not read; the stream goes on when the format allows it. */
export interface SourceError {
  row: number;
  location: string;
  code: SourceErrorCode;
  message: string;
}

export type SourceErrorCode =
  | 'invalid_json'
  | 'truncated_json'
  | 'not_an_object'
  | 'not_an_array'
  | 'csv_quoting'
  | 'csv_column_count'
  | 'csv_error'
  | 'empty_source';

export type SourceItem = SourceRecord | SourceError;

/** Items a file reader hands over per async step: one promise per batch, not per user, and little held at once. */
export const BATCH = 256;

export function isSourceError(item: SourceItem): item is SourceError {
  return 'code' in item;
}

export type SourceFormat = 'json' | 'ndjson' | 'csv' | 'sql';

export interface SourceOptions {
  /** A file path, `-` for stdin, or a database URL (postgres://, mysql://, sqlite:path). */
  source: string;
  format?: SourceFormat;
  /** SQL query for database sources. */
  query?: string;
  /** JSON sources: the users are the array under this key of the top-level object, not the top level. */
  usersAt?: string;
  /** Replaces stdin for `-` (tests, library callers). */
  stdin?: NodeJS.ReadableStream;
}

/** The source cannot be opened at all (missing file, unknown format, bad URL): a usage problem. */
export class SourceUnavailableError extends MigratorError {
  override name = 'SourceUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super('source', message, options);
  }
}
