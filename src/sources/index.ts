import { readCsv } from './csv.js';
import { detectFormat } from './detect-format.js';
import { readJsonArray } from './json-array.js';
import { readNdjson } from './ndjson.js';
import { assertReadableFile, openInput, readFileChunks } from './open-input.js';
import { readSql } from './sql.js';
import type { SourceItem, SourceOptions } from './types.js';

export * from './types.js';
export { detectFormat, isDatabaseUrl } from './detect-format.js';
export {
  readCredentialsFile,
  parseCredentialsCsv,
  type CredentialRow,
  type CredentialsFile,
} from './credentials-file.js';

/** Streams raw records (or per-record errors) from any supported source, in source order. */
export async function* readSource(options: SourceOptions): AsyncGenerator<SourceItem> {
  const format = detectFormat(options.source, options.format);
  if (format === 'sql') {
    yield* readSql(options.source, options.query);
    return;
  }
  const filePath = options.source === '-' ? undefined : options.source;
  if (format === 'json' && filePath) {
    // Fail on a missing file before the first yield, as the stream formats do.
    await assertReadableFile(filePath);
    yield* readJsonArray(readFileChunks(filePath), filePath);
    return;
  }
  const input = await openInput(options.source, options.stdin);
  if (format === 'json') yield* readJsonArray(input, filePath);
  else if (format === 'ndjson') yield* readNdjson(input);
  else yield* readCsv(input);
}
