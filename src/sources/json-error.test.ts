import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorDetail } from './json-error.js';
import { readJsonArray } from './json-array.js';
import { readNdjson } from './ndjson.js';
import type { SourceItem } from './types.js';

const HASH = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

function errorOf(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (err) {
    return err;
  }
  throw new Error(`${text} parsed`);
}

/** Records broken in each way JSON.parse words differently, every one holding the hash. */
const BROKEN = [
  `{"email":"a@x.io","passwordHash":"${HASH}",}`,
  `{"email":"a@x.io","passwordHash":"${HASH}" "x":1}`,
  `{"email":"a@x.io","passwordHash":${HASH}}`,
  `{"passwordHash":"${HASH.slice(0, 20)}\u0001${HASH.slice(20)}"}`,
  `{"passwordHash":"${HASH}`,
  `{"email":"a@x.io","x":tru,"passwordHash":"${HASH}"}`,
  `{"passwordHash":"${HASH}","n":[1,]}`,
  HASH,
  `"${HASH}`,
];

describe('describeJsonError', () => {
  it('names the kind and the position, and never a character of the record', () => {
    for (const text of BROKEN) {
      const where = describeJsonError(errorOf(text), text);
      const detail = jsonErrorDetail(errorOf(text), text, 'column');
      for (const part of [HASH, HASH.slice(7, 20), HASH.slice(30, 42), 'a@x.io'])
        expect(detail, text).not.toContain(part);
      if (where.position !== undefined) {
        expect(where.position).toBeGreaterThanOrEqual(0);
        expect(where.position).toBeLessThanOrEqual(text.length);
      }
    }
  });

  it('finds the unexpected token from V8’s context snippet', () => {
    const text = `{"email":"a@x.io","x":tru,"passwordHash":"${HASH}"}`;
    expect(describeJsonError(errorOf(text), text)).toEqual({
      kind: 'unexpected character',
      position: text.indexOf('tru,') + 3,
    });
    const end = `{"passwordHash":"${HASH}","n":[1,]}`;
    expect(describeJsonError(errorOf(end), end).position).toBe(end.length - 2);
    expect(describeJsonError(errorOf('{"a":1'), '{"a":1')).toEqual({
      kind: "expected ',' or '}' after property value",
      position: 6,
    });
  });
});

async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('readers quote no part of a broken record', () => {
  it('NDJSON: the line and the kind of error, without the hash', async () => {
    const text = BROKEN.map((b) => `${b}\n`).join('') + '{"email":"ok@x.io"}\n';
    const items = await collect(readNdjson(Readable.from([Buffer.from(text)])));
    const errors = items.filter((i) => 'code' in i);
    expect(errors).toHaveLength(BROKEN.length);
    for (const [i, e] of errors.entries()) {
      expect(e).toMatchObject({ row: i + 1, location: `line ${i + 1}`, code: 'invalid_json' });
      expect('message' in e && e.message).toMatch(new RegExp(`^line ${i + 1} is not valid JSON`));
      expect(JSON.stringify(e)).not.toContain(HASH.slice(7, 20));
    }
    expect(JSON.stringify(errors)).toContain('at column');
    expect(items.at(-1)).toMatchObject({ value: { email: 'ok@x.io' } });
  });

  it('JSON array: the element, its byte offset and the kind of error, without the hash', async () => {
    // Elements the splitter can cut out whole (balanced braces) but JSON.parse refuses, and a bare string.
    const bad = [BROKEN[0], BROKEN[1], BROKEN[2], BROKEN[5], JSON.stringify(HASH)];
    const text = `[${bad.join(',')},{"email":"ok@x.io"}]`;
    const items = await collect(readJsonArray(Readable.from([Buffer.from(text)])));
    const errors = items.filter((i) => 'code' in i);
    expect(errors.map((e) => ('code' in e ? e.code : ''))).toEqual([
      'invalid_json',
      'invalid_json',
      'invalid_json',
      'invalid_json',
      'not_an_object',
    ]);
    for (const e of errors) expect(JSON.stringify(e)).not.toContain(HASH.slice(7, 20));
    expect(JSON.stringify(errors[0])).toMatch(/expected double-quoted property name at character \d+/);
    expect(items.at(-1)).toMatchObject({ value: { email: 'ok@x.io' } });
  });
});
