import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pickModule from 'stream-json/filters/pick.js';
import streamArrayModule from 'stream-json/streamers/stream-array.js';
import { assertReadableFile } from './open-input.js';
import type { SourceItem } from './types.js';

/**
 * Streams the elements of the array at `key` of a JSON document (`users` of a Keycloak realm export
 * or a Firebase auth:export), one element in memory at a time. A document without that array, or
 * one cut short, ends with one error naming what was read.
 */
export async function* readJsonArrayAt(
  path: string,
  key: string,
  stdin?: NodeJS.ReadableStream,
): AsyncGenerator<SourceItem> {
  if (path !== '-') await assertReadableFile(path);
  const input = path === '-' ? (stdin ?? process.stdin) : createReadStream(path, { highWaterMark: 1 << 20 });
  const elements = streamArrayModule.asStream();
  const done = pipeline(input, pickModule.withParserAsStream({ filter: key }), elements);
  // The pipeline's own rejection is read through `done` below; this keeps it from surfacing unhandled first.
  done.catch(() => undefined);
  let row = 0;
  try {
    for await (const { key: index, value } of elements as AsyncIterable<{ key: number; value: unknown }>) {
      row = index + 1;
      const location = `${key}[${index}]`;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        yield {
          row,
          location,
          code: 'not_an_object',
          message: `expected a user object at ${location}: fix or remove it`,
        };
        continue;
      }
      yield { row, location, value: value as Record<string, unknown> };
    }
    await done;
  } catch (err) {
    yield {
      row: row + 1,
      location: `after ${key}[${row - 1}]`,
      code: row === 0 ? 'not_an_array' : 'truncated_json',
      message:
        row === 0
          ? `no readable "${key}" array of users in ${path} (${(err as Error).message}): is it the right export?`
          : `${path} is not valid JSON after ${row} user(s) (${(err as Error).message}): re-export the complete file`,
    };
    return;
  }
  if (row === 0)
    yield {
      row: 0,
      location: key,
      code: 'empty_source',
      message: `${path} has no users in "${key}": is it the right export?`,
    };
}
