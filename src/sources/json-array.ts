import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import streamArray from 'stream-json/streamers/stream-array.js';
import verifierModule from 'stream-json/utils/verifier.js';
import type { SourceError, SourceItem } from './types.js';

interface VerifierError extends Error {
  line: number;
  pos: number;
  offset: number;
}

/**
 * Streams the elements of a top-level JSON array (stream-json: one element in memory at a time).
 * A syntax error ends the array, as JSON allows no resynchronisation; every element read before it is kept.
 */
export async function* readJsonArray(
  input: NodeJS.ReadableStream,
  filePath?: string,
): AsyncGenerator<SourceItem> {
  let bytes = 0;
  let row = 0;
  input.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length;
  });
  const elements = streamArray.withParserAsStream({ streamValues: false });
  input.pipe(elements);
  input.on('error', (err) => elements.destroy(err));
  try {
    for await (const { key, value } of elements as AsyncIterable<{ key: number; value: unknown }>) {
      row = key + 1;
      const location = `element ${row}`;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        yield {
          row,
          location,
          code: 'not_an_object',
          message: `expected a user object, found ${describe(value)}: fix or remove element ${row}`,
        };
        continue;
      }
      yield { row, location, value: value as Record<string, unknown> };
    }
  } catch (err) {
    yield await describeParseError(err as Error, row, bytes, filePath);
    return;
  }
  if (bytes === 0 || (row === 0 && bytes > 0 && (await isBlank(filePath)))) {
    yield emptySource(filePath);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

async function describeParseError(
  err: Error,
  lastRow: number,
  bytes: number,
  filePath?: string,
): Promise<SourceError> {
  const row = lastRow + 1;
  if (/top-level object should be an array/i.test(err.message)) {
    return {
      row: 0,
      location: 'byte 0',
      code: 'not_an_array',
      message: 'the file is not a JSON array of users: use --format ndjson for one object per line',
    };
  }
  if (bytes === 0) return emptySource(filePath);
  const where = filePath ? await locateSyntaxError(filePath) : undefined;
  const truncated = where
    ? where.truncated
    : /expected/i.test(err.message) && !/unexpected/i.test(err.message);
  const location = where
    ? `line ${where.line}, column ${where.pos} (byte ${where.offset})`
    : `near byte ${bytes}`;
  return truncated
    ? {
        row,
        location,
        code: 'truncated_json',
        message: `the JSON array ends in the middle of element ${row}: the ${lastRow} element(s) before it were read; re-export the complete file`,
      }
    : {
        row,
        location,
        code: 'invalid_json',
        message: `invalid JSON in element ${row}: the ${lastRow} element(s) before it were read; fix the file at ${location}`,
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

async function isBlank(filePath?: string): Promise<boolean> {
  if (!filePath) return false;
  const stream = createReadStream(filePath, { end: 4095 });
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text.trim() === '';
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
