import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hashVector } from '../support/hash-vectors.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/main.js');
const fixture = (name: string) => join(root, 'test/fixtures/malformed', name);
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}
async function assess(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('node', [cli, 'assess', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface JsonReport {
  total: number;
  lanes: Record<string, number>;
  problems: Array<{ row: number; location: string; field: string; code: string; message: string }>;
}
async function assessJson(...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = await assess(...args, '--json');
  expect(out.stdout.trim().split('\n')).toHaveLength(1);
  return { code: out.code, report: JSON.parse(out.stdout) as JsonReport };
}
const assessed = (r: JsonReport) => r.total - r.lanes.blocked!;

describe('assess on a malformed corpus (built binary)', () => {
  it('truncated JSON: keeps every element before the cut, reports where it ends', async () => {
    const { code, report } = await assessJson(fixture('truncated.json'));
    expect(code).toBe(1);
    expect(report.total).toBe(3);
    expect(report.lanes.reset).toBe(2);
    expect(report.problems).toMatchObject([
      {
        row: 3,
        code: 'truncated_json',
        location: expect.stringMatching(/^line 4, column \d+ \(byte \d+\)$/),
      },
    ]);
  });

  it('a non-object array element is reported by position; the others are assessed', async () => {
    const { report } = await assessJson(fixture('non-object.json'));
    expect(report.problems.map((p) => `${p.location}:${p.code}`)).toEqual([
      'element 2:not_an_object',
      'element 3:not_an_object',
    ]);
    expect(assessed(report)).toBe(2);
  });

  it('broken CSV quoting is reported with its line, and the next rows are read', async () => {
    const { report } = await assessJson(fixture('broken-quoting.csv'));
    expect(report.problems).toMatchObject([{ row: 2, location: 'line 3', code: 'csv_quoting' }]);
    expect(report.total).toBe(3);
    expect(assessed(report)).toBe(2);
  });

  it('wrong types name the row and field; good records are assessed', async () => {
    const { report } = await assessJson(fixture('wrong-types.json'));
    expect(report.problems.map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual([
      '1:emailVerified:invalid_boolean',
      '2:email:wrong_type',
      '2:email:missing_email',
      '3:firstName:wrong_type',
    ]);
    expect(report.problems[0]!.message).toContain('"maybe"');
    expect(report.lanes).toMatchObject({ blocked: 3, reset: 1 });
  });

  it('BOM and CRLF are tolerated', async () => {
    const { code, report } = await assessJson(fixture('bom-crlf.csv'));
    expect(code).toBe(0);
    expect(report).toMatchObject({ total: 2, problems: [], lanes: { reset: 2 } });
  });

  it('invalid UTF-8 is reported on its line and field', async () => {
    const { report } = await assessJson(fixture('invalid-utf8.ndjson'));
    expect(report.problems).toMatchObject([
      { row: 1, location: 'line 1', field: 'firstName', code: 'invalid_utf8' },
    ]);
    expect(assessed(report)).toBe(1);
  });

  it('a bad NDJSON line is reported and the next line is read', async () => {
    const { report } = await assessJson(fixture('bad-line.ndjson'));
    expect(report.problems).toMatchObject([{ row: 2, location: 'line 2', code: 'invalid_json' }]);
    expect(assessed(report)).toBe(2);
  });

  it('an empty file is a blocking problem; zero users is clean', async () => {
    const empty = await assessJson(fixture('empty.json'));
    expect(empty.code).toBe(1);
    expect(empty.report).toMatchObject({ total: 0, problems: [{ code: 'empty_source' }] });
    for (const name of ['zero-users.json', 'zero-users.csv']) {
      const zero = await assessJson(fixture(name));
      expect(zero).toMatchObject({ code: 0, report: { total: 0, problems: [] } });
    }
  });
});

describe('assess with one damaged hash among good rows', () => {
  // A fuzz-found row: a passlib $pbkdf2-sha256$ with a line break inside, declared ssha. It made
  // assess exit 1 with a bare TypeError, naming no row and assessing nothing else.
  const passlib = hashVector('passlib-pbkdf2_sha256-default').source_hash!;
  const odd = `${passlib.slice(0, 40)}\n${passlib.slice(40)}`;
  const bcrypt = hashVector('bcrypt-2b-ascii').source_hash!;
  const users = [
    { email: 'good@example.com', passwordHash: bcrypt },
    { email: 'odd@example.com', passwordHash: odd, passwordAlgorithm: 'ssha' },
    { email: 'social@example.com', oauthProvider: 'google' },
    { email: 'reset@example.com' },
  ];

  it.each([
    ['ndjson', users.map((u) => JSON.stringify(u)).join('\n'), 'line 2'],
    ['json', JSON.stringify(users), 'element 2'],
    [
      'csv',
      'email,password_hash,password_algorithm,provider\n' +
        users
          .map((u) => [u.email, u.passwordHash ?? '', u.passwordAlgorithm ?? '', u.oauthProvider ?? ''])
          .map((cells) => cells.map((c) => (c.includes('\n') ? `"${c}"` : c)).join(','))
          .join('\n'),
      'line 3',
    ],
  ])(
    '%s: the odd row is reported with its row and reason, the others get their lanes',
    async (ext, text, location) => {
      const dir = mkdtempSync(join(tmpdir(), 'assess-odd-hash-'));
      const file = join(dir, `users.${ext}`);
      writeFileSync(file, `${text}\n`);
      const { code, report } = await assessJson(file);
      expect(code).toBe(1);
      expect(report.total).toBe(4);
      expect(report.lanes).toMatchObject({ 'import-hash': 1, blocked: 1, oauth: 1, reset: 1 });
      expect(report.problems).toMatchObject([
        { row: 2, location, field: 'passwordHash', code: 'malformed_hash' },
      ]);
      expect(report.problems[0]!.message).toContain('malformed passlib $pbkdf2-sha256$');
      expect(report.problems[0]!.message).not.toContain(passlib.slice(20, 40));
      const human = await assess(file);
      expect(human.stderr).not.toContain('TypeError');
      expect(human.stdout).toMatch(/malformed_hash \(1, blocking\)\n\s+row 2, /);
    },
  );
});

describe('assess options and exit codes', () => {
  it('exits 2 with a clear message on usage errors', async () => {
    const missing = await assess('does-not-exist.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read does-not-exist.json: ENOENT/);
    expect((await assess(fixture('empty.json'), '--format', 'xml')).code).toBe(2);
    expect((await assess('users.txt')).stderr).toMatch(/cannot tell the format/);
    expect((await assess(fixture('zero-users.json'), '--map', 'nope.yaml')).code).toBe(2);
  });

  it('--strict makes warnings blocking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-strict-'));
    const file = join(dir, 'u.ndjson');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '{"email":" padded@example.com "}\n'));
    expect((await assessJson(file)).code).toBe(0);
    const strict = await assessJson(file, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.report.lanes.blocked).toBe(1);
  });

  it('reads stdin with - and writes plan.json with the earlier duplicate revised to blocked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-out-'));
    const out = join(dir, 'plan.json');
    const child = execFile('node', [cli, 'assess', '-', '--format', 'ndjson', '--out', out, '--json'], {
      cwd: root,
    });
    child.stdin!.end(
      '{"email":"Ann@example.com","localId":"1"}\n{"email":"bo@example.com","oauthProvider":"github"}\n{"email":"ann@example.com","localId":"3"}\n',
    );
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
    expect(code).toBe(1);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as { users: Array<{ row: number; lane: string }> };
    expect(plan.users.map((u) => `${u.row}:${u.lane}`)).toEqual(['1:blocked', '2:oauth', '3:blocked']);
  });

  it('the human report groups problems with their rows and gives next steps', async () => {
    const { stdout, code } = await assess(fixture('wrong-types.json'));
    expect(code).toBe(1);
    expect(stdout).toContain('Assessed 4 record(s)');
    expect(stdout).toMatch(/invalid_boolean \(1, blocking\)\n\s+row 1, element 1 · emailVerified:/);
    expect(stdout).toContain('3 user(s) are blocked: fix the problems above');
    expect(stdout).toContain('1 user(s) will need a password reset: tell them before cutover.');
  });

  it('--json lists every problem in row order while the human report keeps a few rows per code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-many-'));
    const file = join(dir, 'u.ndjson');
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        email: i === 35 ? 'First@example.com' : i % 4 === 0 ? `bad${i}.example.com` : `u${i}@example.com`,
      }),
    );
    lines[2] = JSON.stringify({ email: 'first@example.com' });
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { code, report } = await assessJson(file);
    expect(code).toBe(1);
    const rows = report.problems.map((p) => `${p.row}:${p.code}`);
    const invalid = [1, 5, 9, 13, 17, 21, 25, 29, 33, 37].map((r) => `${r}:invalid_email`);
    // Row 3 is only known to be a duplicate at row 36: it arrives late and is still listed in order.
    expect(rows).toEqual([
      invalid[0],
      '3:duplicate_email_case',
      ...invalid.slice(1, 9),
      '36:duplicate_email_case',
      invalid[9],
    ]);
    const human = await assess(file);
    expect(human.stdout).toContain('invalid_email (10, blocking)');
    expect(human.stdout).toContain('… and 5 more (--json lists all)');
    expect(human.stdout).toMatch(/duplicate_email_case \(2, blocking\)\n\s+row 3 · email:/);
  });
});

describe('assess --out never writes a secret (built binary, real hashes from the vectors)', () => {
  const IDS = [
    'django-pbkdf2_sha256-600000',
    'werkzeug-pbkdf2-sha512-210000',
    'php-argon2id-default',
    'bcrypt-2y-cjk',
    'firebase-generated-nonascii',
    'sha1-password-then-salt-hex',
    'spring-scrypt-v5_8',
    'passlib-scrypt-ln12-r16-p2',
    'betterauth-scrypt-cjk',
    'spring-ldap-ssha',
    'django-pbkdf2_sha256-1200000', // not importable: its hash must not leak either
  ];
  const vectors = IDS.map(hashVector);
  const firebase = vectors.find((v) => v.workos_type === 'firebase-scrypt')!;
  const config = firebase.source_extra!.hash_config as Record<string, string | number>;

  function writeExport(dir: string): { source: string; map: string; credentials: string } {
    const users = vectors.map((v, i) => ({
      localId: `vec-${i}`,
      email: `vec${i}@example.com`,
      passwordHash: v.source_hash,
      ...(v.workos_type === 'firebase-scrypt' ? { passwordAlgorithm: 'firebase-scrypt' } : {}),
      ...(typeof v.source_extra?.salt === 'string' ? { salt: v.source_extra.salt } : {}),
    }));
    const source = join(dir, 'users.json');
    writeFileSync(source, JSON.stringify(users));
    const map = join(dir, 'map.json');
    writeFileSync(
      map,
      JSON.stringify({
        hashParams: {
          firebaseSignerKey: config.base64_signer_key,
          firebaseSaltSeparator: config.base64_salt_separator,
          firebaseRounds: config.rounds,
          firebaseMemCost: config.mem_cost,
        },
      }),
    );
    const credentials = join(dir, 'credentials.csv');
    writeFileSync(
      credentials,
      ['email,password', ...vectors.map((v, i) => `vec${i}@example.com,${v.password}`)].join('\n'),
    );
    return { source, map, credentials };
  }

  /** Every secret of the export, whole and as the tail a shortened display would keep. */
  function secrets(): string[] {
    const out = new Set<string>();
    const add = (s: unknown) => {
      if (typeof s !== 'string' || !s) return;
      out.add(s);
      if (s.length > 24) out.add(s.slice(-16));
    };
    for (const v of vectors) {
      add(v.source_hash);
      add(v.workos_hash);
      add(v.source_extra?.salt);
      // 'password' itself is a word the reports use; the others are unmistakable.
      if (v.password !== 'password') add(v.password);
    }
    add(config.base64_signer_key);
    add(config.base64_salt_separator);
    return [...out];
  }

  it('the plan, stdout and stderr contain no hash (source or converted), salt, Firebase key or password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-secrets-'));
    const { source, map, credentials } = writeExport(dir);
    const outJson = join(dir, 'plan-json.json');
    const outHuman = join(dir, 'plan-human.json');
    const json = await assess(source, '--map', map, '--credentials', credentials, '--out', outJson, '--json');
    const human = await assess(source, '--map', map, '--credentials', credentials, '--out', outHuman);

    // The run really read the hashes: everything but the out-of-range one is importable, and the
    // credential check proved the conversions, so a clean scan means the secrets were there to leak.
    const report = JSON.parse(json.stdout) as JsonReport & { credentials: { passed: number } };
    expect(report.total).toBe(IDS.length);
    expect(report.lanes['import-hash']).toBe(IDS.length - 1);
    expect(report.credentials.passed).toBe(IDS.length - 1);
    const plan = JSON.parse(readFileSync(outJson, 'utf8')) as { users: Array<{ row: number; lane: string }> };
    expect(plan.users).toHaveLength(IDS.length);

    const texts = {
      'plan (--json run)': readFileSync(outJson, 'utf8'),
      'plan (human run)': readFileSync(outHuman, 'utf8'),
      'stdout --json': json.stdout,
      'stderr --json': json.stderr,
      'stdout human': human.stdout,
      'stderr human': human.stderr,
    };
    // The scan finds what it looks for: every source hash, salt and key is in the input files.
    const inputs = [source, map, credentials].map((f) => readFileSync(f, 'utf8')).join('\n');
    const sourceSecrets = vectors.flatMap((v) => [v.source_hash!, (v.source_extra?.salt as string) ?? '']);
    expect(sourceSecrets.filter((s) => s && !inputs.includes(JSON.stringify(s).slice(1, -1)))).toEqual([]);
    expect(inputs).toContain(config.base64_signer_key);

    const leaks = Object.entries(texts).flatMap(([where, text]) =>
      secrets()
        .filter((s) => text.includes(s))
        .map((s) => `${where}: ${s.slice(0, 10)}…`),
    );
    expect(leaks).toEqual([]);
  });
});
