import { extname } from 'node:path';
import { SourceUnavailableError, type SourceFormat } from './types.js';

const DATABASE_URL = /^(postgres|postgresql|mysql|mariadb|sqlite):/i;

export function isDatabaseUrl(source: string): boolean {
  return DATABASE_URL.test(source);
}

const BY_EXTENSION: Record<string, SourceFormat> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
};

/** The format from `--format`, else the URL scheme, else the file extension. */
export function detectFormat(source: string, explicit?: SourceFormat): SourceFormat {
  if (explicit) return explicit;
  if (isDatabaseUrl(source)) return 'sql';
  const format = BY_EXTENSION[extname(source).toLowerCase()];
  if (format) return format;
  const what = source === '-' ? 'stdin' : `"${source}"`;
  throw new SourceUnavailableError(
    `cannot tell the format of ${what}: use --format json|ndjson|csv, or a .json/.ndjson/.jsonl/.csv file`,
  );
}
