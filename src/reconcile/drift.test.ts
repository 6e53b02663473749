import { describe, expect, it } from 'vitest';
import { chooseReadStrategy, compareUser, fixFor } from './drift.js';

describe('drift', () => {
  it('compares emails case-insensitively, empty and missing names alike, email_verified only when the source has it', () => {
    expect(
      compareUser(
        { email: 'Ada@Example.com', firstName: '' },
        { email: 'ada@example.com', firstName: null, emailVerified: true },
      ),
    ).toEqual([]);
    expect(
      compareUser(
        { email: 'a@x.io', lastName: 'L', emailVerified: false },
        { email: 'b@x.io', lastName: 'M', emailVerified: true },
      ),
    ).toEqual([
      { field: 'email', source: 'a@x.io', workos: 'b@x.io' },
      { field: 'last_name', source: 'L', workos: 'M' },
      { field: 'email_verified', source: false, workos: true },
    ]);
  });

  it('fixes only the drifted fields, and keeps a verified email verified across an email change', () => {
    const source = { email: 'a@x.io', firstName: 'A', lastName: 'B', emailVerified: true };
    expect(fixFor(source, [{ field: 'first_name', source: 'A', workos: 'Z' }])).toEqual({ firstName: 'A' });
    expect(fixFor(source, [{ field: 'email', source: 'a@x.io', workos: 'b@x.io' }])).toEqual({
      email: 'a@x.io',
      emailVerified: true,
    });
  });

  it('reads per user while they fit in one read window, else lists', () => {
    expect(chooseReadStrategy(800, 800, 10_000).kind).toBe('per-user');
    const list = chooseReadStrategy(5000, 800, 10_000);
    expect(list.kind).toBe('listing');
    expect(list.why).toContain('at least 50 reads');
  });
});
