import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset wordpress on wp_users + wp_usermeta, hashed the way WordPress does', () => {
  const source = `sqlite:${join(fixtureDir('wordpress'), 'app.db')}`;

  it('phpass and $wp$ bcrypt need a reset, a plugin bcrypt imports; names come from wp_usermeta', async () => {
    const run = await runPreset('wordpress', source);
    expect(run.lanes).toEqual({
      'admin@example.com': 'reset/unsupported_scheme',
      'editor@example.com': 'reset/prehashed',
      'plugin@example.com': 'import-hash/bcrypt',
    });
    expect(run.passed).toEqual(['plugin@example.com']);
    expect(run.notImportable).toEqual(['admin@example.com', 'editor@example.com']);
    expect(userByEmail(run, 'admin@example.com')).toMatchObject({
      firstName: 'Matt',
      lastName: 'Mullenweg',
      metadata: { userLogin: 'admin' },
    });
  });

  it('refuses a table prefix that is not a plain name, since it goes into the query', async () => {
    await expect(runPreset('wordpress', source, { prefix: 'wp_; DROP TABLE x; --' })).rejects.toThrow(
      /--param prefix must be a plain table, schema or prefix name/,
    );
    await expect(runPreset('wordpress', source, { prefix: 'other_' })).rejects.toThrow(
      /no such table: other_users/,
    );
  });

  it('reads the same store from MariaDB, where WordPress lives, with another table prefix', async () => {
    // Other runs share the server: a database of our own, dropped afterwards.
    const name = `wm_wp_${randomBytes(6).toString('hex')}`;
    const server = await mysql.createConnection({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      multipleStatements: true,
    });
    try {
      await server.query(`CREATE DATABASE ${name}`);
      await server.query(`USE ${name}`);
      // wp-admin/includes/schema.php, with $table_prefix = 'site2_'.
      await server.query(`CREATE TABLE site2_users (ID bigint(20) unsigned NOT NULL auto_increment,
        user_login varchar(60) NOT NULL default '', user_pass varchar(255) NOT NULL default '',
        user_nicename varchar(50) NOT NULL default '', user_email varchar(100) NOT NULL default '',
        user_url varchar(100) NOT NULL default '', user_registered datetime NOT NULL default '0000-00-00 00:00:00',
        user_activation_key varchar(255) NOT NULL default '', user_status int(11) NOT NULL default '0',
        display_name varchar(250) NOT NULL default '', PRIMARY KEY (ID), KEY user_login_key (user_login),
        KEY user_nicename (user_nicename), KEY user_email (user_email)) DEFAULT CHARACTER SET utf8mb4;
      CREATE TABLE site2_usermeta (umeta_id bigint(20) unsigned NOT NULL auto_increment,
        user_id bigint(20) unsigned NOT NULL default '0', meta_key varchar(255) default NULL, meta_value longtext,
        PRIMARY KEY (umeta_id), KEY user_id (user_id), KEY meta_key(meta_key(191))) DEFAULT CHARACTER SET utf8mb4;`);
      const fixture = new Database(join(fixtureDir('wordpress'), 'app.db'), { readonly: true });
      for (const table of ['users', 'usermeta']) {
        const rows = fixture.prepare(`SELECT * FROM wp_${table}`).all() as Array<Record<string, unknown>>;
        for (const row of rows) await server.query(`INSERT INTO site2_${table} SET ?`, [row]);
      }
      fixture.close();
      const run = await runPreset('wordpress', `mysql://root@127.0.0.1:3306/${name}`, { prefix: 'site2_' });
      expect(run.lanes).toEqual({
        'admin@example.com': 'reset/unsupported_scheme',
        'editor@example.com': 'reset/prehashed',
        'plugin@example.com': 'import-hash/bcrypt',
      });
      expect(run.passed).toEqual(['plugin@example.com']);
      expect(userByEmail(run, 'editor@example.com')).toMatchObject({ firstName: 'Ed', lastName: 'Itor' });
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${name}`);
      await server.end();
    }
  });
});
