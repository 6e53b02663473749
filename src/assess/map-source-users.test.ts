import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceError } from '../sources/index.js';
import { mapSourceUsers, type MappedUser } from './map-source-users.js';
import { planSource } from './plan-source.js';

const dir = mkdtempSync(join(tmpdir(), 'map-source-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = join(dir, 'users.ndjson');
writeFileSync(
  source,
  [
    '{"id":"1","mail":"  Ann@X.io ","password":"$2b$10$abcdefghijklmnopqrstuuJ8j7G6o0Cyq3w1vJvH1mY3cWzK2bE6a","algo":"blowfish"}',
    '{"id":"2","mail":"bob@x.io","provider":"google-oauth2"}',
    '{"id":"3","mail":"ann@x.io","verified":"maybe"}',
    'not json',
    '{"id":"4","mail":"carol@x.io"}',
  ].join('\n'),
);
const map = join(dir, 'map.yaml');
writeFileSync(
  map,
  'fields:\n  email: mail\n  localId: id\n  passwordHash: password\n  passwordAlgorithm: algo\n  oauthProvider: provider\n  emailVerified: verified\n',
);

describe('mapSourceUsers', () => {
  it('streams mapped, normalised users with their own problems, and reports unreadable records', async () => {
    const users: MappedUser[] = [];
    const unreadable: SourceError[] = [];
    await mapSourceUsers({ source, map, onUnreadable: (e) => unreadable.push(e) }, (m) => {
      users.push(m);
    });
    expect(users.map((m) => m.user.email)).toEqual(['Ann@X.io', 'bob@x.io', 'ann@x.io', 'carol@x.io']);
    expect(users[1]!.user.oauthProvider).toBe('Google');
    expect(users[0]!.problems.map((p) => p.code)).toEqual(['email_whitespace', 'algorithm_name']);
    expect(users[2]!.problems.map((p) => p.code)).toEqual(['invalid_boolean']);
    // Duplicates are the planner's business, not the per-record stream's.
    expect(users.flatMap((m) => m.problems).some((p) => p.code.startsWith('duplicate'))).toBe(false);
    expect(unreadable).toMatchObject([{ row: 4, location: 'line 4', code: 'invalid_json' }]);
    expect(users.map((m) => m.user.row)).toEqual([1, 2, 3, 5]);
  });

  it('hands planSource exactly the users it streams (one path, so the send pass cannot drift)', async () => {
    const streamed: unknown[] = [];
    await mapSourceUsers({ source, map }, async ({ user }) => {
      streamed.push(user);
    });
    const planned: unknown[] = [];
    const report = await planSource({ source, map }, (p) => {
      planned.push(p.user);
    });
    expect(planned).toEqual(streamed);
    expect(report.unreadable).toBe(1);
    expect(report.problemCounts).toMatchObject({ duplicate_email_case: 2, invalid_json: 1 });
  });

  it('fails clearly on a missing mapping file before reading the source', async () => {
    await expect(mapSourceUsers({ source, map: join(dir, 'nope.yaml') }, () => undefined)).rejects.toThrow(
      /cannot read mapping file .*nope\.yaml: ENOENT/,
    );
  });
});
