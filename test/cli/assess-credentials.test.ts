import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/main.js');
const sampleUsers = join(root, 'samples/users.json');
const sampleMap = join(root, 'samples/map.yaml');
const sampleCredentials = join(root, 'samples/test-credentials.csv');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}
function run(args: string[], stdin?: string): Promise<Outcome> {
  return new Promise((done) => {
    const child = execFile('node', [cli, 'assess', ...args], { cwd: root }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

const credentialLines = readFileSync(sampleCredentials, 'utf8').trim().split('\n').slice(1);
const passwords = credentialLines.map((l) => l.slice(l.indexOf(',') + 1));
const emails = credentialLines.map((l) => l.slice(0, l.indexOf(',')));
const sample = JSON.parse(readFileSync(sampleUsers, 'utf8')) as Array<Record<string, unknown>>;

function expectNoSecret(out: Outcome): void {
  for (const pw of passwords) {
    expect(out.stdout).not.toContain(pw);
    expect(out.stderr).not.toContain(pw);
  }
  // Nor any hash: the canary reports families and outcomes only.
  for (const u of sample)
    if (typeof u.passwordHash === 'string') expect(out.stdout).not.toContain(u.passwordHash);
}

/** The listed users only: a source without blocking problems, so the exit code is the canary's. */
function cleanSource(): string {
  const wanted = new Set(emails);
  const file = join(mkdtempSync(join(tmpdir(), 'assess-cred-')), 'users.json');
  writeFileSync(file, JSON.stringify(sample.filter((u) => wanted.has(u.email as string))));
  return file;
}

interface CredentialJson {
  passed: number;
  failed: number;
  notImportable: number;
  ok: boolean;
  unknownEmails: string[];
  invalidRows: string[];
  families: Array<{ family: string; passed: number; failed: number; notImportable: number }>;
  users: Array<{ email: string; family: string; outcome: string; type?: string; reason?: string }>;
}

describe('assess --credentials (built binary, bundled sample)', () => {
  it('verifies every source format of the sample and names the two non-importable hashes', async () => {
    const out = await run([sampleUsers, '--map', sampleMap, '--credentials', sampleCredentials]);
    expect(out.code).toBe(1); // the sample's own blocking problems (invalid email, duplicates, control char)
    expect(out.stdout).toContain(
      'Credential check (' +
        sampleCredentials +
        '): 24 passed, 0 failed, 2 not importable, 0 unknown email(s)',
    );
    for (const family of [
      'bcrypt ($2b$)',
      'bcrypt ($2y$)',
      'Django pbkdf2_sha256',
      'Django argon2 (argon2id)',
      'Werkzeug scrypt',
      'passlib $pbkdf2-sha512$',
      'passlib $scrypt$ln=',
      'ASP.NET Core Identity v3',
      'LDAP {SSHA}',
      'Firebase Auth export',
      'argon2 PHC (argon2id)',
    ]) {
      expect(out.stdout).toMatch(
        new RegExp(`\\n  ${family.replace(/[$()[\]{}.^]/g, '\\$&')}\\s+[1-9]\\s+0\\s`),
      );
    }
    expect(out.stdout).toMatch(/not importable: \S+ \(Django pbkdf2_sha256\): parameters_out_of_range/);
    expect(out.stdout).toMatch(/not importable: \S+ \(hex MD5 \(unsalted\)\): unsalted_digest/);
    expectNoSecret(out);
  });

  it('exits 0 when every importable hash verifies, and --json carries the per-family summary', async () => {
    const out = await run([cleanSource(), '--map', sampleMap, '--credentials', sampleCredentials, '--json']);
    expect(out.code).toBe(0);
    const check = (JSON.parse(out.stdout) as { credentials: CredentialJson }).credentials;
    expect(check).toMatchObject({ passed: 24, failed: 0, notImportable: 2, ok: true, unknownEmails: [] });
    expect(check.families.filter((f) => f.passed > 0)).toHaveLength(11);
    expect(check.users.map((u) => u.email).sort()).toEqual([...emails].sort());
    expectNoSecret(out);
  });

  it('a wrong password fails its family with exit 1; unknown emails and bad rows are reported, not echoed', async () => {
    const firebaseUser = sample.find(
      (u) => emails.includes(u.email as string) && u.passwordAlgorithm === 'firebase-scrypt',
    )!.email as string;
    const lines = credentialLines.map((l) =>
      l.startsWith(`${firebaseUser},`) ? `${firebaseUser.toUpperCase()},not-her-password-42` : l,
    );
    const csv = ['email,password', ...lines, 'nobody@example.com,secret-nobody-77', 'half@example.com,'].join(
      '\n',
    );
    const out = await run([cleanSource(), '--map', sampleMap, '--credentials', '-'], csv);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('23 passed, 1 failed, 2 not importable, 1 unknown email(s)');
    expect(out.stdout).toMatch(/\n {2}Firebase Auth export\s+2\s+1\s/);
    expect(out.stdout).toContain(`FAILED ${firebaseUser} (Firebase Auth export, firebase-scrypt)`);
    expect(out.stdout).toContain('not in the source: nobody@example.com');
    expect(out.stdout).toMatch(/skipped: stdin line \d+: empty password/);
    expect(out.stdout).not.toContain('not-her-password-42');
    expect(out.stdout).not.toContain('secret-nobody-77');
    expectNoSecret(out);
  });

  it('usage errors: a missing file, a file without the header, and stdin asked for twice', async () => {
    const missing = await run([sampleUsers, '--credentials', 'no-such.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read credentials file no-such.csv: ENOENT');
    const headerless = await run([sampleUsers, '--credentials', '-'], 'ann@example.com,hunter2-secret\n');
    expect(headerless.code).toBe(2);
    expect(headerless.stderr).toContain('the first line must be the header "email,password"');
    const both = await run(['-', '--format', 'ndjson', '--credentials', '-'], '');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('stdin cannot carry both');
  });
});
