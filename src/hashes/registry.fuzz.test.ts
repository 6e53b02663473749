/**
 * The registry is total: whatever the export holds in its hash, algorithm and salt columns,
 * classifyHash answers importable-as-X (a hash WorkOS accepts) or not-importable-because-Y (a
 * reason from the closed set), and never throws. Fixed seeds: a failure reproduces as printed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyHashInputArb, classificationProblem, junkHashInputArb } from '../../test/support/fuzz.js';
import { hashVector } from '../../test/support/hash-vectors.js';
import { classifyHash } from './registry.js';
import { REASON_CODES, type HashInput } from './types.js';

describe('classifyHash on damaged input', () => {
  it('a passlib $pbkdf2-sha256$ with a line break inside, declared ssha, is malformed (it threw a TypeError)', () => {
    const source = hashVector('passlib-pbkdf2_sha256-default').source_hash!;
    const hash = `${source.slice(0, 40)}\n${source.slice(40)}`;
    for (const algorithm of ['ssha', undefined]) {
      const c = classifyHash({ hash, algorithm });
      expect(c).toMatchObject({
        importable: false,
        reason: 'malformed',
        sourceFormat: 'passlib $pbkdf2-sha256$',
      });
      if (c.importable) return;
      expect(REASON_CODES).toContain(c.reason);
      expect(c.detail).not.toContain(source.slice(20, 40));
    }
  });

  it('huge parameters are refused, not carried into an "importable" hash', () => {
    const huge = '9'.repeat(400);
    const cases: HashInput[] = [
      { hash: 'c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA==', params: { scryptN: huge } },
      { hash: `scrypt:${huge}:8:1$salt$00ff00ff`, algorithm: 'werkzeug' },
      { hash: '{scrypt}$ffffffff$c2FsdA==$aGFzaA==' },
      { hash: '$scrypt$v=1$n=4294967296,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2g' },
    ];
    for (const input of cases) {
      const c = classifyHash(input);
      expect(classificationProblem(c, input), input.hash).toBeUndefined();
    }
  });

  it('the safety net: a value no scheme expects is a classification, never an exception', () => {
    const odd = [
      { hash: 42 },
      { hash: null },
      { hash: '$2b$04$x', algorithm: 7 },
      { hash: '$2b$04$x', params: 'salt' },
    ] as unknown as HashInput[];
    for (const input of odd) {
      const c = classifyHash(input);
      expect(c.importable).toBe(false);
      if (!c.importable) expect(REASON_CODES).toContain(c.reason);
    }
  });

  it('mutated vector hashes with random declared algorithms and parameters: well-formed, no throw', () => {
    fc.assert(
      fc.property(anyHashInputArb, (input) => {
        const why = classificationProblem(classifyHash(input), input);
        if (why) throw new Error(why);
      }),
      { seed: 20_261_203, numRuns: 20_000 },
    );
  });

  it('random text as hash: well-formed, no throw', () => {
    fc.assert(
      fc.property(
        junkHashInputArb,
        (input) => classificationProblem(classifyHash(input), input) === undefined,
      ),
      { seed: 7, numRuns: 5_000 },
    );
  });
});
