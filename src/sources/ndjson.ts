import { StringDecoder } from 'node:string_decoder';
import { jsonErrorDetail } from './json-error.js';
import { BATCH, type SourceItem } from './types.js';

/**
 * One JSON object per line; a bad line is reported and the next one is read. Blank lines are skipped.
 * Lines are cut synchronously from each chunk (no readline): readline queues a whole chunk's lines
 * behind promises, so they outlive young-generation collections and the heap grows with the run.
 */
export async function* readNdjson(input: AsyncIterable<Buffer | string>): AsyncGenerator<SourceItem> {
  for await (const batch of readNdjsonBatches(input)) yield* batch;
}

/** readNdjson's items in source order, up to BATCH at a time (the planning pass reads these). */
export async function* readNdjsonBatches(
  input: AsyncIterable<Buffer | string>,
): AsyncGenerator<SourceItem[]> {
  // Copies the bytes into a string at once, so the reader may reuse its buffer (readFileChunks does).
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = 0;
  let row = 0;
  let batch: SourceItem[] = [];
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      line += 1;
      const item = toItem(text.slice(start, nl), line, row + 1);
      start = nl + 1;
      if (item === undefined) continue;
      row += 1;
      batch.push(item);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    carry = text.slice(start);
  }
  carry += decoder.end();
  if (carry !== '') {
    line += 1;
    const item = toItem(carry, line, row + 1);
    if (item) batch.push(item);
  }
  if (line === 0) {
    batch.push({
      row: 0,
      location: 'line 1',
      code: 'empty_source',
      message: 'the file is empty: expected one user object per line',
    });
  }
  if (batch.length > 0) yield batch;
}

/** The record on one line, or undefined for a blank line. */
function toItem(raw: string, line: number, row: number): SourceItem | undefined {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') return undefined;
  const location = `line ${line}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      row,
      location,
      code: 'invalid_json',
      message: `line ${line} is not valid JSON${jsonErrorDetail(err, text, 'column')}: fix or remove it`,
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      row,
      location,
      code: 'not_an_object',
      message: `line ${line} holds ${Array.isArray(value) ? 'an array' : String(value === null ? 'null' : typeof value)}, not a user object`,
    };
  }
  return { row, location, value: value as Record<string, unknown> };
}
