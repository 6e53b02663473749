import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitJsonArray } from './json-elements.js';

/** Yields the bytes cut at `cuts`, always in the same scratch buffer, as readFileChunks does. */
async function* chunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const scratch = Buffer.alloc(bytes.length + 1);
  let from = 0;
  const ends = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  for (const cut of [...ends, bytes.length]) {
    scratch.fill(0x20);
    yield scratch.subarray(0, bytes.copy(scratch, 0, from, cut));
    from = cut;
  }
}

describe('splitJsonArray', () => {
  it('splits any array of values into its elements whatever the chunk boundaries (escapes, quotes, UTF-8, a reused buffer)', async () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '"', '\\', '\\\\', ',', ']', '}', '{', 'é', '€', '😀', '\n') }),
      fc.dictionary(
        fc.string({ unit: fc.constantFrom('k', '"', '\\', ']') }),
        fc.string({ unit: fc.constantFrom('v', '"', '\\', '[', ',') }),
      ),
      fc.integer(),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (values, cuts) => {
          const bytes = Buffer.from(JSON.stringify(values, null, values.length % 2 ? 1 : undefined));
          const parsed: unknown[] = [];
          for await (const e of splitJsonArray(chunks(bytes, cuts))) {
            if (e.kind === 'element') parsed.push(JSON.parse(e.text));
            else expect(e.kind).toBe('start');
          }
          expect(parsed).toEqual(values);
        },
      ),
      { numRuns: 300 },
    );
  });
});
