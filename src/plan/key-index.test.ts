import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex, spellingTag } from './key-index.js';

describe('KeyIndex', () => {
  it('behaves like a Map of key → (row, payload, tag) through many resizes', () => {
    const index = new KeyIndex(4);
    const reference = new Map<string, [number, number, number]>();
    for (let i = 0; i < 50_000; i++) {
      const key = `user${i % 37_000}@example.com`;
      const entry: [number, number, number] = [i + 1, i % 64, spellingTag(key.toUpperCase())];
      index.set(key, ...entry);
      reference.set(key, entry);
    }
    expect(index.size).toBe(reference.size);
    for (const [key, [row, payload, tag]] of reference) expect(index.get(key)).toEqual({ row, payload, tag });
    expect(index.get('user37000@example.com')).toBeUndefined();
    expect(index.get('')).toBeUndefined();
  });

  it('tells apart keys that differ in one character, case or Unicode (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 30 }), { maxLength: 200 }), (keys) => {
        const index = new KeyIndex(2);
        keys.forEach((k, i) => index.set(k, i + 1, 7));
        keys.forEach((k, i) => expect(index.get(k)?.row).toBe(i + 1));
        expect(index.size).toBe(keys.length);
      }),
    );
  });

  it('a missing tag reads 0; rows up to 2^32-1, 6-bit payloads and spelling tags survive', () => {
    const index = new KeyIndex();
    index.set('a', 2 ** 32 - 1, 63);
    expect(index.get('a')).toEqual({ row: 2 ** 32 - 1, payload: 63, tag: 0 });
    const tag = spellingTag('Ann@example.com');
    index.set('ann@example.com', 7, 1, tag);
    expect(index.get('ann@example.com')).toEqual({ row: 7, payload: 1, tag });
    expect(tag).not.toBe(spellingTag('ann@example.com'));
  });

  it('matches a Map under interleaved lookups and inserts across two indexes, as the planner makes them', () => {
    const op = fc.tuple(fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 40 }), fc.nat({ max: 63 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const indexes = [new KeyIndex(2), new KeyIndex(2)];
        const maps = [new Map<string, number>(), new Map<string, number>()];
        ops.forEach(([second, write, k, payload], i) => {
          const key = `k${k}`;
          const n = second ? 1 : 0;
          // Touching slots (the planner's prefetch) between operations changes no answer.
          if (payload % 3 === 0) indexes[n]!.touch([key, `k${payload}`, key]);
          if (write) {
            indexes[n]!.set(key, i + 1, payload, spellingTag(key.toUpperCase()));
            maps[n]!.set(key, i + 1);
          } else {
            expect(indexes[n]!.get(key)?.row).toBe(maps[n]!.get(key));
            expect(spellingTag(key)).toBe(spellingTag(`${key}`));
          }
        });
      }),
      { seed: 41 },
    );
  });
});
