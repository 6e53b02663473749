/**
 * A bounded FIFO between the source reader and the workers: `push` waits while it is full, which
 * is what makes the source be read only as fast as WorkOS accepts users (memory stays flat).
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private closed = false;
  private pushWaiters: Array<() => void> = [];
  private popWaiters: Array<(v: T | undefined) => void> = [];

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((r) => this.pushWaiters.push(r));
    }
    if (this.closed) return;
    const waiter = this.popWaiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  /** Next item, or undefined once closed and drained. */
  async pop(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.pushWaiters.shift()?.();
      return item;
    }
    if (this.closed) return undefined;
    return new Promise((r) => this.popWaiters.push(r));
  }

  /** No more pushes; waiting workers finish once the queue drains. */
  close(): void {
    this.closed = true;
    for (const w of this.popWaiters.splice(0)) w(undefined);
    for (const w of this.pushWaiters.splice(0)) w();
  }

  /** Drops what is queued (interrupt): those rows stay as they are in the journal. */
  clear(): void {
    this.items = [];
    for (const w of this.pushWaiters.splice(0)) w();
  }

  get size(): number {
    return this.items.length;
  }
}
