// I/O edge of assess: every problem of a long run kept on disk instead of in memory, read back in row order.
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Problem } from '../model/user.js';

const FLUSH_AT = 1 << 16;

/**
 * Problems arrive almost in row order; the exceptions (the first row of a duplicate pair, flagged
 * when its twin appears) are few and stay in memory. `add` is synchronous because the planner is:
 * lines are batched and written with writeSync to a private temp directory (mode 0700).
 */
export class ProblemSpill {
  private readonly dir = mkdtempSync(join(tmpdir(), 'workos-migrator-problems-'));
  private readonly file = join(this.dir, 'problems.ndjson');
  private fd: number | undefined = openSync(this.file, 'w', 0o600);
  private pending = '';
  private lastRow = -Infinity;
  private readonly late: Problem[] = [];
  count = 0;

  add = (problem: Problem): void => {
    this.count += 1;
    if (problem.row < this.lastRow) {
      this.late.push(problem);
      return;
    }
    this.lastRow = problem.row;
    this.pending += `${JSON.stringify(problem)}\n`;
    if (this.pending.length >= FLUSH_AT) this.flush();
  };

  /** Every problem, sorted by row; ties keep arrival order (as a stable sort of all of them would). */
  async *sorted(): AsyncGenerator<Problem> {
    this.close();
    const late = [...this.late].sort((a, b) => a.row - b.row);
    let next = 0;
    const lines = createInterface({ input: createReadStream(this.file), crlfDelay: Infinity });
    for await (const line of lines) {
      const p = JSON.parse(line) as Problem;
      while (next < late.length && late[next]!.row < p.row) yield late[next++]!;
      yield p;
    }
    while (next < late.length) yield late[next++]!;
  }

  dispose(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.fd !== undefined && this.pending !== '') writeSync(this.fd, this.pending);
    this.pending = '';
  }

  private close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
