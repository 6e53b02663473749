import { createInterface } from 'node:readline';
import type { SourceItem } from './types.js';

/** One JSON object per line; a bad line is reported and the next one is read. Blank lines are skipped. */
export async function* readNdjson(input: NodeJS.ReadableStream): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let row = 0;
  for await (const raw of lines) {
    line += 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    row += 1;
    const location = `line ${line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield {
        row,
        location,
        code: 'invalid_json',
        message: `line ${line} is not valid JSON (${(err as Error).message}): fix or remove it`,
      };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield {
        row,
        location,
        code: 'not_an_object',
        message: `line ${line} holds ${Array.isArray(value) ? 'an array' : String(value === null ? 'null' : typeof value)}, not a user object`,
      };
      continue;
    }
    yield { row, location, value: value as Record<string, unknown> };
  }
  if (line === 0) {
    yield {
      row: 0,
      location: 'line 1',
      code: 'empty_source',
      message: 'the file is empty: expected one user object per line',
    };
  }
}
