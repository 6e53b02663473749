import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import verifierModule from 'stream-json/utils/verifier.js';
import { createJsonArraySplitter, type ElementEvent } from './json-elements.js';
import { jsonErrorDetail } from './json-error.js';
import { BATCH, type SourceError, type SourceItem } from './types.js';

interface VerifierError extends Error {
  line: number;
  pos: number;
  offset: number;
}

/**
 * Streams the elements of a top-level JSON array, one element in memory at a time. An element that is not
 * valid JSON is reported with its byte offset and the next one is read; a truncated file keeps every
 * element before the cut. stream-json's verifier pinpoints line and column on the error path only.
 */
export async function* readJsonArray(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  filePath?: string,
): AsyncGenerator<SourceItem> {
  for await (const batch of readJsonArrayBatches(input, filePath)) yield* batch;
}

/** readJsonArray's items in source order, up to BATCH at a time (the planning pass reads these). */
export async function* readJsonArrayBatches(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  filePath?: string,
): AsyncGenerator<SourceItem[]> {
  const splitter = createJsonArraySplitter();
  let seen = 0;
  let row = 0;
  let batch: SourceItem[] = [];
  // The splitter is synchronous per chunk, so the only await is this generator's own yield, once per batch.
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (const event of splitter.push(chunk)) {
      seen += 1;
      if (event.kind === 'element') {
        row = event.index;
        batch.push(toItem(event));
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      } else if (event.kind === 'not_an_array') {
        batch.push({
          row: 0,
          location: `byte ${event.offset}`,
          code: 'not_an_array',
          message: 'the file is not a JSON array of users: use --format ndjson for one object per line',
        });
        yield batch;
        return;
      } else if (event.kind === 'trailing') {
        batch.push({
          row: row + 1,
          location: `byte ${event.offset}`,
          code: 'invalid_json',
          message: `text after the end of the array at byte ${event.offset}: remove it, or use --format ndjson`,
        });
        yield batch;
        return;
      }
    }
  }
  for (const event of splitter.end()) {
    seen += 1;
    if (event.kind === 'truncated') batch.push(await describeTruncation(row, event.offset, filePath));
  }
  if (seen === 0) batch.push(emptySource(filePath));
  if (batch.length > 0) yield batch;
}

function toItem(event: Extract<ElementEvent, { kind: 'element' }>): SourceItem {
  const row = event.index;
  let value: unknown = event.value;
  try {
    if (!('value' in event)) value = JSON.parse(event.text);
  } catch (err) {
    return {
      row,
      location: `element ${row} (byte ${event.offset})`,
      code: 'invalid_json',
      message: `element ${row} at byte ${event.offset} is not valid JSON${jsonErrorDetail(err, event.text, 'character')}: fix it; the other elements were read`,
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      row,
      location: `element ${row}`,
      code: 'not_an_object',
      message: `expected a user object, found ${describe(value)}: fix or remove element ${row}`,
    };
  }
  return { row, location: `element ${row}`, value: value as Record<string, unknown> };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // Never quoted: a string where a user should be is often a bare hash.
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}

async function describeTruncation(lastRow: number, bytes: number, filePath?: string): Promise<SourceError> {
  const row = lastRow + 1;
  const where = filePath ? await locateSyntaxError(filePath) : undefined;
  const location = where ? `line ${where.line}, column ${where.pos} (byte ${where.offset})` : `byte ${bytes}`;
  return {
    row,
    location,
    code: 'truncated_json',
    message: `the JSON array ends in the middle of element ${row} at ${location}: the ${lastRow} element(s) before it were read; re-export the complete file`,
  };
}

function emptySource(filePath?: string): SourceError {
  return {
    row: 0,
    location: 'byte 0',
    code: 'empty_source',
    message: `${filePath ?? 'the input'} is empty: expected a JSON array of users`,
  };
}

/** A second, error-path-only pass with stream-json's verifier, which knows exact line/column/offset. */
async function locateSyntaxError(
  filePath: string,
): Promise<{ line: number; pos: number; offset: number; truncated: boolean } | undefined> {
  const verifier = verifierModule.asStream();
  const input = createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let length = 0;
  input.on('data', (chunk: string | Buffer) => {
    length += chunk.length;
  });
  input.pipe(verifier);
  verifier.resume();
  try {
    await once(verifier, 'finish');
    return undefined;
  } catch (err) {
    const e = err as VerifierError;
    input.destroy();
    if (typeof e.line !== 'number') return undefined;
    return { line: e.line, pos: e.pos, offset: e.offset, truncated: e.offset >= length - 1 };
  }
}
