import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DemoReport } from '../../src/rehearsal/demo.js';

const run = promisify(execFile);

describe('workos-migrator demo (the main job)', () => {
  it('rehearses the bundled sample end to end: every importable test user logs in, nothing unsettled', async () => {
    const { stdout } = await run('node', ['dist/cli/main.js', 'demo', '--json'], { maxBuffer: 1 << 26 });
    const report = JSON.parse(stdout) as DemoReport;
    expect(report.exitCode).toBe(0);

    // Every user the plan could send was created exactly once; the blocked ones were never sent.
    const sendable = report.assess.total - report.assess.lanes.blocked;
    expect(report.import.statuses.created).toBe(sendable);
    expect(report.import.statuses.blocked).toBe(report.assess.lanes.blocked);

    // The logins cover importable and non-importable users, and each behaves as its lane says.
    const importable = report.logins.filter((l) => l.lane === 'import-hash');
    expect(importable.length).toBeGreaterThanOrEqual(20);
    expect(importable.every((l) => l.verdict === 'accepted')).toBe(true);
    const others = report.logins.filter((l) => l.lane !== 'import-hash');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((l) => l.verdict === 'rejected')).toBe(true);
    expect(new Set(importable.map((l) => l.sourceFormat)).size).toBeGreaterThanOrEqual(8);

    expect(report.emulator.maxWritesInWindow).toBeLessThanOrEqual(report.emulator.writeLimit);
    expect(report.emulator.rateLimited).toBe(0);

    // The mapping file holds one WorkOS id per created user.
    const mapping = readFileSync(report.mappingFile, 'utf8').trim().split('\n');
    expect(mapping.length - 1).toBe(sendable);
    expect(mapping.slice(1).every((line) => /,user_[0-9A-Z]+/.test(line))).toBe(true);
  });

  const workDir = join(mkdtempSync(join(tmpdir(), 'demo-')), 'rehearsal', 'first');

  it('prints the rehearsal for people and never a password or hash', async () => {
    const { stdout, stderr } = await run('node', ['dist/cli/main.js', 'demo', '--work-dir', workDir], {
      maxBuffer: 1 << 26,
    });
    expect(stdout).toContain('Rehearsal passed');
    // The folder did not exist: it was made, and holds the rehearsal's journal and mapping.
    expect(existsSync(join(workDir, 'migration.db'))).toBe(true);
    expect(existsSync(join(workDir, 'mapping.csv'))).toBe(true);
    const sample = JSON.parse(readFileSync('samples/users.json', 'utf8')) as Array<{ passwordHash?: string }>;
    const creds = readFileSync('samples/test-credentials.csv', 'utf8').trim().split('\n').slice(1);
    for (const u of sample) if (u.passwordHash) expect(stdout + stderr).not.toContain(u.passwordHash);
    for (const line of creds) {
      const password = line.slice(line.indexOf(',') + 1);
      if (password.length >= 6) expect(stdout + stderr).not.toContain(password);
    }
  });

  it("refuses a folder holding an earlier rehearsal's journal, naming it", async () => {
    const second = await run('node', ['dist/cli/main.js', 'demo', '--work-dir', workDir]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`${workDir} holds the journal of an earlier rehearsal`);
  });
});
