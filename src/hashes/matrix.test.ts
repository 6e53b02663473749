import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrixRows, renderSupportMatrix, spliceMatrix } from './matrix.js';
import { HASH_PARAMS, REASON_CODES, WORKOS_HASH_TYPES } from './types.js';

describe('support matrix', () => {
  it('README.md carries exactly the matrix generated from the registry (run scripts/hash-matrix.ts)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(spliceMatrix(readme, renderSupportMatrix())).toBe(readme);
  });

  it('names only WorkOS types and closed-set reason codes in its result column', () => {
    const allowed = new Set<string>([...WORKOS_HASH_TYPES, ...REASON_CODES]);
    for (const row of matrixRows()) {
      for (const part of row.result.split(' / ')) expect(allowed, `${row.source}: ${part}`).toContain(part);
    }
  });

  it('mentions every WorkOS type and every reason code except the catch-alls', () => {
    const results = new Set(matrixRows().flatMap((r) => r.result.split(' / ')));
    for (const t of WORKOS_HASH_TYPES) expect(results).toContain(t);
    for (const r of REASON_CODES.filter((c) => c !== 'malformed' && c !== 'unknown_format'))
      expect(results).toContain(r);
  });

  it('splices between the markers only', () => {
    const doc = 'intro\n<!-- hash-matrix:start -->\nold\n<!-- hash-matrix:end -->\noutro\n';
    expect(spliceMatrix(doc, 'NEW')).toBe(
      'intro\n<!-- hash-matrix:start -->\nNEW\n<!-- hash-matrix:end -->\noutro\n',
    );
    expect(() => spliceMatrix('no markers', 'x')).toThrow(/markers/);
  });

  it('documents every parameter key a scheme reads', () => {
    const dir = new URL('./schemes/', import.meta.url);
    const read = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const m of text.matchAll(/params\.([A-Za-z0-9]+)/g)) read.add(m[1]!);
      for (const m of text.matchAll(/'(firebase[A-Za-z]+|salt)'/g)) read.add(m[1]!);
    }
    expect(read.size).toBeGreaterThan(10);
    for (const key of read) expect(Object.keys(HASH_PARAMS), key).toContain(key);
  });
});
