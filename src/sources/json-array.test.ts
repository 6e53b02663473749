import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSource } from './index.js';
import type { SourceItem } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'json-array-'));

async function read(content: string | Buffer, name = 'users.json'): Promise<SourceItem[]> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const items: SourceItem[] = [];
  for await (const item of readSource({ source: path })) items.push(item);
  return items;
}

describe('readJsonArray', () => {
  it('streams every element with its position', async () => {
    const items = await read('[{"email":"a@x.io"},{"email":"b@x.io","n":{"deep":1}}]');
    expect(items).toEqual([
      { row: 1, location: 'element 1', value: { email: 'a@x.io' } },
      { row: 2, location: 'element 2', value: { email: 'b@x.io', n: { deep: 1 } } },
    ]);
  });

  it('reports a non-object element and keeps going', async () => {
    const items = await read('[{"email":"a@x.io"}, 42, null, {"email":"b@x.io"}]');
    expect(items.map((i) => ('code' in i ? i.code : 'ok'))).toEqual([
      'ok',
      'not_an_object',
      'not_an_object',
      'ok',
    ]);
    expect(items[1]).toMatchObject({ row: 2, location: 'element 2' });
  });

  it('keeps every element before a truncation and reports where the file ends', async () => {
    const items = await read('[{"email":"a@x.io"},\n{"email":"b@x.io"},\n{"email":"c@');
    expect(items.slice(0, 2).map((i) => ('value' in i ? i.value.email : null))).toEqual(['a@x.io', 'b@x.io']);
    expect(items[2]).toMatchObject({ row: 3, code: 'truncated_json' });
    expect(items[2]!.location).toMatch(/^line 3, column \d+ \(byte \d+\)$/);
  });

  it('reports an element that is not valid JSON with its byte offset and reads the next one', async () => {
    const items = await read('[{"email":"a@x.io"},\n{"email" "b@x.io"},\n{"email":"c@x.io"}]');
    expect(items[1]).toMatchObject({ row: 2, code: 'invalid_json', location: 'element 2 (byte 21)' });
    expect(items[2]).toEqual({ row: 3, location: 'element 3', value: { email: 'c@x.io' } });
  });

  it('keeps strings with brackets, commas and escaped quotes inside one element, across chunks', async () => {
    const text = '[{"n":"a,]}\\"[{","m":[1,{"x":"]"}]}, "s", 7]';
    const items: SourceItem[] = [];
    const stdin = Readable.from(text.split('').map((c) => Buffer.from(c)));
    for await (const item of readSource({ source: '-', format: 'json', stdin })) items.push(item);
    expect(items[0]).toMatchObject({ value: { n: 'a,]}"[{', m: [1, { x: ']' }] } });
    expect(items.slice(1).map((i) => ('code' in i ? i.code : 'ok'))).toEqual([
      'not_an_object',
      'not_an_object',
    ]);
  });

  it('reports an empty file, and reads an empty array as zero users', async () => {
    expect(await read('', 'empty.json')).toMatchObject([{ code: 'empty_source' }]);
    expect(await read('[]', 'zero.json')).toEqual([]);
  });

  it('reports a top-level object instead of an array', async () => {
    expect(await read('{"email":"a@x.io"}')).toMatchObject([{ code: 'not_an_array' }]);
  });

  it('reads stdin for -', async () => {
    const items: SourceItem[] = [];
    const stdin = Readable.from([Buffer.from('[{"email":'), Buffer.from('"a@x.io"}]')]);
    for await (const item of readSource({ source: '-', format: 'json', stdin })) items.push(item);
    expect(items).toEqual([{ row: 1, location: 'element 1', value: { email: 'a@x.io' } }]);
  });
});
