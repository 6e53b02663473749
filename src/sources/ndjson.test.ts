import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSource } from './index.js';
import { readNdjson } from './ndjson.js';
import type { SourceItem } from './types.js';

async function read(text: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readNdjson(Readable.from([Buffer.from(text)]))) items.push(item);
  return items;
}

describe('readNdjson', () => {
  it('reads one object per line, tolerating BOM, CRLF and blank lines', async () => {
    const items = await read('\uFEFF{"email":"a@x.io"}\r\n\r\n{"email":"b@x.io"}\r\n');
    expect(items).toEqual([
      { row: 1, location: 'line 1', value: { email: 'a@x.io' } },
      { row: 2, location: 'line 3', value: { email: 'b@x.io' } },
    ]);
  });

  it('reports a bad line with its number and reads the next one', async () => {
    const items = await read('{"email":"a@x.io"}\n{"email":\n[1]\n{"email":"c@x.io"}\n');
    expect(items.map((i) => ('code' in i ? `${i.location}:${i.code}` : i.location))).toEqual([
      'line 1',
      'line 2:invalid_json',
      'line 3:not_an_object',
      'line 4',
    ]);
  });

  it('reports an empty file', async () => {
    expect(await read('')).toMatchObject([{ code: 'empty_source' }]);
  });
});

describe('readNdjson over chunks', () => {
  it('joins lines and UTF-8 characters cut between chunks, in a reused buffer', async () => {
    const bytes = Buffer.from('{"email":"é@x.io","n":"ü"}\n\n{"email":"b@x.io"}');
    for (let cut = 1; cut < bytes.length; cut++) {
      const scratch = Buffer.alloc(bytes.length);
      async function* chunks(): AsyncGenerator<Buffer> {
        for (const [from, to] of [
          [0, cut],
          [cut, bytes.length],
        ] as const) {
          bytes.copy(scratch, 0, from, to);
          yield scratch.subarray(0, to - from);
        }
      }
      const items: SourceItem[] = [];
      for await (const item of readNdjson(chunks())) items.push(item);
      expect(items).toEqual([
        { row: 1, location: 'line 1', value: { email: 'é@x.io', n: 'ü' } },
        { row: 2, location: 'line 3', value: { email: 'b@x.io' } },
      ]);
    }
  });
});

describe('readSource on an NDJSON file', () => {
  it('reads every line across many small chunks, keeping line numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndjson-file-'));
    try {
      const path = join(dir, 'users.ndjson');
      const lines = Array.from({ length: 3000 }, (_, i) =>
        i === 1500 ? '' : JSON.stringify({ email: `ü${i}@x.io`, name: 'ß'.repeat(i % 50) }),
      );
      writeFileSync(path, `${lines.join('\r\n')}\r\n`);
      const items: SourceItem[] = [];
      for await (const item of readSource({ source: path })) items.push(item);
      expect(items).toHaveLength(2999);
      expect(items[1499]).toEqual({
        row: 1500,
        location: 'line 1500',
        value: { email: 'ü1499@x.io', name: 'ß'.repeat(1499 % 50) },
      });
      expect(items[2998]).toMatchObject({ row: 2999, location: 'line 3000', value: { email: 'ü2999@x.io' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
