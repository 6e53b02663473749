import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseHashConfig } from '../../src/presets/firebase.js';
import { repoRoot } from '../e2e/helpers.js';
import { fixtureDir } from './helpers.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'dist', 'cli', 'main.js');

/** Runs the built CLI; the exit code is the report's, so a non-zero one is an answer, not a failure. */
async function output(args: string[]): Promise<string> {
  try {
    const r = await run(process.execPath, [cli, ...args]);
    return r.stdout + r.stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return (e.stdout ?? '') + (e.stderr ?? '');
  }
}

describe('preset secrets stay out of what the CLI prints', () => {
  it('no Firebase hash, salt or project key in assess output (human and --json, with --credentials)', async () => {
    const dir = fixtureDir('firebase');
    const config = join(dir, 'hash-config.txt');
    const users = (
      JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')) as { users: Array<Record<string, string>> }
    ).users;
    const secrets = [
      parseHashConfig(readFileSync(config, 'utf8')).firebaseSignerKey!,
      ...users.flatMap((u) => [u.passwordHash, u.salt].filter((v): v is string => typeof v === 'string')),
      ...readFileSync(join(dir, 'passwords.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]!),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    const base = [
      'assess',
      join(dir, 'users.json'),
      '--preset',
      'firebase',
      '--param',
      `hash-config=${config}`,
    ];
    const printed = [
      await output(base),
      await output([...base, '--json']),
      await output([...base, '--credentials', join(dir, 'passwords.csv')]),
    ];
    expect(printed.join('\n')).toContain('firebase-scrypt');
    for (const s of secrets)
      for (const text of printed) expect(text.includes(s), `${s.slice(0, 4)}… printed`).toBe(false);
  });

  it("Devise's pepper is never printed, not even when the run is refused", async () => {
    const pepper = 'pepper-7f3a9c51e2';
    const source = `sqlite:${join(fixtureDir('devise'), 'app.db')}`;
    const ok = await output([
      'assess',
      source,
      '--preset',
      'devise',
      '--param',
      `pepper=${pepper}`,
      '--json',
    ]);
    expect(ok).toContain('peppered');
    const refused = await output([
      'assess',
      source,
      '--preset',
      'devise',
      '--param',
      `pepper=${pepper}`,
      '--param',
      'x=1',
    ]);
    expect(refused).toContain('has no parameter "x"');
    expect(ok + refused).not.toContain(pepper);
  });
});
