import { listValidationError, type ApiError } from './errors.js';

export type Order = 'asc' | 'desc' | 'normal';

export interface PageQuery {
  limit: number;
  before?: string;
  after?: string;
  order: Order;
}

export interface Page<T> {
  data: T[];
  before: string | null;
  after: string | null;
}

/**
 * Reads `limit`, `before`, `after`, `order` from a query. Out-of-range values are rejected, not
 * clamped (docs/workos-contract.md#pagination-semantics): a client that asks for 500 per page has a bug worth seeing.
 */
export function parsePageQuery(
  query: Record<string, string | undefined>,
  makeError: (message: string) => ApiError = listValidationError,
): PageQuery {
  const rawLimit = query.limit;
  let limit = 10;
  if (rawLimit !== undefined && rawLimit !== '') {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > 100) {
      throw makeError(`limit must be an integer between 1 and 100; got '${rawLimit}'.`);
    }
    limit = Number(rawLimit);
  }
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc' && order !== 'normal') {
    throw makeError(`order must be one of asc, desc, normal; got '${order}'.`);
  }
  if (query.before && query.after) throw makeError('Pass either before or after, not both.');
  return {
    limit,
    order,
    ...(query.before ? { before: query.before } : {}),
    ...(query.after ? { after: query.after } : {}),
  };
}

/**
 * One page of `items` (already sorted by id ascending, i.e. oldest first).
 *
 * Cursors are compared as ids, not looked up, so a cursor whose object was deleted still has a
 * place in the order. `before` returns the page immediately preceding the cursor in the listing's
 * own order (docs/workos-contract.md#pagination-semantics). `normal` lists newest first, but `after` moves to newer objects and `before` to
 * older ones (the spec's semantics, same section).
 */
export function paginate<T extends { id: string }>(items: readonly T[], q: PageQuery): Page<T> {
  const ascending = q.order === 'asc';
  // In asc and desc, "after" walks in display order; in normal it walks towards newer ids.
  const afterMeansNewer = q.order !== 'desc';
  let from: number;
  let to: number;

  const cursor = q.after ?? q.before;
  if (cursor === undefined) {
    // No cursor: the start of the listing in its display order.
    [from, to] = ascending
      ? [0, Math.min(q.limit, items.length)]
      : [Math.max(0, items.length - q.limit), items.length];
  } else {
    const towardsNewer = q.after !== undefined ? afterMeansNewer : !afterMeansNewer;
    if (towardsNewer) {
      from = firstIndexAbove(items, cursor);
      to = Math.min(items.length, from + q.limit);
    } else {
      to = firstIndexAtOrAbove(items, cursor);
      from = Math.max(0, to - q.limit);
    }
  }
  const selected = items.slice(from, to);
  const olderRemain = from > 0;
  const newerRemain = to < items.length;

  const oldest = selected[0]?.id ?? null;
  const newest = selected[selected.length - 1]?.id ?? null;
  const data = ascending ? selected : [...selected].reverse();
  if (afterMeansNewer) {
    return {
      data,
      after: newerRemain ? newest : null,
      before: olderRemain ? oldest : null,
    };
  }
  return { data, after: olderRemain ? oldest : null, before: newerRemain ? newest : null };
}

/** Index of the first item whose id is greater than `id` (items sorted ascending). */
function firstIndexAbove(items: readonly { id: string }[], id: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as { id: string }).id > id) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function firstIndexAtOrAbove(items: readonly { id: string }[], id: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as { id: string }).id >= id) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function listBody<T>(page: Page<T>, format: (item: T) => unknown): Record<string, unknown> {
  return {
    object: 'list',
    data: page.data.map(format),
    list_metadata: { before: page.before, after: page.after },
  };
}
