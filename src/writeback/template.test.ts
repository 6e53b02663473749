import { describe, expect, it } from 'vitest';
import { mysqlConnectionParts } from '../dualwrite/mysql-options.js';
import { columnWriteBack, compileWriteBack, inlineStatement, quoteIdentifier } from './template.js';

const UPDATE = 'UPDATE users SET workos_user_id = :workos_id WHERE id = :local_id';

describe('write-back statements', () => {
  it.each([
    ['postgres', 'UPDATE users SET workos_user_id = $1 WHERE id = $2'],
    ['mysql', 'UPDATE users SET workos_user_id = ? WHERE id = ?'],
    ['sqlite', 'UPDATE users SET workos_user_id = ? WHERE id = ?'],
  ] as const)('named parameters become %s placeholders', (dialect, sql) => {
    expect(compileWriteBack(`${UPDATE};`, dialect)).toMatchObject({ sql, params: ['workos_id', 'local_id'] });
  });

  it('leaves strings, quoted names, comments and casts alone', () => {
    const s = compileWriteBack(
      `UPDATE "my:table" SET note = 'at :email', id2 = :local_id::text -- :nope\n, w = :workos_id /* :x */ WHERE e = :email`,
      'postgres',
    );
    expect(s.params).toEqual(['local_id', 'workos_id', 'email']);
    expect(s.sql).toBe(
      `UPDATE "my:table" SET note = 'at :email', id2 = $1::text -- :nope\n, w = $2 /* :x */ WHERE e = $3`,
    );
    // MySQL's backslash escapes and backtick names.
    const m = compileWriteBack(
      "UPDATE `a:b` SET n = 'it\\'s :email', w = :workos_id WHERE id = :local_id",
      'mysql',
    );
    expect(m.params).toEqual(['workos_id', 'local_id']);
  });

  it.each([
    ['UPDATE users SET workos_user_id = :workos_id WHERE id = :user_id', /:user_id/],
    ['UPDATE users SET workos_user_id = ? WHERE id = :local_id', /positional/],
    ['UPDATE users SET workos_user_id = $1 WHERE id = :local_id', /positional/],
    ['UPDATE users SET x = 1 WHERE id = :local_id', /must store :workos_id/],
    ['UPDATE users SET workos_user_id = :workos_id', /must find the row/],
    [`${UPDATE}; DROP TABLE users`, /one statement/],
    ["UPDATE users SET n = 'open WHERE id = :local_id AND w = :workos_id", /unclosed '/],
  ])('refuses %s', (sql, message) => {
    expect(() => compileWriteBack(sql, 'postgres')).toThrow(message);
  });

  it('builds the column shorthand with the dialect quoting and the key column', () => {
    expect(columnWriteBack('users.workos_user_id', undefined, 'postgres')).toBe(
      'UPDATE "users" SET "workos_user_id" = :workos_id WHERE "id" = :local_id',
    );
    expect(columnWriteBack('app.users.workos_id', 'user_id', 'mysql')).toBe(
      'UPDATE `app`.`users` SET `workos_id` = :workos_id WHERE `user_id` = :local_id',
    );
    expect(quoteIdentifier('we"ird', 'sqlite')).toBe('"we""ird"');
    expect(quoteIdentifier('we`ird', 'mysql')).toBe('`we``ird`');
    for (const bad of ['users', 'users.', '.col', 'a.b.c.d'])
      expect(() => columnWriteBack(bad, 'id', 'postgres')).toThrow(/table\.column/);
  });

  it('inlines only values every escaping mode reads the same way', () => {
    const s = compileWriteBack(UPDATE, 'mysql');
    expect(inlineStatement(s, { workos_id: 'user_01', local_id: "o'brien", email: null })).toBe(
      "UPDATE users SET workos_user_id = 'user_01' WHERE id = 'o''brien'",
    );
    expect(inlineStatement(s, { workos_id: 'user_01', local_id: 'a\\b', email: null })).toBeUndefined();
    expect(inlineStatement(s, { workos_id: 'user_01', local_id: 'a\0b', email: null })).toBeUndefined();
  });
});

describe('MySQL connection parts from the environment', () => {
  const env = {
    MYSQL_HOST: 'db',
    MYSQL_TCP_PORT: '3307',
    MYSQL_USER: 'app',
    MYSQL_PWD: 'pw',
    MYSQL_DATABASE: 'prod',
  };
  it('fills only what the URL leaves out', () => {
    expect(mysqlConnectionParts('mysql:///', env)).toEqual({
      uri: 'mysql:///',
      host: 'db',
      port: 3307,
      user: 'app',
      password: 'pw',
      database: 'prod',
    });
    expect(mysqlConnectionParts('mariadb://root:x@127.0.0.1:3306/test', env)).toEqual({
      uri: 'mysql://root:x@127.0.0.1:3306/test',
    });
  });
});
