import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../model/user.js';
import { ProblemSpill } from './problem-spill.js';

const problem = (row: number, code: string): Problem => ({
  row,
  field: 'email',
  code,
  message: `${code} at row ${row} ${'x'.repeat(200)}`,
  severity: 'blocking',
});

describe('ProblemSpill', () => {
  it('reads every problem back in row order, ties in arrival order, like a stable sort of all', async () => {
    const spill = new ProblemSpill();
    const arrived: Problem[] = [];
    // Mostly in order, with revisions of earlier rows arriving late (duplicate pairs), across flushes.
    for (let row = 1; row <= 3000; row++) {
      arrived.push(problem(row, 'invalid_email'));
      if (row % 2 === 0) arrived.push(problem(row, 'control_character'));
      if (row % 100 === 0)
        arrived.push(problem(row - 50, 'duplicate_email'), problem(row - 50, 'duplicate_local_id'));
    }
    arrived.push(problem(0, 'empty_source'));
    for (const p of arrived) spill.add(p);
    const read: Problem[] = [];
    for await (const p of spill.sorted()) read.push(p);
    expect(read).toEqual([...arrived].sort((a, b) => a.row - b.row));
    expect(spill.count).toBe(arrived.length);
    spill.dispose();
    spill.dispose();
  });

  it('keeps its file in a private temp directory and removes it on dispose', async () => {
    const spill = new ProblemSpill();
    spill.add(problem(1, 'invalid_email'));
    const dir = (spill as unknown as { dir: string }).dir;
    expect(existsSync(dir)).toBe(true);
    spill.dispose();
    expect(existsSync(dir)).toBe(false);
  });
});
