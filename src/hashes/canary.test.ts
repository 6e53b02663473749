import { describe, expect, it } from 'vitest';
import { checkCredentials } from './canary.js';
import { classifyHash } from './registry.js';

const bcrypt = '$2b$04$VVkddvqXy/IlfycTvcFlv.Fsgi7R1/3Kbwqya59uAc/a7uWHlUCBe'; // "password"
const sha1PasswordSalt = '4f21aed55142d0606c34235c647176d82c9389a3'; // sha1("密码" ‖ "Xy7$kQ2p")
const ssha = '{SSHA}6OWN7/hJrJls+D+a3qhdp0z/yn2YaJwB'; // "password"

describe('checkCredentials', () => {
  it('reports pass/fail per user and per family without echoing passwords', async () => {
    const report = await checkCredentials([
      { email: 'a@example.com', password: 'password', classification: classifyHash({ hash: bcrypt }) },
      { email: 'b@example.com', password: 'Password1', classification: classifyHash({ hash: bcrypt }) },
      {
        email: 'c@example.com',
        password: '密码',
        classification: classifyHash({ hash: sha1PasswordSalt, params: { salt: 'Xy7$kQ2p' } }),
      },
      {
        email: 'd@example.com',
        password: 'hunter2-secret',
        classification: classifyHash({ hash: 'md5$LEOhj2DFBULK$3b17472be2b2182a2fa860a9cca4ebda' }),
      },
    ]);
    expect(report.users.map((u) => u.outcome)).toEqual(['passed', 'failed', 'passed', 'not-importable']);
    expect(report).toMatchObject({ passed: 2, failed: 1, notImportable: 1, ok: false });
    expect(report.families).toEqual([
      { family: 'bcrypt ($2b$)', passed: 1, failed: 1, notImportable: 0 },
      { family: 'Django md5', passed: 0, failed: 0, notImportable: 1 },
      { family: 'hex SHA-1 with salt column', passed: 1, failed: 0, notImportable: 0 },
    ]);
    expect(report.users[3]).toMatchObject({ reason: 'unsupported_digest' });
    const text = JSON.stringify(report);
    for (const secret of ['Password1', '密码', 'hunter2-secret', bcrypt, sha1PasswordSalt]) {
      expect(text).not.toContain(secret);
    }
  });

  it('catches a wrong project parameter for a whole family (salt order)', async () => {
    // sha1(salt ‖ password) wrongly declared as password ‖ salt: converts, but the canary fails it.
    const saltFirst = '920538d152bd113d71399c361b0a5855aae40d96';
    const classification = classifyHash({
      hash: saltFirst,
      params: { salt: 'Xy7$kQ2p', saltOrder: 'password-salt' },
    });
    expect(classification.importable).toBe(true);
    const report = await checkCredentials([
      { email: 'e@example.com', password: 'password', classification },
      { email: 'f@example.com', password: 'password', classification: classifyHash({ hash: ssha }) },
    ]);
    expect(report.ok).toBe(false);
    expect(report.families.find((f) => f.family === 'hex SHA-1 with salt column')).toMatchObject({
      failed: 1,
    });
    expect(report.users[1]!.outcome).toBe('passed');
  });

  it('is ok for an empty list', async () => {
    expect(await checkCredentials([])).toMatchObject({ users: [], families: [], ok: true });
  });
});
