/**
 * The readers are total over bytes: any input gives records (objects, rows in order) or errors that
 * carry a location (line, byte, element), and nothing escapes the reader. Inputs are a small valid
 * export of each format damaged byte-wise (brackets, quotes, escapes, line ends, NUL, bad UTF-8, BOM),
 * or random bytes, cut into random chunks so that boundaries fall inside strings and characters.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonLinesInputArb,
  readAll,
  readerInputArb,
  sourceItemsProblem,
  VALID_EXPORTS,
  type ReaderInput,
} from '../../test/support/fuzz.js';
import { parseCredentialsCsv } from './credentials-file.js';
import { createJsonArraySplitter, type ElementEvent } from './json-elements.js';
import { SourceUnavailableError } from './types.js';

const wellFormed = async (input: ReaderInput) => {
  const why = sourceItemsProblem(await readAll(input));
  if (why) throw new Error(why);
};

describe('source readers on damaged bytes', () => {
  it('the valid exports read cleanly (the generators start from real data)', async () => {
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      const items = await readAll({ format, chunks: [Buffer.from(VALID_EXPORTS[format])] });
      expect(items.map((i) => 'code' in i)).toEqual([false, false, false]);
    }
  });

  for (const [format, seed] of [
    ['json', 11],
    ['ndjson', 12],
    ['csv', 13],
  ] as const) {
    it(`${format}: records or located errors, never a throw`, async () => {
      await fc.assert(fc.asyncProperty(readerInputArb(format), wellFormed), { seed, numRuns: 1_500 });
    });
  }

  it('json with a file path: the truncation is located through the file too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readers-fuzz-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(readerInputArb('json'), async (input) => {
        const file = join(dir, `${n++}.json`);
        writeFileSync(file, Buffer.concat(input.chunks));
        const why = sourceItemsProblem(await readAll(input, file));
        if (why) throw new Error(why);
      }),
      { seed: 14, numRuns: 150 },
    );
  });

  it('the JSON array splitter accounts for every byte: the events end with the input', () => {
    fc.assert(
      fc.property(readerInputArb('json'), ({ chunks }) => {
        const splitter = createJsonArraySplitter();
        for (const chunk of chunks) for (const _ of splitter.push(chunk));
        for (const _ of splitter.end());
        return splitter.finished;
      }),
      { seed: 15, numRuns: 1_000 },
    );
  });

  it('the JSON array splitter cuts and parses the same elements with and without the whole-line shortcut', () => {
    /** Each event, with an element's parse outcome instead of its text (trailing spaces may differ). */
    const events = (chunks: Buffer[], wholeLines: boolean) => {
      const splitter = createJsonArraySplitter({ wholeLines });
      const out: unknown[] = [];
      const note = (e: ElementEvent) => {
        if (e.kind !== 'element') return out.push(e);
        let parsed: unknown;
        try {
          parsed = { value: 'value' in e ? e.value : JSON.parse(e.text) };
        } catch {
          parsed = 'invalid';
        }
        return out.push({ index: e.index, offset: e.offset, parsed });
      };
      for (const chunk of chunks) for (const e of splitter.push(Buffer.from(chunk))) note(e);
      for (const e of splitter.end()) note(e);
      return out;
    };
    for (const [arb, seed] of [
      [jsonLinesInputArb(), 16],
      [readerInputArb('json'), 17],
    ] as const) {
      fc.assert(
        fc.property(arb, ({ chunks }) => {
          expect(events(chunks, true)).toEqual(events(chunks, false));
        }),
        { seed, numRuns: 2_000 },
      );
    }
  });

  it('credentials CSV: rows and per-line problems, or a SourceUnavailableError naming the file', () => {
    fc.assert(
      fc.property(readerInputArb('csv'), fc.boolean(), ({ chunks }, withHeader) => {
        const body = (withHeader ? 'email,password\n' : '') + Buffer.concat(chunks).toString('utf8');
        try {
          const { rows, problems } = parseCredentialsCsv(body, 'creds.csv');
          for (const r of rows) if (!(r.line >= 1 && r.email !== '' && r.password !== '')) return false;
          return problems.every((p) => /^creds\.csv line \d+: /.test(p));
        } catch (err) {
          // A whole-file problem (no header, unreadable CSV) is a usage error that names the file.
          return (
            err instanceof SourceUnavailableError && err.message.startsWith('credentials file creds.csv')
          );
        }
      }),
      { seed: 16, numRuns: 1_500 },
    );
  });
});
