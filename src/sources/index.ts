import { readCsv } from './csv.js';
import { detectFormat } from './detect-format.js';
import { readJsonArray, readJsonArrayBatches } from './json-array.js';
import { readJsonArrayAt } from './json-nested.js';
import { readNdjson, readNdjsonBatches } from './ndjson.js';
import { openInput, readFileChunks } from './open-input.js';
import { readSql } from './sql.js';
import type { SourceFormat, SourceItem, SourceOptions } from './types.js';

export * from './types.js';
export { detectFormat, isDatabaseUrl } from './detect-format.js';
export {
  readCredentialsFile,
  parseCredentialsCsv,
  type CredentialRow,
  type CredentialsFile,
} from './credentials-file.js';

/**
 * A line reader keeps each chunk's decoded text alive until its last line is handled; a small chunk
 * lets that text die young instead of being promoted (the JSON splitter copies each element out).
 */
const LINE_CHUNK = 16 * 1024;

/** Streams raw records (or per-record errors) from any supported source, in source order. */
export function readSource(options: SourceOptions): AsyncGenerator<SourceItem> {
  const opened = openSource(options);
  return 'items' in opened ? opened.items : flatten(opened.batches);
}

/**
 * readSource's items in batches: a file export in batches of up to 256 (one async step per batch, which
 * a million-user pass notices), any other source one item at a time, as readSource reads it.
 */
export function readSourceBatches(options: SourceOptions): AsyncGenerator<SourceItem[]> {
  const opened = openSource(options);
  return 'batches' in opened ? opened.batches : singles(opened.items);
}

/** A file export is read in batches; stdin, CSV and SQL item by item. */
function openSource(
  options: SourceOptions,
): { batches: AsyncGenerator<SourceItem[]> } | { items: AsyncGenerator<SourceItem> } {
  let format: SourceFormat;
  try {
    format = detectFormat(options.source, options.format);
  } catch (err) {
    return { items: failing(err) };
  }
  if (format === 'json' && options.usersAt)
    return { items: readJsonArrayAt(options.source, options.usersAt, options.stdin) };
  if (format === 'json' && options.source !== '-')
    return { batches: readJsonArrayBatches(readFileChunks(options.source), options.source) };
  if (format === 'ndjson' && options.source !== '-')
    return { batches: readNdjsonBatches(readFileChunks(options.source, LINE_CHUNK)) };
  return { items: readStreamed(options, format) };
}

async function* flatten(batches: AsyncIterable<SourceItem[]>): AsyncGenerator<SourceItem> {
  for await (const batch of batches) yield* batch;
}

/** Items as batches of one: for sources read item by item (stdin, CSV, SQL, a nested array). */
export async function* singles(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem[]> {
  for await (const item of items) yield [item];
}

async function* readStreamed(options: SourceOptions, format: SourceFormat): AsyncGenerator<SourceItem> {
  if (format === 'sql') {
    yield* readSql(options.source, options.query);
    return;
  }
  const input = await openInput(options.source, options.stdin);
  if (format === 'json') yield* readJsonArray(input);
  else if (format === 'ndjson') yield* readNdjson(input);
  else yield* readCsv(input);
}

// eslint-disable-next-line require-yield -- fails on first read, as a lazy source would
async function* failing(err: unknown): AsyncGenerator<never> {
  throw err;
}
