import { describe, expect, it } from 'vitest';
import { FaultInjector, pathMatches, validateFaultRule } from './faults.js';

describe('pathMatches', () => {
  it.each([
    ['/user_management/users', '/user_management/users', true],
    ['/user_management/users/*', '/user_management/users/user_1', true],
    ['/user_management/users/*', '/user_management/users', false],
    ['/user_management/**', '/user_management/users/user_1/identities', true],
    ['/user_management/users/*', '/user_management/users/u/identities', false],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

describe('FaultInjector', () => {
  it('"next N" fires exactly N times, then never', () => {
    const f = new FaultInjector();
    f.add({ path: '/x', kind: '5xx', count: 2 });
    expect([1, 2, 3, 4].map(() => f.decide('GET', '/x').length)).toEqual([1, 1, 0, 0]);
  });
  it('probability uses the random source and filters by method', () => {
    const rolls = [0.1, 0.9];
    const f = new FaultInjector(() => rolls.shift() ?? 1);
    f.add({ method: 'post', path: '/x', kind: 'reset', probability: 0.5 });
    expect(f.decide('GET', '/x')).toHaveLength(0);
    expect(f.decide('POST', '/x')).toHaveLength(1);
    expect(f.decide('POST', '/x')).toHaveLength(0);
  });
  it('rejects rules that make no sense, naming the field', () => {
    expect(() => validateFaultRule({ path: 'users', kind: 'boom' })).toThrow(/'path'.*'kind'/);
    expect(() => validateFaultRule({ path: '/x', kind: '5xx', status: 404 })).toThrow(/'status'/);
    expect(() => validateFaultRule({ path: '/x', kind: 'rate_limit', retryAfter: 0.5 })).toThrow(
      /'retryAfter'/,
    );
    expect(() => validateFaultRule({ path: '/x', kind: 'rate_limit', retryAfter: -1 })).toThrow(
      /'retryAfter'/,
    );
    expect(validateFaultRule({ path: '/x', kind: 'rate_limit', retryAfter: 2, probability: 0.01 })).toEqual({
      path: '/x',
      kind: 'rate_limit',
      retryAfter: 2,
      probability: 0.01,
    });
  });
});
