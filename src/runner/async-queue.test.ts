import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './async-queue.js';

describe('BoundedQueue', () => {
  it('makes the producer wait while full, and drains in order after close', async () => {
    const q = new BoundedQueue<number>(2);
    await q.push(1);
    await q.push(2);
    let third = false;
    const pending = q.push(3).then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(await q.pop()).toBe(1);
    await pending;
    expect(third).toBe(true);
    q.close();
    expect([await q.pop(), await q.pop(), await q.pop()]).toEqual([2, 3, undefined]);
  });
});
