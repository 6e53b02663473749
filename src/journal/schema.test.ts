import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal.js';
import { SCHEMA_VERSION } from './schema.js';

describe('journal schema migrations', () => {
  it('brings a journal of the first layout forward: rows keyed by identity, duplicates apart, outcomes kept', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'schema-')), 'old.db');
    const db = new Database(path);
    // The layout before schema versions: users keyed by their position in the source.
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sources (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, description TEXT NOT NULL, query TEXT, created_at TEXT NOT NULL);
      CREATE TABLE runs (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, command TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, summary TEXT);
      CREATE TABLE users (source_id INTEGER NOT NULL, row INTEGER NOT NULL, local_id TEXT, email TEXT NOT NULL, lane TEXT NOT NULL,
        status TEXT NOT NULL, workos_id TEXT, attempts INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_message TEXT,
        request_id TEXT, run_id INTEGER, updated_at TEXT NOT NULL, PRIMARY KEY (source_id, row)) WITHOUT ROWID;
      INSERT INTO meta VALUES ('journal_id', 'j-old'), ('strategy', 'A');
      INSERT INTO sources VALUES (1, 'fp', '/data/users.json', NULL, 't');
      INSERT INTO runs VALUES (1, 1, 'import', 't', NULL, NULL);
      INSERT INTO users VALUES (1, 1, '7', 'a@x.io', 'import-hash', 'created', 'user_a', 1, NULL, NULL, NULL, 1, 't');
      INSERT INTO users VALUES (1, 2, NULL, 'B@x.io', 'reset', 'blocked', NULL, 0, 'duplicate_email_case', 'dup', NULL, NULL, 't');
      INSERT INTO users VALUES (1, 3, NULL, 'b@x.io', 'reset', 'blocked', NULL, 0, 'duplicate_email_case', 'dup', NULL, NULL, 't');
      INSERT INTO users VALUES (1, 4, NULL, '', 'blocked', 'blocked', NULL, 0, 'unreadable', 'bad', NULL, NULL, 't');
    `);
    db.close();

    const j = Journal.open(path);
    expect(j.journalId).toBe('j-old');
    expect(j.strategy).toBe('A');
    expect(j.getByKey(1, 'id:7')).toMatchObject({
      row: 1,
      status: 'created',
      workosId: 'user_a',
      origin: 'created',
      createdRun: 1,
    });
    expect(j.getByKey(1, 'email:b@x.io')).toMatchObject({ row: 2 });
    expect(j.getByKey(1, 'email:b@x.io#row:3')).toMatchObject({ row: 3 });
    expect(j.getByKey(1, 'row:4')).toMatchObject({ status: 'blocked' });
    expect(j.currentSource()?.location).toBeNull();
    j.close();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('refuses a journal written by a newer version', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'schema-')), 'new.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => Journal.open(path)).toThrow(/newer workos-migrator/);
  });
});
