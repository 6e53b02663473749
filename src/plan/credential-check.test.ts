import { describe, expect, it } from 'vitest';
import type { HashClassification } from '../hashes/types.js';
import { CredentialCollector } from './credential-check.js';
import type { PlannedUser } from './types.js';

const bcrypt: HashClassification = {
  importable: true,
  type: 'bcrypt',
  workosHash: '$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234',
  sourceFormat: 'bcrypt ($2b$)',
  notes: [],
};
const planned = (row: number, email: string, hash?: HashClassification): PlannedUser => ({
  user: { row, location: `row ${row}`, email },
  lane: hash ? 'import-hash' : 'reset',
  ...(hash && { hash }),
  problems: [],
});

describe('CredentialCollector', () => {
  it('keeps only the listed users, matching emails case-insensitively, with their classification', () => {
    const c = new CredentialCollector([
      { line: 2, email: 'Ann@Example.com', password: 'pw-ann' },
      { line: 3, email: 'nobody@example.com', password: 'pw-x' },
      { line: 4, email: 'bo@example.com', password: 'pw-bo' },
    ]);
    c.add(planned(1, 'ann@example.com', bcrypt));
    c.add(planned(2, 'other@example.com', bcrypt));
    c.add(planned(3, 'bo@example.com'));
    expect(c.entries()).toEqual([
      { email: 'ann@example.com', password: 'pw-ann', classification: bcrypt },
      {
        email: 'bo@example.com',
        password: 'pw-bo',
        classification: expect.objectContaining({ importable: false, reason: 'no_hash_exported' }),
      },
    ]);
    expect(c.unknownEmails()).toEqual(['nobody@example.com']);
  });

  it('checks every row sharing a listed email (a case-variant duplicate pair)', () => {
    const c = new CredentialCollector([{ line: 2, email: 'ann@example.com', password: 'pw' }]);
    c.add(planned(1, 'Ann@example.com', bcrypt));
    c.add(planned(2, 'ann@example.com', bcrypt));
    expect(c.entries().map((e) => e.email)).toEqual(['Ann@example.com', 'ann@example.com']);
    expect(c.unknownEmails()).toEqual([]);
  });
});
