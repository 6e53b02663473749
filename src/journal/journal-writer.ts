import type { Journal, RowResult } from './journal.js';

/**
 * Batches journal writes. In-flight marks issued in the same tick share one transaction and the
 * caller waits for it (a create must never leave before its mark is durable); results are
 * buffered and flushed by size or age (a crash before the flush leaves the row in_flight, which
 * start-up resolves by lookup, so losing a buffered result costs a read, never a duplicate).
 */
export class JournalWriter {
  private marks: string[] = [];
  private markWaiters: Array<() => void> = [];
  private markScheduled = false;
  private results: RowResult[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly journal: Journal,
    private readonly sourceId: number,
    private readonly runId: number,
    private readonly maxBuffered = 200,
    private readonly maxAgeMs = 250,
  ) {}

  markInFlight(key: string): Promise<void> {
    this.marks.push(key);
    return new Promise((resolve) => {
      this.markWaiters.push(resolve);
      if (!this.markScheduled) {
        this.markScheduled = true;
        setImmediate(() => this.flushMarks());
      }
    });
  }

  private flushMarks(): void {
    this.markScheduled = false;
    const rows = this.marks;
    const waiters = this.markWaiters;
    this.marks = [];
    this.markWaiters = [];
    if (rows.length > 0) this.journal.markInFlight(this.sourceId, this.runId, rows);
    for (const w of waiters) w();
  }

  record(result: RowResult): void {
    this.results.push(result);
    if (this.results.length >= this.maxBuffered) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.maxAgeMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.marks.length > 0) this.flushMarks();
    if (this.results.length === 0) return;
    const batch = this.results;
    this.results = [];
    this.journal.recordResults(this.sourceId, this.runId, batch);
  }
}
