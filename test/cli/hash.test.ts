/** Runs the built CLI (`npm run build` first; `npm test` does it). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[], stdin = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', 'hash', ...args], {
    cwd: root,
    input: stdin,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bcrypt2y = '$2y$04$LDI0//yhqwJarER36Emsj.r9OPPr6kwvxhNq2ULw5QGmjkvSUO0Pa'; // "密码"
const firebase = {
  hash: 'UTSaK/gouVw1a2VCaFGfDg/wfUaOyrwtdXJH4fGmo13SIALdabG3BBQdA78T2IYpOGnUca06pk0+9/wQFC0hBg==',
  salt: 'x24ju9AEWvl3pA==',
  signerKey: 'otSpF8zIQJtnIlJ7qKcKxbT7P4rJjTC8IUivozIXoeEss0rEt1enA7AqmXeg4T69uGjRB6Zc7JYqn7I7xcqm0g==',
};
const firebaseArgs = [
  firebase.hash,
  '--from',
  'firebase',
  '--salt',
  firebase.salt,
  '--firebase-signer-key',
  firebase.signerKey,
  '--firebase-salt-separator',
  'Bw==',
  '--firebase-rounds',
  '8',
  '--firebase-mem-cost',
  '14',
];

describe('workos-migrator hash convert', () => {
  it('prints the WorkOS-form hash alone on stdout', () => {
    const r = cli(['convert', bcrypt2y]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`$2b$${bcrypt2y.slice(4)}\n`);
    expect(r.stderr).toContain('rewritten to $2b$');
  });

  it('--json gives {importable, type, workosHash, reason, detail} and exit 1 when not importable', () => {
    const hash = 'pbkdf2:sha256:260000$xziwaGEh3UtrGWWj$3cfae8530c049d9472d4a24c3d3d6f1a';
    const r = cli(['convert', hash, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      importable: false,
      type: null,
      workosHash: null,
      reason: 'parameters_out_of_range',
    });
    expect(out.detail).toBe('260,000 iterations; WorkOS needs 600,000–1,000,000 for sha256');
    expect(r.stdout).not.toContain('xziwaGEh3UtrGWWj');
  });

  it('takes Firebase project parameters as options', () => {
    const r = cli(['convert', ...firebaseArgs, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      importable: true,
      type: 'firebase-scrypt',
      workosHash: `$firebase-scrypt$hash=${firebase.hash}$salt=${firebase.salt}$sk=${firebase.signerKey}$ss=Bw==$r=8$m=14`,
    });
  });

  it('takes any other parameter with --param key=value', () => {
    const hex = '920538d152bd113d71399c361b0a5855aae40d96';
    const r = cli(['convert', hex, '--salt', 'Xy7$kQ2p', '--param', 'saltOrder=salt-password']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('not importable (wrong_salt_order)');
    expect(cli(['convert', hex, '--param', 'nonsense']).code).toBe(2);
  });
});

describe('workos-migrator hash inspect', () => {
  it('shows format, parameters and the importable verdict', () => {
    const r = cli([
      'inspect',
      '$argon2id$v=19$m=4096,p=1,t=2$Qp5u2peS7recHf+F+f2HLw$1a57woCQmuTan8LzMkNgT49Bm5D2Iw5a6ZbukubEoD8',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('importable:  yes, as argon2');
    expect(r.stdout).toContain('m=4096, t=2, p=1');
  });

  it('says why not, with exit 1', () => {
    const r = cli(['inspect', '{noop}password', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ importable: false, reason: 'plaintext' });
    expect(cli(['inspect', 'definitely not a hash']).stdout).toContain('unknown_format');
  });

  it('never prints the Firebase signer key', () => {
    const r = cli(['inspect', ...firebaseArgs]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rounds=8, memCost=14');
    expect(r.stdout).not.toContain(firebase.signerKey.slice(0, 20));
  });
});

describe('workos-migrator hash convert on a damaged hash', () => {
  // A fuzz-found input: it made `hash convert` exit 1 with a bare TypeError.
  const passlib = '$pbkdf2-sha256$29000$EwIAgJAypjSGEKJUSgmB0A$HUMXCh.GG0d.F54ZzkhJA4ApDtrcR/XLiQWV8mNouUk';
  const odd = `${passlib.slice(0, 40)}\n${passlib.slice(40)}`;

  it('says not importable (malformed), names the format, and exits 1', () => {
    const r = cli(['convert', odd, '--from', 'ssha']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^not importable \(malformed\): /);
    expect(r.stderr).not.toContain('TypeError');
    expect(r.stderr).not.toContain(passlib.slice(20, 40));
    const json = cli(['convert', odd, '--from', 'ssha', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      importable: false,
      reason: 'malformed',
      sourceFormat: 'passlib $pbkdf2-sha256$',
    });
  });
});

describe('workos-migrator hash verify', () => {
  it('reads the password from stdin: exit 0 on match, 1 on mismatch', () => {
    expect(cli(['verify', bcrypt2y], '密码\n').code).toBe(0);
    const wrong = cli(['verify', bcrypt2y], '密马\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('no match');
    expect(wrong.stdout + wrong.stderr).not.toContain('密马');
  });

  it('verifies source formats after converting them (Firebase with project options)', () => {
    expect(cli(['verify', ...firebaseArgs], 'a').code).toBe(0);
    expect(cli(['verify', ...firebaseArgs], 'b').code).toBe(1);
  });

  it('has no way to pass the password on the command line', () => {
    const r = cli(['verify', bcrypt2y, '--password', '密码']);
    expect(r.code).toBe(2);
  });
});
