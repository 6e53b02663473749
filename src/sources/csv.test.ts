import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import type { SourceItem } from './types.js';

async function read(text: string | Buffer): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readCsv(Readable.from([Buffer.from(text)]))) items.push(item);
  return items;
}

const summary = (items: SourceItem[]) =>
  items.map((i) => ('code' in i ? `${i.location}:${i.code}` : `${i.location}:${String(i.value.email)}`));

describe('readCsv', () => {
  it('reads a header and RFC 4180 records with BOM, CRLF, escaped quotes and multi-line fields', async () => {
    const items = await read('\uFEFFemail,first_name\r\na@x.io,"Ann ""A"", Jr"\r\nb@x.io,"two\r\nlines"\r\n');
    expect(items).toEqual([
      { row: 1, location: 'line 2', value: { email: 'a@x.io', first_name: 'Ann "A", Jr' } },
      { row: 2, location: 'line 3', value: { email: 'b@x.io', first_name: 'two\nlines' } },
    ]);
  });

  it('reports broken quoting and a wrong field count by line, then reads the rest', async () => {
    const items = await read('email,name\na@x.io,A\nb@x.io,"bad"quote\nc@x.io,C,extra\nd@x.io,D\n');
    expect(summary(items)).toEqual([
      'line 2:a@x.io',
      'line 3:csv_quoting',
      'line 4:csv_column_count',
      'line 5:d@x.io',
    ]);
    expect(items.map((i) => i.row)).toEqual([1, 2, 3, 4]);
  });

  it('reports a quote that is never closed', async () => {
    const items = await read('email,name\na@x.io,A\nb@x.io,"open\nc@x.io,C\n');
    expect(summary(items)).toEqual(['line 2:a@x.io', 'line 3:csv_quoting']);
    expect((items[1] as { message: string }).message).toMatch(/never closed/);
  });

  it('reads a header-only file as zero users and reports an empty file', async () => {
    expect(await read('email,name\n')).toEqual([]);
    expect(await read('')).toMatchObject([{ code: 'empty_source' }]);
  });
});
