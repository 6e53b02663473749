import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { paginate, parsePageQuery, type Order } from './pagination.js';

const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `obj_${String(i).padStart(4, '0')}` }));
const ids = (page: { data: Array<{ id: string }> }) => page.data.map((d) => d.id);

describe('parsePageQuery', () => {
  it('defaults to limit 10, order desc', () => {
    expect(parsePageQuery({})).toEqual({ limit: 10, order: 'desc' });
  });
  it.each(['0', '101', '-1', '1.5', 'ten'])('rejects limit=%s with a 422 naming the parameter', (limit) => {
    const err = (() => {
      try {
        parsePageQuery({ limit });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(422);
    expect((err as ApiError).body.message).toMatch(/limit/);
  });
  it('rejects an unknown order', () => {
    expect(() => parsePageQuery({ order: 'sideways' })).toThrow(/order/);
  });
});

describe('paginate', () => {
  const all = items(25);
  it('asc walks oldest first and sets cursors only when more exist', () => {
    const p1 = paginate(all, { limit: 10, order: 'asc' });
    expect(ids(p1)).toEqual(all.slice(0, 10).map((i) => i.id));
    expect(p1.before).toBeNull();
    expect(p1.after).toBe('obj_0009');
    const p3 = paginate(all, { limit: 10, order: 'asc', after: 'obj_0019' });
    expect(ids(p3)).toEqual(all.slice(20).map((i) => i.id));
    expect(p3.after).toBeNull();
    expect(p3.before).toBe('obj_0020');
  });

  it('before returns the page immediately preceding the cursor, not the first page', () => {
    const back = paginate(all, { limit: 5, order: 'asc', before: 'obj_0020' });
    expect(ids(back)).toEqual(['obj_0015', 'obj_0016', 'obj_0017', 'obj_0018', 'obj_0019']);
    const backDesc = paginate(all, { limit: 5, order: 'desc', before: 'obj_0010' });
    expect(ids(backDesc)).toEqual(['obj_0015', 'obj_0014', 'obj_0013', 'obj_0012', 'obj_0011']);
  });

  it('desc lists newest first; after moves to older objects', () => {
    const p1 = paginate(all, { limit: 10, order: 'desc' });
    expect(ids(p1)[0]).toBe('obj_0024');
    expect(p1.after).toBe('obj_0015');
    expect(ids(paginate(all, { limit: 3, order: 'desc', after: p1.after! }))).toEqual([
      'obj_0014',
      'obj_0013',
      'obj_0012',
    ]);
  });

  it('normal lists newest first but after moves to newer and before to older objects', () => {
    const p = paginate(all, { limit: 3, order: 'normal', after: 'obj_0010' });
    expect(ids(p)).toEqual(['obj_0013', 'obj_0012', 'obj_0011']);
    const q = paginate(all, { limit: 3, order: 'normal', before: 'obj_0010' });
    expect(ids(q)).toEqual(['obj_0009', 'obj_0008', 'obj_0007']);
  });

  it('a cursor whose object is gone still has its place in the order', () => {
    const without = all.filter((i) => i.id !== 'obj_0010');
    expect(ids(paginate(without, { limit: 2, order: 'asc', after: 'obj_0010' }))).toEqual([
      'obj_0011',
      'obj_0012',
    ]);
  });

  it('following after (or before from the end) visits every object exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<Order>('asc', 'desc', 'normal'),
        (n, limit, order) => {
          const list = items(n);
          const seen: string[] = [];
          let page = paginate(list, { limit, order });
          seen.push(...ids(page));
          const forward = order === 'normal' ? 'before' : 'after';
          for (let guard = 0; page[forward] && guard < 100; guard++) {
            page = paginate(list, { limit, order, [forward]: page[forward] });
            seen.push(...ids(page));
          }
          const expected = list.map((i) => i.id);
          if (order !== 'asc') expected.reverse();
          // normal walks to older pages with `before`; every page is newest first
          expect(seen).toEqual(expected);
          // And back again from the last page with the opposite cursor.
          const backward = forward === 'after' ? 'before' : 'after';
          const pages: string[][] = [ids(page)];
          for (let guard = 0; page[backward] && guard < 100; guard++) {
            page = paginate(list, { limit, order, [backward]: page[backward] });
            pages.unshift(ids(page));
          }
          expect(pages.flat()).toEqual(expected);
        },
      ),
    );
  });
});
