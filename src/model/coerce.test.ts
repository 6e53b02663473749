import { describe, expect, it } from 'vitest';
import { coerceBoolean, coerceMetadata, coerceText } from './coerce.js';

describe('coerceBoolean', () => {
  it.each([
    [true, true],
    ['true', true],
    ['1', true],
    ['yes', true],
    [' YES ', true],
    [1, true],
    [false, false],
    ['false', false],
    ['0', false],
    ['no', false],
    [0, false],
  ])('%j → %j', (input, expected) => {
    expect(coerceBoolean(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['maybe', 2, {}, ['true']])('rejects %j with a reason', (input) => {
    const result = coerceBoolean(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/expected true\/false/);
  });

  it('treats empty and null as absent', () => {
    expect(coerceBoolean('')).toEqual({ ok: true, value: undefined });
    expect(coerceBoolean(null)).toEqual({ ok: true, value: undefined });
  });
});

describe('coerceText', () => {
  it('accepts text, and numbers only where allowed', () => {
    expect(coerceText('a')).toEqual({ ok: true, value: 'a' });
    expect(coerceText(42, true)).toEqual({ ok: true, value: '42' });
    expect(coerceText(42).ok).toBe(false);
    expect(coerceText({ a: 1 }, true)).toEqual({ ok: false, reason: 'expected text, found an object' });
  });
});

describe('coerceMetadata', () => {
  it('keeps scalars as strings, parses JSON text, drops nulls', () => {
    expect(coerceMetadata({ plan: 'pro', seats: 3, vip: true, gone: null })).toEqual({
      ok: true,
      value: { plan: 'pro', seats: '3', vip: 'true' },
    });
    expect(coerceMetadata('{"plan":"pro"}')).toEqual({ ok: true, value: { plan: 'pro' } });
  });

  it('rejects nested values and non-objects', () => {
    expect(coerceMetadata({ a: { b: 1 } }).ok).toBe(false);
    expect(coerceMetadata('plan=pro').ok).toBe(false);
    expect(coerceMetadata([1]).ok).toBe(false);
  });
});
